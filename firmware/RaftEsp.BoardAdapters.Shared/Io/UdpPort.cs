using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace RaftEsp.BoardAdapters
{
    /// <summary>
    /// One bound UDP socket with a receive thread that hands each datagram, with its sender, to an
    /// <see cref="IDatagramSink"/> (a <see cref="FrameInbox"/> for the radio, a <see cref="DatagramInbox"/> for the
    /// desktop link). The receive buffer is allocated once, one byte longer than the sink takes, so a longer datagram
    /// reaches the sink as too long rather than cut. On the board
    /// <c>ReceiveFrom</c> returns the byte count into the caller's buffer (not a new array as desktop
    /// <c>UdpClient.Receive</c> does), which is what this class uses on both.
    /// </summary>
    public sealed class UdpPort : IDisposable
    {
        private readonly IDatagramSink inbox;
        private readonly byte[] receiveBuffer;
        private Socket socket;
        private Thread receiver;
        private bool closing;
        private int receiveErrors;

        /// <summary>A port that will deliver datagrams into <paramref name="inbox"/>.</summary>
        public UdpPort(IDatagramSink inbox)
        {
            this.inbox = inbox;
            // One byte more than the inbox takes, so an oversized datagram is seen as oversized, not as a full one.
            receiveBuffer = new byte[inbox.MaxFrameBytes + 1];
        }

        /// <summary>The port the socket is bound to (useful after binding port 0), or 0 before <see cref="Open"/>.</summary>
        public int LocalPort { get; private set; }

        /// <summary>Receive calls that failed (a datagram too long for the buffer, a network hiccup).</summary>
        public int ReceiveErrors => receiveErrors;

        /// <summary>
        /// Binds <paramref name="bindAddress"/>:<paramref name="port"/> (port 0: any free port), allows broadcast when
        /// asked, and starts the receive thread. Returns false, with the reason on the debug output, when it cannot.
        /// </summary>
        public bool Open(IPAddress bindAddress, int port, bool allowBroadcast)
        {
            try
            {
                Socket opened = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                if (allowBroadcast) opened.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Broadcast, true);
                opened.Bind(new IPEndPoint(bindAddress, port));
                socket = opened;
                LocalPort = ((IPEndPoint)opened.LocalEndPoint!).Port;
            }
            catch (SocketException e)
            {
                Debug.WriteLine("UDP: cannot bind port " + port.ToString() + ": " + e.Message);
                return false;
            }

            receiver = new Thread(ReceiveLoop);
            receiver.Start();
            return true;
        }

        /// <summary>Sends <paramref name="length"/> bytes to <paramref name="to"/>; false when the network refused them.</summary>
        public bool SendTo(byte[] data, int length, EndPoint to)
        {
            Socket open = socket;
            if (open == null || closing) return false;
            try
            {
                return open.SendTo(data, 0, length, SocketFlags.None, to) == length;
            }
            catch (SocketException)
            {
                return false; // no route or buffer space right now: the same as a frame lost in the air
            }
        }

        /// <summary>Closes the socket; the receive thread ends.</summary>
        public void Dispose()
        {
            closing = true;
            Socket open = socket;
            socket = null;
            if (open != null) open.Close();
        }

        private void ReceiveLoop()
        {
            Socket open = socket;
            while (!closing && open != null)
            {
                EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                int length;
                try
                {
                    length = open.ReceiveFrom(receiveBuffer, 0, receiveBuffer.Length, SocketFlags.None, ref from);
                }
                catch (SocketException)
                {
                    if (closing) return;
                    Interlocked.Increment(ref receiveErrors);
                    continue;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                if (length <= 0) continue;
                inbox.Deliver(receiveBuffer, length, from);
            }
        }
    }
}
