using System;
using System.Net;
using RaftEsp.Apps;

namespace RaftEsp.BoardAdapters
{
    /// <summary>
    /// The collector board's UDP link to the desktop monitor over Wi-Fi (the virtual collector's, a desktop socket on
    /// 127.0.0.1, is RaftEsp.Host's LoopbackDesktopLink). The board listens on <c>desktop-port</c>; the monitor
    /// (<c>--collector &lt;board-ip&gt;:&lt;port&gt;</c>) sends to it. Each datagram keeps its sender, so a reply (a
    /// challenge) goes to the sender of the datagram just read, and the stream goes only to the desktop the app
    /// attached (the sender of an attach that answered its challenge), never to whoever spoke last. Datagrams are
    /// checked by the app (docs/protocol.md), not here.
    /// </summary>
    public sealed class WifiDesktopLink : IDesktopLink, IDisposable
    {
        private readonly DatagramInbox inbox;
        private readonly UdpPort port;
        private readonly int localPort;
        private EndPoint lastSender;
        private EndPoint desktop;

        /// <summary>A link listening on <paramref name="localPort"/> (0: any free port) that queues datagrams in <paramref name="inbox"/>.</summary>
        public WifiDesktopLink(int localPort, DatagramInbox inbox)
        {
            this.inbox = inbox;
            this.localPort = localPort;
            port = new UdpPort(inbox);
        }

        /// <summary>The bound port (after <see cref="Start"/>).</summary>
        public int LocalPort => port.LocalPort;

        /// <summary>True once the app attached a desktop.</summary>
        public bool HasDesktop => desktop != null;

        /// <summary>Binds the port and starts receiving on every interface (the monitor is on another machine).</summary>
        public bool Start() => Start(IPAddress.Any);

        /// <summary>Binds the port on <paramref name="bindAddress"/> (the host tests use loopback) and starts receiving.</summary>
        public bool Start(IPAddress bindAddress) => port.Open(bindAddress, localPort, false);

        /// <inheritdoc />
        public bool Send(byte[] datagram, int length) => SendTo(desktop, datagram, length);

        /// <inheritdoc />
        public bool Reply(byte[] datagram, int length) => SendTo(lastSender, datagram, length);

        /// <inheritdoc />
        public void AttachLastSender()
        {
            if (lastSender != null) desktop = lastSender;
        }

        /// <inheritdoc />
        public int Receive(byte[] buffer)
        {
            int n = inbox.Take(buffer, out EndPoint from);
            if (n != 0) lastSender = from;
            return n;
        }

        /// <summary>Closes the socket.</summary>
        public void Dispose() => port.Dispose();

        private bool SendTo(EndPoint to, byte[] datagram, int length)
        {
            if (to == null || datagram == null || length <= 0 || length > datagram.Length) return false;
            return port.SendTo(datagram, length, to);
        }
    }
}
