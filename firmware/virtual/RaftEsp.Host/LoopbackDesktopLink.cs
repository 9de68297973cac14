using System.Net;
using System.Net.Sockets;
using RaftEsp.Apps;

namespace RaftEsp.Host;

/// <summary>
/// The virtual collector's link to the desktop: a UDP socket bound on 127.0.0.1 (<c>--listen</c>); the collector
/// board's is WifiDesktopLink in the board adapters. Datagrams from
/// anyone are queued (bounded) for the collector app, which checks their tags. Replies go to the endpoint of the last
/// datagram that <paramref name="isAuthenticHello"/> accepted (the desktop's hello, tagged with the cluster key), or
/// to a configured desktop endpoint until such a hello arrives. So a stranger on the loopback cannot redirect the
/// status stream: only a datagram carrying a valid tag moves it.
/// </summary>
public sealed class LoopbackDesktopLink : IDesktopLink, IDisposable
{
    private readonly Socket socket;
    private readonly Func<byte[], int, bool> isAuthenticHello;
    private readonly Queue<(byte[] Data, IPEndPoint From)> inbox = new();
    private readonly int capacity;
    private readonly Thread receiver;
    private readonly AutoResetEvent arrived = new(false);
    private volatile bool disposed;
    private IPEndPoint? desktop;
    private long received;
    private long sent;
    private long dropped;

    /// <param name="listen">where to bind (port 0 picks a free port; see <see cref="LocalEndPoint"/>)</param>
    /// <param name="isAuthenticHello">true when a datagram is a desktop hello with a valid tag</param>
    /// <param name="desktop">where to send before any authentic hello arrived, or null to stay silent until then</param>
    /// <param name="queueDatagrams">receive queue capacity; datagrams arriving while it is full are dropped</param>
    public LoopbackDesktopLink(IPEndPoint listen, Func<byte[], int, bool> isAuthenticHello, IPEndPoint? desktop = null, int queueDatagrams = 64)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(isAuthenticHello);
        this.isAuthenticHello = isAuthenticHello;
        this.desktop = desktop;
        capacity = Math.Max(1, queueDatagrams);
        socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        UdpSockets.IgnoreConnectionReset(socket);
        socket.ReceiveBufferSize = UdpSockets.ReceiveBufferBytes;
        socket.Bind(listen);
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = "desktop-link-rx" };
        receiver.Start();
    }

    /// <summary>Signalled when a datagram is queued.</summary>
    public WaitHandle Arrivals => arrived;

    /// <summary>The bound endpoint the desktop sends to.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Where replies go now, or null when no desktop is known.</summary>
    public IPEndPoint? Desktop
    {
        get
        {
            lock (inbox) return desktop;
        }
    }

    public long Received => Interlocked.Read(ref received);

    public long SentCount => Interlocked.Read(ref sent);

    /// <summary>Datagrams dropped because the queue was full or they were longer than the reader's buffer.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    /// <inheritdoc />
    public bool Send(byte[] datagram, int length)
    {
        IPEndPoint? target = Desktop;
        if (disposed || target == null || datagram == null || length <= 0 || length > datagram.Length) return false;
        try
        {
            socket.SendTo(datagram, 0, length, SocketFlags.None, target);
            Interlocked.Increment(ref sent);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public int Receive(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        while (true)
        {
            (byte[] Data, IPEndPoint From) next;
            lock (inbox)
            {
                if (inbox.Count == 0) return 0;
                next = inbox.Dequeue();
            }

            if (next.Data.Length > buffer.Length)
            {
                Interlocked.Increment(ref dropped);
                continue;
            }

            Array.Copy(next.Data, buffer, next.Data.Length);
            if (isAuthenticHello(buffer, next.Data.Length))
            {
                lock (inbox) desktop = next.From;
            }

            return next.Data.Length;
        }
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        socket.Dispose();
        receiver.Join(1000);
        arrived.Dispose();
    }

    private void ReceiveLoop()
    {
        byte[] buffer = new byte[65536];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (!disposed)
        {
            int n;
            try
            {
                n = socket.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref received);
            lock (inbox)
            {
                if (inbox.Count >= capacity)
                {
                    Interlocked.Increment(ref dropped);
                    continue;
                }

                inbox.Enqueue((buffer.AsSpan(0, n).ToArray(), (IPEndPoint)from));
            }

            arrived.Set();
        }
    }
}
