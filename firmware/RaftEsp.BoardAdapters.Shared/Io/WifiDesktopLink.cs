using System;
using System.Net;
using RaftEsp.Apps;

namespace RaftEsp.BoardAdapters
{
    /// <summary>
    /// The collector board's UDP link to the desktop monitor over Wi-Fi (the virtual collector's, a desktop socket on
    /// 127.0.0.1, is RaftEsp.Host's LoopbackDesktopLink). The board listens on <c>desktop-port</c>; the monitor
    /// (<c>--collector &lt;board-ip&gt;:&lt;port&gt;</c>) sends to it, and the board answers whoever spoke last. Until the
    /// monitor has spoken, datagrams go to <c>desktop-host</c>:<c>desktop-port</c> when a host is configured, so the
    /// collector can report to a fixed PC too. Datagrams are tagged by the app (docs/protocol.md), not here.
    /// </summary>
    public sealed class WifiDesktopLink : IDesktopLink, IDisposable
    {
        private readonly FrameInbox inbox;
        private readonly UdpPort port;
        private readonly int localPort;
        private readonly IPEndPoint configured;

        /// <summary>
        /// A link listening on <paramref name="localPort"/> (0: any free port) that sends to
        /// <paramref name="desktopHost"/>:<paramref name="desktopPort"/> until a monitor speaks (no host: wait for one).
        /// </summary>
        public WifiDesktopLink(int localPort, string desktopHost, int desktopPort, FrameInbox inbox)
        {
            this.inbox = inbox;
            this.localPort = localPort;
            port = new UdpPort(inbox);
            IPAddress host = desktopPort > 0 ? HostAddress.Resolve(desktopHost) : null;
            if (host != null) configured = new IPEndPoint(host, desktopPort);
        }

        /// <summary>The bound port (after <see cref="Start"/>).</summary>
        public int LocalPort => port.LocalPort;

        /// <summary>True when <c>desktop-host</c> named a reachable address (datagrams can go out before a monitor speaks).</summary>
        public bool HasConfiguredHost => configured != null;

        /// <summary>True once a monitor has sent a datagram.</summary>
        public bool HasPeer => port.LastSender != null;

        /// <summary>Binds the port and starts receiving on every interface (the monitor is on another machine).</summary>
        public bool Start() => Start(IPAddress.Any);

        /// <summary>Binds the port on <paramref name="bindAddress"/> (the host tests use loopback) and starts receiving.</summary>
        public bool Start(IPAddress bindAddress) => port.Open(bindAddress, localPort, false);

        /// <inheritdoc />
        public bool Send(byte[] datagram, int length)
        {
            if (datagram == null || length <= 0 || length > datagram.Length) return false;
            EndPoint to = port.LastSender;
            if (to == null) to = configured;
            return to != null && port.SendTo(datagram, length, to);
        }

        /// <inheritdoc />
        public int Receive(byte[] buffer) => inbox.Take(buffer);

        /// <summary>Closes the socket.</summary>
        public void Dispose() => port.Dispose();
    }
}
