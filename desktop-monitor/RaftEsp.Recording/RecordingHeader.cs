namespace RaftEsp.Recording;

/// <summary>What wrote a recording.</summary>
public enum Recorder
{
    /// <summary>The desktop monitor, live: times are monitor time (since the monitor started).</summary>
    Monitor = 1,

    /// <summary>The simulator: times are simulated time.</summary>
    Simulator = 2,
}

/// <summary>
/// The recording's header (docs/recording.md): who recorded it, when it started (wall clock, Unix milliseconds), the
/// cluster's shape (founding boards, server node, database slots, cluster id; never the key), and
/// <see cref="DroppedBeforeMicros"/>: 0 when the file holds the run from its start, else the time of the oldest record
/// kept after the writer's cap dropped older ones.
/// </summary>
public sealed record RecordingHeader(
    Recorder Recorder,
    long StartUnixMillis,
    int Boards,
    int ServerNode,
    int SlotCount,
    int ClusterId,
    long DroppedBeforeMicros = 0)
{
    /// <summary>The file's first four bytes: "RREC".</summary>
    public static ReadOnlySpan<byte> Magic => "RREC"u8;

    /// <summary>The format version this code writes and reads.</summary>
    public const int Version = 1;

    /// <summary>Bytes of the header, its CRC included.</summary>
    public const int Size = 36;

    /// <summary>The start as a wall-clock time.</summary>
    public DateTimeOffset StartTime => DateTimeOffset.FromUnixTimeMilliseconds(StartUnixMillis);

    /// <summary>Writes the header into <paramref name="into"/> (<see cref="Size"/> bytes).</summary>
    public void Write(Span<byte> into)
    {
        if (Boards is < 1 or > 255) throw new InvalidOperationException($"header field Boards is {Boards}, not 1..255");
        if (ServerNode is < 0 or > 255) throw new InvalidOperationException($"header field ServerNode is {ServerNode}, not 0..255");
        if (SlotCount is < 0 or > 0xFFFF) throw new InvalidOperationException($"header field SlotCount is {SlotCount}, not 0..65535");
        if (ClusterId is < 0 or > 0xFFFF) throw new InvalidOperationException($"header field ClusterId is {ClusterId}, not 0..65535");
        if (DroppedBeforeMicros < 0) throw new InvalidOperationException($"header field DroppedBeforeMicros is {DroppedBeforeMicros}, not not negative");
        var w = new SpanWriter(into);
        w.Bytes(Magic);
        w.U16(Version);
        w.U8((int)Recorder);
        w.U8(0);
        w.I64(StartUnixMillis);
        w.U8(Boards);
        w.U8(ServerNode);
        w.U16(SlotCount);
        w.U16(ClusterId);
        w.U16(0);
        w.I64(DroppedBeforeMicros);
        w.U32(Crc32.Compute(into[..(Size - 4)]));
    }

    /// <summary>Reads a header; a wrong magic, version, field or CRC throws, with the offset of the byte at fault.</summary>
    public static RecordingHeader Read(ReadOnlySpan<byte> from)
    {
        if (from.Length < Size) throw Bad(from.Length, $"the file is {from.Length} bytes long, shorter than the {Size}-byte header");
        if (!from[..4].SequenceEqual(Magic)) throw Bad(0, "not a RaftEsp recording (the first bytes are not \"RREC\")");
        var r = new SpanReader(from);
        r.Skip(4);
        int version = r.U16();
        if (version != Version) throw Bad(4, $"format version {version}; this monitor reads version {Version}");
        uint crc = (uint)(from[Size - 4] | from[Size - 3] << 8 | from[Size - 2] << 16 | from[Size - 1] << 24);
        if (Crc32.Compute(from[..(Size - 4)]) != crc) throw Bad(Size - 4, "the header's checksum does not match its bytes");
        int recorder = r.U8();
        if (recorder is not ((int)Recorder.Monitor or (int)Recorder.Simulator)) throw Bad(6, $"unknown recorder {recorder}");
        r.Skip(1);
        long start = r.I64();
        int boards = r.U8();
        int server = r.U8();
        int slots = r.U16();
        int cluster = r.U16();
        r.Skip(2);
        long dropped = r.I64();
        if (boards < 1) throw Bad(16, "the header says the cluster has no boards");
        if (dropped < 0) throw Bad(24, "negative dropped-before time");
        return new RecordingHeader((Recorder)recorder, start, boards, server, slots, cluster, dropped);
    }

    private static RecordingFormatException Bad(long offset, string what) => new(what) { Offset = offset };
}
