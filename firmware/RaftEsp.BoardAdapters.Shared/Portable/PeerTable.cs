using RaftEsp.Core;

namespace RaftEsp.BoardAdapters
{
    /// <summary>
    /// Which radio address each node id has: what ESP-NOW needs to send a frame to node 3, and to tell who sent a
    /// frame. Filled from the <c>mac-&lt;id&gt;</c> lines of the board's configuration file. Bounded: ESP-NOW keeps at
    /// most 20 peers, and one of them is the broadcast address.
    /// </summary>
    public sealed class PeerTable
    {
        /// <summary>Most addresses the table holds: ESP-NOW's 20 peers less the broadcast address (16 members and a collector fit).</summary>
        public const int MaxPeers = 19;

        private readonly int[] nodes = new int[MaxPeers];
        private readonly byte[][] macs = new byte[MaxPeers][];
        private int count;

        /// <summary>Peers in the table.</summary>
        public int Count => count;

        /// <summary>The node id of entry <paramref name="index"/> (0 ≤ index &lt; <see cref="Count"/>).</summary>
        public int NodeAt(int index) => nodes[index];

        /// <summary>The address of entry <paramref name="index"/> (0 ≤ index &lt; <see cref="Count"/>).</summary>
        public byte[] MacAt(int index) => macs[index];

        /// <summary>Adds a peer. Refuses (and changes nothing) an invalid id, a broadcast or repeated address, a repeated id, or a full table.</summary>
        public AdapterSettingsError Add(int nodeId, byte[] mac)
        {
            if (!NodeId.IsValid(nodeId)) return AdapterSettingsError.BadPeerId;
            if (mac == null || mac.Length != MacAddress.Length || MacAddress.IsBroadcast(mac)) return AdapterSettingsError.BadPeerMac;
            for (int i = 0; i < count; i++)
            {
                if (nodes[i] == nodeId || MacAddress.Same(macs[i], mac)) return AdapterSettingsError.DuplicatePeer;
            }

            if (count == MaxPeers) return AdapterSettingsError.TooManyPeers;
            byte[] copy = new byte[MacAddress.Length];
            System.Array.Copy(mac, copy, MacAddress.Length);
            nodes[count] = nodeId;
            macs[count] = copy;
            count++;
            return AdapterSettingsError.None;
        }

        /// <summary>The entry of <paramref name="nodeId"/>, or -1 when the table does not list it.</summary>
        public int IndexOf(int nodeId)
        {
            for (int i = 0; i < count; i++)
            {
                if (nodes[i] == nodeId) return i;
            }

            return -1;
        }

        /// <summary>The address of <paramref name="nodeId"/>, or null when the table does not list it.</summary>
        public byte[] MacOf(int nodeId)
        {
            for (int i = 0; i < count; i++)
            {
                if (nodes[i] == nodeId) return macs[i];
            }

            return null;
        }

        /// <summary>The node id whose address is <paramref name="mac"/>, or <see cref="NodeId.None"/>.</summary>
        public int NodeOf(byte[] mac)
        {
            for (int i = 0; i < count; i++)
            {
                if (MacAddress.Same(macs[i], mac)) return nodes[i];
            }

            return NodeId.None;
        }
    }
}
