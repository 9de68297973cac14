#if RAFTESP_ESPNOW
using System;
using System.Diagnostics;
using nanoFramework.EspNow;
using RaftEsp.Apps;
using RaftEsp.Core;

namespace RaftEsp.BoardAdapters
{
    /// <summary>
    /// The radio over ESP-NOW, opt-in (RAFTESP_ESPNOW) for a custom firmware: the managed nanoFramework.EspNow library is
    /// not released and its native part is in no published nanoCLR (docs/flashing.md, "ESP-NOW firmware"). Every board with a <c>mac-&lt;id&gt;</c> line (the members and the collector) is registered as
    /// a peer, and the broadcast address FF:FF:FF:FF:FF:FF too. Frames for one node go to its address (ESP-NOW acknowledges
    /// them at the link layer); broadcasts have no acknowledgement, which Raft tolerates (docs/design.md). The
    /// receive event copies the frame into the inbox under its lock and wakes the app loop.
    /// </summary>
    public sealed class EspNowRadio : IRadio, IDisposable
    {
        private readonly FrameInbox inbox;
        private readonly PeerTable peers;
        private readonly byte channel;
        private readonly byte[] broadcast = MacAddress.NewBroadcast();
        private EspNowController controller;

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

        /// <summary>Frames from addresses that are not in the peer table (dropped).</summary>
        public int UnknownSenders { get; private set; }

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
                for (int i = 0; i < peers.Count; i++)
                {
                    if (peers.NodeAt(i) != ownId) controller.AddPeer(peers.MacAt(i), channel);
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
            byte[] mac = to == NodeId.Broadcast ? broadcast : peers.MacOf(to);
            if (mac == null) return false;
            try
            {
                radio.Send(mac, frame, length);
                return true;
            }
            catch (Exception)
            {
                // The ESP-NOW transmit queue is full or the peer vanished: the same as a frame lost in the air.
                SendFailures++;
                return false;
            }
        }

        /// <inheritdoc />
        public int Receive(byte[] buffer) => inbox.Take(buffer);

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
            if (e.Status != EspNowSendStatus.Success) DeliveryFailures++;
        }
    }
}
#endif
