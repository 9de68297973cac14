using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using RaftEsp.Core;

namespace RaftEsp.Ether;

/// <summary>
/// Mirrors every frame the ether carries to one loopback UDP endpoint (the monitor), in batches of
/// <see cref="MirrorDatagram"/> of at most 1,400 bytes, sent when full or every <see cref="FlushMillis"/> ms.
/// Off until <see cref="Start"/>; needs the mirror key (the launcher passes it in the environment,
/// <see cref="KeyVariable"/>, never on the command line where every user of the machine could read it).
/// Thread-safe: the radio thread records, a timer flushes.
/// </summary>
public sealed class EtherMirror : IDisposable
{
    /// <summary>The environment variable holding the mirror key, 32 hex digits.</summary>
    public const string KeyVariable = "RAFTESP_ETHER_MIRROR_KEY";

    /// <summary>A batch waits at most this long before it is sent.</summary>
    public const int FlushMillis = 20;

    private readonly Lock gate = new();
    private readonly byte[] batch = new byte[MirrorDatagram.MaxBytes];
    private readonly Socket socket;
    private readonly Timer flusher;
    private readonly ulong k0;
    private readonly ulong k1;
    private readonly long startTicks = Stopwatch.GetTimestamp();
    private IPEndPoint? target;
    private int length = MirrorDatagram.HeaderBytes;
    private int count;
    private long oldestMicros;
    private uint sequence;
    private long frames;
    private long datagrams;
    private bool disposed;

    /// <param name="key">the 16-byte mirror key, or null: the mirror cannot be started</param>
    public EtherMirror(byte[]? key)
    {
        if (key != null && key.Length != 16) throw new ArgumentException("the mirror key must be 16 bytes", nameof(key));
        HasKey = key != null;
        if (key != null)
        {
            k0 = SipHash24.KeyHalf(key, 0);
            k1 = SipHash24.KeyHalf(key, 1);
        }

        socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        flusher = new Timer(_ => Flush(force: false), null, FlushMillis, FlushMillis);
    }

    /// <summary>Whether the ether was given a mirror key.</summary>
    public bool HasKey { get; }

    /// <summary>Where the mirror sends, or null when it is off.</summary>
    public IPEndPoint? Target
    {
        get
        {
            lock (gate) return target;
        }
    }

    /// <summary>Whether a frame recorded now would be sent: the ether skips building the record when it is not.</summary>
    public bool Active => Volatile.Read(ref target) != null;

    /// <summary>Frames mirrored since the ether started.</summary>
    public long Frames => Interlocked.Read(ref frames);

    /// <summary>Datagrams sent.</summary>
    public long Datagrams => Interlocked.Read(ref datagrams);

    /// <summary>Microseconds since the ether started: the clock of every record.</summary>
    public long NowMicros => (long)Stopwatch.GetElapsedTime(startTicks).TotalMicroseconds;

    /// <summary>Reads the mirror key from the environment; null when absent, an error message when malformed.</summary>
    public static byte[]? KeyFromEnvironment(out string error)
    {
        error = "";
        string? hex = Environment.GetEnvironmentVariable(KeyVariable);
        if (string.IsNullOrEmpty(hex)) return null;
        try
        {
            byte[] key = Convert.FromHexString(hex);
            if (key.Length == 16) return key;
        }
        catch (FormatException)
        {
            // reported below
        }

        error = $"{KeyVariable} must be 32 hex digits";
        return null;
    }

    /// <summary>Starts mirroring to <paramref name="to"/> (a loopback endpoint); replaces an earlier target.</summary>
    public void Start(IPEndPoint to)
    {
        ArgumentNullException.ThrowIfNull(to);
        if (!HasKey) throw new InvalidOperationException($"the ether has no mirror key (the launcher sets {KeyVariable})");
        if (!IPAddress.IsLoopback(to.Address) || to.Port == 0) throw new ArgumentException($"the mirror sends to a loopback endpoint only, not {to}", nameof(to));
        lock (gate)
        {
            Reset();
            target = to;
        }
    }

    /// <summary>Stops mirroring; a batch not sent yet is dropped.</summary>
    public void Stop()
    {
        lock (gate)
        {
            target = null;
            Reset();
        }
    }

    /// <summary>Records one frame the ether received at <paramref name="timeMicros"/> (<see cref="NowMicros"/>).</summary>
    public void Record(long timeMicros, int from, int to, ReadOnlySpan<byte> frame, IReadOnlyList<MirrorCopy> copies)
    {
        if (frame.Length < 1 || frame.Length > FrameLimits.MaxFrameBytes) return;
        int size = MirrorDatagram.RecordBytes(Math.Min(frame.Length, MirrorDatagram.PrefixBytes), Math.Min(copies.Count, 255));
        lock (gate)
        {
            if (target == null) return;
            if (count == 255 || length + size > MirrorDatagram.MaxBytes - MirrorDatagram.TagBytes) SendLocked();
            if (count == 0) oldestMicros = timeMicros;
            IReadOnlyList<MirrorCopy> kept = copies.Count <= 255 ? copies : copies.Take(255).ToList();
            // The age is relative to the send time, which is not known yet: write the time now, fix it up on send.
            length = MirrorDatagram.WriteRecord(batch, length, (uint)Math.Clamp(timeMicros - oldestMicros, 0, uint.MaxValue), from, to, frame, kept);
            count++;
            Interlocked.Increment(ref frames);
        }
    }

    /// <summary>"mirror=127.0.0.1:P frames=N datagrams=M", or "mirror=off ...".</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"mirror={(Target?.ToString() ?? "off")} key={(HasKey ? "yes" : "no")} frames={Frames} datagrams={Datagrams}");

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
            target = null;
        }

        flusher.Dispose();
        socket.Dispose();
    }

    private void Flush(bool force)
    {
        lock (gate)
        {
            if (target == null || count == 0) return;
            if (!force && NowMicros - oldestMicros < FlushMillis * 1000 / 2) return; // young batch: let it fill a little
            SendLocked();
        }
    }

    // Records hold their offset from the batch's oldest frame; the wire wants their age before the send time.
    private void SendLocked()
    {
        if (count == 0 || target == null) return;
        long sent = NowMicros;
        int o = MirrorDatagram.HeaderBytes;
        for (int i = 0; i < count; i++)
        {
            uint offset = BitConverter.ToUInt32(batch, o);
            long age = Math.Clamp(sent - (oldestMicros + offset), 0, uint.MaxValue);
            BitConverter.TryWriteBytes(batch.AsSpan(o), (uint)age);
            int prefix = batch[o + 7];
            int copies = batch[o + 8 + prefix];
            o += MirrorDatagram.RecordBytes(prefix, copies);
        }

        MirrorDatagram.WriteHeader(batch, ++sequence, sent, count);
        int n = MirrorDatagram.Seal(batch, length, k0, k1);
        try
        {
            socket.SendTo(batch.AsSpan(0, n), SocketFlags.None, target);
            Interlocked.Increment(ref datagrams);
        }
        catch (SocketException)
        {
            // the monitor is gone (its port closed): the mirror keeps going, as the ether does for a dead board
        }
        catch (ObjectDisposedException)
        {
            // shutting down
        }

        Reset();
    }

    private void Reset()
    {
        length = MirrorDatagram.HeaderBytes;
        count = 0;
    }
}
