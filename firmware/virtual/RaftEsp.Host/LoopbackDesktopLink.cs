using System.Net;
using System.Net.Sockets;
using RaftEsp.Apps;

namespace RaftEsp.Host;

/// <summary>
/// The virtual collector's link to the desktop: a UDP socket bound on 127.0.0.1 (<c>--listen</c>); the collector
/// board's is WifiDesktopLink in the board adapters. Datagrams from anyone are queued (bounded) with their sender for
/// the collector app, which checks them. A reply (a challenge) goes to the sender of the datagram the app read last;
/// the stream goes only to the desktop the app attached (the sender of an attach that answered its challenge). So
/// neither a stranger on the loopback nor a recorded hello can redirect the status stream.
/// </summary>
public sealed class LoopbackDesktopLink : IDesktopLink, IDisposable
{
    private readonly Socket socket;
    private readonly Queue<(byte[] Data, IPEndPoint From)> inbox = new();
    private readonly int capacity;
    private readonly Thread receiver;
    private readonly AutoResetEvent arrived = new(false);
    private volatile bool disposed;
    private IPEndPoint? desktop;
    private IPEndPoint? lastSender;
    private long received;
    private long sent;
    private long dropped;

    /// <param name="listen">where to bind (port 0 picks a free port; see <see cref="LocalEndPoint"/>)</param>
    /// <param name="queueDatagrams">receive queue capacity; datagrams arriving while it is full are dropped</param>
    public LoopbackDesktopLink(IPEndPoint listen, int queueDatagrams = 64)
    {
        ArgumentNullException.ThrowIfNull(listen);
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

    /// <summary>Where the stream goes now, or null before a desktop attached.</summary>
    public IPEndPoint? Desktop
    {
        get
        {
            lock (inbox) return desktop;
        }
    }

    public long Received => Interlocked.Read(ref received);

    public long SentCount => Interlocked.Read(ref sent);

    /// <summary>Datagrams dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    /// <inheritdoc />
    public bool Send(byte[] datagram, int length) => SendTo(Desktop, datagram, length);

    /// <inheritdoc />
    public bool Reply(byte[] datagram, int length)
    {
        IPEndPoint? target;
        lock (inbox) target = lastSender;
        return SendTo(target, datagram, length);
    }

    /// <inheritdoc />
    public void AttachLastSender()
    {
        lock (inbox) desktop = lastSender ?? desktop;
    }

    /// <inheritdoc />
    public int Receive(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        (byte[] Data, IPEndPoint From) next;
        lock (inbox)
        {
            if (inbox.Count == 0) return 0;
            next = inbox.Dequeue();
            lastSender = next.From;
        }

        if (next.Data.Length > buffer.Length) return DesktopProtocol.TooLongForLink;
        Array.Copy(next.Data, buffer, next.Data.Length);
        return next.Data.Length;
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        socket.Dispose();
        receiver.Join(1000);
        arrived.Dispose();
    }

    private bool SendTo(IPEndPoint? target, byte[] datagram, int length)
    {
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
