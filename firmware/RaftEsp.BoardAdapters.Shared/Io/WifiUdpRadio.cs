using System;
using System.Net;
using RaftEsp.Apps;
using RaftEsp.Core;

namespace RaftEsp.BoardAdapters
{
    /// <summary>
    /// The radio on stock firmware: every frame is one UDP broadcast datagram on the Wi-Fi network, on the
    /// configured port (<c>radio-udp-port</c>). Frames carry their sender and receiver in the header (docs/wire-format.md),
    /// so broadcasting everything is enough: each board's core drops frames for other nodes (<c>NotForMe</c>) and its
    /// own echoes (<c>FromSelf</c>). Frames keep the 250-byte ESP-NOW limit so both radios carry the same traffic.
    /// </summary>
    public sealed class WifiUdpRadio : IRadio, IDisposable
    {
        private readonly FrameInbox inbox;
        private readonly UdpPort port;
        private readonly int portNumber;
        private readonly IPEndPoint broadcast;

        /// <summary>A radio on UDP port <paramref name="portNumber"/> sending to <paramref name="broadcastAddress"/>; received frames go to <paramref name="inbox"/>.</summary>
        public WifiUdpRadio(int portNumber, string broadcastAddress, FrameInbox inbox)
        {
            this.inbox = inbox;
            this.portNumber = portNumber;
            port = new UdpPort(inbox);
            broadcast = new IPEndPoint(IPAddress.Parse(broadcastAddress), portNumber);
        }

        /// <summary>Frames the network refused to send.</summary>
        public int SendFailures { get; private set; }

        /// <summary>The underlying port (its counters, for the debug output).</summary>
        public UdpPort Port => port;

        /// <summary>Binds the port and starts receiving; needs Wi-Fi connected first.</summary>
        public RadioStartError Start()
        {
            return port.Open(IPAddress.Any, portNumber, true) ? RadioStartError.None : RadioStartError.SocketFailed;
        }

        /// <inheritdoc />
        public bool Send(int to, byte[] frame, int length)
        {
            if (frame == null || length <= 0 || length > FrameLimits.MaxFrameBytes || length > frame.Length) return false;
            if (to != NodeId.Broadcast && !NodeId.IsValid(to)) return false;
            if (port.SendTo(frame, length, broadcast)) return true;
            SendFailures++;
            return false;
        }

        /// <inheritdoc />
        public int Receive(byte[] buffer) => inbox.Take(buffer);

        /// <inheritdoc />
        /// <remarks>A UDP send has left the socket when it returns.</remarks>
        public int Unsent => 0;

        /// <inheritdoc />
        public long LastReceivedMicros => inbox.LastTakenMicros;

        /// <summary>Closes the socket.</summary>
        public void Dispose() => port.Dispose();
    }
}
