using System.Net;
using System.Net.Sockets;
using RaftEsp.Core;
using RaftEsp.Ether;
using RaftEsp.Recording;

namespace RaftEsp.Monitor.Frames;

/// <summary>
/// Receives the virtual ether's mirror datagrams (docs/virtual-boards.md, "The mirror") on a loopback port, checks
/// their tag with the launcher's mirror key, and adds each frame to the <see cref="FrameFeed"/> with the fate of each
/// copy. A datagram that fails any check is counted by reason (<see cref="Refused"/>) and changes nothing; a gap in
/// the datagrams' sequence numbers is counted as lost and reported to the feed as unreported frames (an estimate).
/// <para>
/// Clocks: a record's time is on the ether's clock. The link maps it to the monitor's with the smallest
/// (arrival − sent) offset seen so far: loopback delivery takes microseconds, so the smallest is the truest.
/// </para>
/// </summary>
public sealed class EtherMirrorLink : IAsyncDisposable
{
    private readonly Socket socket;
    private readonly FrameFeed feed;
    private readonly ulong k0;
    private readonly ulong k1;
    private readonly Thread thread;
    private readonly Dictionary<MirrorError, long> refused = new();
    private readonly Lock countersGate = new();
    private long offsetMicros = long.MaxValue;
    private uint lastSequence;
    private long datagrams;
    private long frames;
    private long lostDatagrams;
    private volatile bool disposed;

    public EtherMirrorLink(byte[] mirrorKey, FrameFeed feed)
    {
        ArgumentNullException.ThrowIfNull(mirrorKey);
        ArgumentNullException.ThrowIfNull(feed);
        if (mirrorKey.Length != 16) throw new ArgumentException("the mirror key must be 16 bytes", nameof(mirrorKey));
        this.feed = feed;
        k0 = SipHash24.KeyHalf(mirrorKey, 0);
        k1 = SipHash24.KeyHalf(mirrorKey, 1);
        socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.ReceiveBufferSize = 1 << 20;
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)socket.LocalEndPoint!;
        thread = new Thread(ReceiveLoop) { IsBackground = true, Name = "ether-mirror" };
        thread.Start();
    }

    /// <summary>Where the ether should mirror to (the control command <c>mirror PORT</c>).</summary>
    public IPEndPoint EndPoint { get; }

    public long Datagrams => Interlocked.Read(ref datagrams);

    public long Frames => Interlocked.Read(ref frames);

    /// <summary>Datagrams missing from the sequence (lost on loopback, or sent before a restart).</summary>
    public long LostDatagrams => Interlocked.Read(ref lostDatagrams);

    /// <summary>Refused datagrams by reason.</summary>
    public IReadOnlyDictionary<MirrorError, long> Refused
    {
        get
        {
            lock (countersGate) return new Dictionary<MirrorError, long>(refused);
        }
    }

    /// <summary>Handles one datagram as if it had arrived now (the receive loop's step; tests call it directly).</summary>
    internal MirrorError Handle(byte[] data, int length)
    {
        var records = new List<MirrorRecord>();
        MirrorError error = MirrorDatagram.Decode(data, length, k0, k1, records, out uint sequence, out long sentMicros);
        if (error != MirrorError.None)
        {
            lock (countersGate) refused[error] = refused.GetValueOrDefault(error) + 1;
            return error;
        }

        long now = feed.NowMicros;
        offsetMicros = Math.Min(offsetMicros, now - sentMicros);
        Interlocked.Increment(ref datagrams);
        if (lastSequence != 0 && sequence > lastSequence + 1)
        {
            long missing = sequence - lastSequence - 1;
            Interlocked.Add(ref lostDatagrams, missing);
            // What a lost datagram held is unknown: count its likely share of frames, this one's size each.
            feed.AddUnreported(missing * Math.Max(1, records.Count));
        }

        lastSequence = sequence;
        foreach (MirrorRecord r in records)
        {
            FrameSummary s = FrameSummary.Read(r.Prefix, r.Length);
            var delivered = new List<int>(r.Copies.Count);
            var lost = new List<int>();
            foreach (MirrorCopy c in r.Copies) (c.Delivered ? delivered : lost).Add(c.Node);
            // From and to are the ether's (the envelope's): true even for a frame whose bytes are malformed.
            feed.Add(new FrameEvent(r.TimeMicros + offsetMicros, s.Type, r.From, r.To, r.Length, s.Entries, delivered, lost, FrameSource.Ether,
                s.Term, s.Index, s.Commit, s.Refused));
            Interlocked.Increment(ref frames);
        }

        return MirrorError.None;
    }

    public ValueTask DisposeAsync()
    {
        disposed = true;
        socket.Dispose();
        thread.Join(1000);
        return ValueTask.CompletedTask;
    }

    private void ReceiveLoop()
    {
        byte[] buffer = new byte[MirrorDatagram.MaxBytes + 1];
        while (!disposed)
        {
            int n;
            try
            {
                n = socket.Receive(buffer);
            }
            catch (SocketException)
            {
                continue; // an oversized datagram or an ICMP report: neither stops the link
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            Handle(buffer, n);
        }
    }
}
