using System.Net;
using System.Net.Sockets;
using RaftEsp.Apps;
using RaftEsp.Core;

namespace RaftEsp.Host;

/// <summary>
/// A virtual board's radio: frames go to the ether process over loopback UDP, wrapped in <see cref="EtherEnvelope"/>.
/// A receive thread fills a bounded <see cref="FrameQueue"/> (under a lock) and signals <see cref="WaitForFrame"/>,
/// so the board loop sleeps until a frame arrives or its next tick is due. A hello goes out at start and twice a
/// second, so the ether learns this board's endpoint even if it restarted after the board did.
/// </summary>
public sealed class EtherRadio : IRadio, IDisposable
{
    private const int HelloIntervalMillis = 500;

    private readonly Socket socket;
    private readonly IPEndPoint ether;
    private readonly int node;
    private readonly bool sniffer;
    private readonly FrameQueue queue;
    private readonly AutoResetEvent arrived = new(false);
    private readonly byte[] sendBuffer = new byte[EtherEnvelope.MaxDatagramBytes];
    private readonly byte[] helloBuffer = new byte[3];
    private readonly Lock sendLock = new();
    private readonly Thread receiver;
    private readonly Timer hello;
    private volatile bool disposed;
    private long sent;
    private long refused;
    private long foreign;

    /// <summary>Opens a UDP socket on 127.0.0.1 (an ephemeral port) and starts receiving.</summary>
    /// <param name="node">this board's node id (0-254)</param>
    /// <param name="ether">the ether's radio endpoint</param>
    /// <param name="sniffer">also hear unicast frames addressed to other nodes (the collector may ask for it)</param>
    /// <param name="queueFrames">receive queue capacity; frames arriving while it is full are dropped</param>
    public EtherRadio(int node, IPEndPoint ether, bool sniffer = false, int queueFrames = 64)
    {
        if (!NodeId.IsValid(node)) throw new ArgumentOutOfRangeException(nameof(node), node, "node id must be 0-254");
        ArgumentNullException.ThrowIfNull(ether);
        this.node = node;
        this.ether = ether;
        this.sniffer = sniffer;
        queue = new FrameQueue(queueFrames, FrameLimits.MaxFrameBytes);
        socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        UdpSockets.IgnoreConnectionReset(socket);
        socket.ReceiveBufferSize = UdpSockets.ReceiveBufferBytes;
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = "ether-radio-rx" };
        receiver.Start();
        hello = new Timer(_ => SendHello(), null, 0, HelloIntervalMillis);
    }

    /// <summary>Signalled when a frame is queued (for loops that also wait on other inputs, with WaitHandle.WaitAny).</summary>
    public WaitHandle Arrivals => arrived;

    /// <summary>The board's own UDP endpoint.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Frames handed to the ether.</summary>
    public long Sent => Interlocked.Read(ref sent);

    /// <summary>Frames refused because they exceed the radio's 250 bytes (a bug in the sender; the ether logs it too).</summary>
    public long Refused => Interlocked.Read(ref refused);

    /// <summary>Datagrams that did not come from the ether or were not deliveries; ignored.</summary>
    public long Foreign => Interlocked.Read(ref foreign);

    /// <summary>Frames dropped because the receive queue was full.</summary>
    public int QueueOverflows
    {
        get
        {
            lock (queue) return queue.Overflows;
        }
    }

    /// <inheritdoc />
    public bool Send(int to, byte[] frame, int length)
    {
        if (disposed || frame == null || length <= 0 || length > frame.Length) return false;
        if (to != NodeId.Broadcast && !NodeId.IsValid(to)) return false;
        bool tooLong = length > FrameLimits.MaxFrameBytes;
        lock (sendLock)
        {
            // An oversized frame still goes to the ether, which drops it and reports the bug where everyone sees it.
            int n = EtherEnvelope.WriteSend(sendBuffer, node, to, frame, length);
            if (n > 0 && !TrySend(sendBuffer, n) && !tooLong) return false;
        }

        if (tooLong)
        {
            Interlocked.Increment(ref refused);
            return false;
        }

        Interlocked.Increment(ref sent);
        return true;
    }

    /// <inheritdoc />
    /// <remarks>The datagram to the ether has left the socket when <see cref="Send"/> returns.</remarks>
    public int Unsent => 0;

    /// <inheritdoc />
    public int Receive(byte[] buffer)
    {
        lock (queue)
        {
            int n = queue.Read(buffer);
            LastReceivedMicros = queue.LastReadStamp;
            return n;
        }
    }

    /// <inheritdoc />
    public long LastReceivedMicros { get; private set; }

    /// <summary>Waits until a frame is queued or <paramref name="timeoutMillis"/> pass; true when a frame is waiting.</summary>
    public bool WaitForFrame(int timeoutMillis)
    {
        lock (queue)
        {
            if (queue.Count > 0) return true;
        }

        if (timeoutMillis > 0) arrived.WaitOne(timeoutMillis);
        lock (queue) return queue.Count > 0;
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        hello.Dispose();
        socket.Dispose();
        receiver.Join(1000);
        arrived.Dispose();
    }

    private void SendHello()
    {
        if (disposed) return;
        lock (sendLock)
        {
            int n = EtherEnvelope.WriteHello(helloBuffer, node, sniffer);
            TrySend(helloBuffer, n);
        }
    }

    private bool TrySend(byte[] datagram, int length)
    {
        try
        {
            socket.SendTo(datagram, 0, length, SocketFlags.None, ether);
            return true;
        }
        catch (SocketException)
        {
            return false; // the ether is not running (yet): a radio with nobody in range loses the frame
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    private void ReceiveLoop()
    {
        byte[] datagram = new byte[EtherEnvelope.MaxDatagramBytes];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (!disposed)
        {
            int n;
            try
            {
                n = socket.ReceiveFrom(datagram, ref from);
            }
            catch (SocketException)
            {
                continue; // an ICMP error from an earlier send to an absent ether (Windows reports those here)
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            if (!ether.Equals(from) || n <= EtherEnvelope.FrameHeaderBytes || datagram[0] != EtherEnvelope.Deliver)
            {
                Interlocked.Increment(ref foreign);
                continue;
            }

            long now = SystemClock.CurrentMicros;
            lock (queue) queue.Write(datagram, EtherEnvelope.FrameHeaderBytes, n - EtherEnvelope.FrameHeaderBytes, now);
            arrived.Set();
        }
    }
}
