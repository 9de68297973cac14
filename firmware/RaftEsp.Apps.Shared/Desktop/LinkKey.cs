namespace RaftEsp.Apps
{
    /// <summary>The cluster id and the two SipHash key halves of the collector-desktop link, computed once.</summary>
    public sealed class LinkKey
    {
        /// <summary>Prepares the key of cluster <paramref name="clusterId"/> (16 bits) from its 16-byte cluster key.</summary>
        public LinkKey(int clusterId, byte[] clusterKey)
        {
            if (clusterKey == null || clusterKey.Length != 16) throw new System.ArgumentException("the cluster key must be 16 bytes");
            if (clusterId < 0 || clusterId > 0xFFFF) throw new System.ArgumentException("the cluster id must fit 16 bits");
            ClusterId = clusterId;
            K0 = RaftEsp.Core.SipHash24.KeyHalf(clusterKey, 0);
            K1 = RaftEsp.Core.SipHash24.KeyHalf(clusterKey, 1);
        }

        /// <summary>The cluster id every datagram carries.</summary>
        public int ClusterId { get; }

        /// <summary>SipHash key, bytes 0..7 little-endian.</summary>
        public ulong K0 { get; }

        /// <summary>SipHash key, bytes 8..15 little-endian.</summary>
        public ulong K1 { get; }
    }
}
