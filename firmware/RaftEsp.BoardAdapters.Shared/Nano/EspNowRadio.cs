#if RAFTESP_ESPNOW
using System;
using System.Diagnostics;
using System.Threading;
using nanoFramework.EspNow;
using RaftEsp.Apps;
using RaftEsp.Core;

namespace RaftEsp.BoardAdapters
{
    /// <summary>
    /// The radio over ESP-NOW, opt-in (RAFTESP_ESPNOW) for a custom firmware: the managed nanoFramework.EspNow library is
    /// not released and its native part is in no published nanoCLR (docs/flashing.md, "ESP-NOW firmware"). The broadcast
    /// address FF:FF:FF:FF:FF:FF, the founding members and the collector are registered as peers at start (on the
    /// collector: every board with a <c>mac-&lt;id&gt;</c> line, since it polls joiners too); another listed board is
    /// registered when this board first sends to it, which a node does once a membership change that adds the board
    /// takes effect in its configuration (docs/flashing.md, "ESP-NOW: peers"). The table holds at most 19 addresses,
    /// so the registered peers never pass ESP-NOW's 20. Frames for one node go to its address (ESP-NOW acknowledges
    /// them at the link layer); broadcasts have no acknowledgement, which Raft tolerates (docs/design.md). The
    /// receive event copies the frame into the inbox under its lock and wakes the app loop.
    /// </summary>
    public sealed class EspNowRadio : IRadio, IDisposable
    {
        private readonly FrameInbox inbox;
        private readonly PeerTable peers;
        private readonly byte channel;
        private readonly byte[] broadcast = MacAddress.NewBroadcast();
        private readonly bool[] registered = new bool[PeerTable.MaxPeers];
        private EspNowController controller;
        private int unsent;
        private long lastSendActivityMicros;

        /// <summary>
        /// How long the radio may hold frames without one send callback before the count is taken as lost: longer
        /// than any one frame can take (7 attempts, each at most the largest backoff, 1,023 slots of 20 µs, and its
        /// airtime: about 160 ms), shorter than a leader can wait without its followers timing out. A callback lost
        /// on its way to managed code (an event queue that overflowed) must not leave a leader holding its appends.
        /// </summary>
        public const long StaleUnsentMicros = 250000;

        /// <summary>A radio sending to the <paramref name="peers"/> on Wi-Fi channel <paramref name="channel"/> (0: current).</summary>
        public EspNowRadio(PeerTable peers, int channel, FrameInbox inbox)
        {
            this.peers = peers;
            this.channel = (byte)channel;
            this.inbox = inbox;
        }

        /// <summary>Frames ESP-NOW refused to queue.</summary>
        public int SendFailures { get; private set; }

        /// <summary>Frames whose link-layer delivery failed (unicast only; reported by the DataSent event).</summary>
        public int DeliveryFailures { get; private set; }

        /// <inheritdoc />
        public int Unsent
        {
            get
            {
                if (unsent > 0 && BoardClock.CurrentMicros - lastSendActivityMicros > StaleUnsentMicros)
                {
                    // No callback for far longer than a frame can take: the ones missing are not coming.
                    Interlocked.Exchange(ref unsent, 0);
                    LostSendCallbacks++;
                }

                return unsent;
            }
        }

        /// <summary>Times the unsent count was cleared because no send callback came (<see cref="StaleUnsentMicros"/>).</summary>
        public int LostSendCallbacks { get; private set; }

        /// <summary>Frames from addresses that are not in the peer table (dropped).</summary>
        public int UnknownSenders { get; private set; }

        /// <summary>Boards registered with ESP-NOW as peers (the broadcast address not counted).</summary>
        public int RegisteredPeers { get; private set; }

        /// <summary>
        /// Starts ESP-NOW and registers the broadcast address and every peer in the table. Every member and the
        /// collector (<paramref name="collectorId"/>) other than this board (<paramref name="ownId"/>) must have an
        /// address: the collector polls every member and each answers it directly.
        /// </summary>
        public RadioStartError Start(byte[] members, int collectorId, int ownId)
        {
            for (int i = 0; i <= members.Length; i++)
            {
                int id = i < members.Length ? members[i] : collectorId;
                if (id != ownId && peers.MacOf(id) == null)
                {
                    Debug.WriteLine("ESP-NOW: no mac-" + id.ToString() + " line for " + (i < members.Length ? "member " : "the collector ") + id.ToString());
                    return RadioStartError.MissingPeer;
                }
            }

            try
            {
                controller = new EspNowController();
            }
            catch (Exception e)
            {
                // No published nanoCLR has a native ESP-NOW part: it must be a custom build matching this library.
                Debug.WriteLine("ESP-NOW: cannot start (" + e.Message + "). This nanoCLR has no native ESP-NOW part matching nanoFramework.EspNow: no published image has one; build one (docs/flashing.md, ESP-NOW firmware) or use radio=udp");
                return RadioStartError.EspNowInitFailed;
            }

            controller.DataReceived += OnDataReceived;
            controller.DataSent += OnDataSent;
            try
            {
                controller.AddPeer(broadcast, channel);
                bool everyone = ownId == collectorId;
                for (int i = 0; i < peers.Count; i++)
                {
                    int node = peers.NodeAt(i);
                    if (node != ownId && (everyone || node == collectorId || Contains(members, node))) Register(controller, i);
                }
            }
            catch (Exception e)
            {
                Debug.WriteLine("ESP-NOW: cannot register a peer: " + e.Message);
                return RadioStartError.MissingPeer;
            }

            return RadioStartError.None;
        }

        /// <inheritdoc />
        public bool Send(int to, byte[] frame, int length)
        {
            EspNowController radio = controller;
            if (radio == null || frame == null || length <= 0 || length > FrameLimits.MaxFrameBytes || length > frame.Length) return false;
            int peer = to == NodeId.Broadcast ? -1 : peers.IndexOf(to);
            if (to != NodeId.Broadcast && peer < 0) return false;
            byte[] mac = peer < 0 ? broadcast : peers.MacAt(peer);
            bool counted = false;
            try
            {
                // A listed board outside the founders: first needed now that a change added it to the configuration.
                if (peer >= 0 && !registered[peer]) Register(radio, peer);
                // Counted before the call: the send callback may run on its own thread before Send returns.
                if (Interlocked.Increment(ref unsent) == 1) lastSendActivityMicros = BoardClock.CurrentMicros;
                counted = true;
                radio.Send(mac, frame, length);
                return true;
            }
            catch (Exception)
            {
                // The ESP-NOW transmit queue is full or the peer vanished: the same as a frame lost in the air.
                if (counted) Interlocked.Decrement(ref unsent);
                SendFailures++;
                return false;
            }
        }

        /// <inheritdoc />
        public int Receive(byte[] buffer) => inbox.Take(buffer);

        /// <inheritdoc />
        public long LastReceivedMicros => inbox.LastTakenMicros;

        private void Register(EspNowController radio, int peer)
        {
            radio.AddPeer(peers.MacAt(peer), channel);
            registered[peer] = true;
            RegisteredPeers++;
        }

        private static bool Contains(byte[] ids, int node)
        {
            for (int i = 0; i < ids.Length; i++)
            {
                if (ids[i] == node) return true;
            }

            return false;
        }

        /// <summary>Stops ESP-NOW.</summary>
        public void Dispose()
        {
            EspNowController radio = controller;
            controller = null;
            if (radio != null) radio.Dispose();
        }

        private void OnDataReceived(object sender, nanoFramework.EspNow.DataReceivedEventArgs e)
        {
            // Frames from boards outside the table are not ours (another cluster nearby): drop them early.
            if (peers.NodeOf(e.PeerMac) == NodeId.None)
            {
                UnknownSenders++;
                return;
            }

            inbox.Put(e.Data, 0, e.DataLen);
        }

        private void OnDataSent(object sender, nanoFramework.EspNow.DataSentEventArgs e)
        {
            // ESP-NOW calls back once per frame it took, delivered or not: the radio is done with it.
            // The last one done: wake the app loop, whose leader may be holding an append for this moment.
            lastSendActivityMicros = BoardClock.CurrentMicros;
            int left = Interlocked.Decrement(ref unsent);
            if (left < 0) Interlocked.Increment(ref unsent); // a late callback of a count already cleared as stale
            if (left == 0) inbox.Arrived.Set();
            if (e.Status != EspNowSendStatus.Success) DeliveryFailures++;
        }
    }
}
#endif
