namespace RaftEsp.Recording;

/// <summary>
/// Writes a recording (docs/recording.md) and keeps it under a cap: when the next record would pass
/// <see cref="CapBytes"/>, the oldest quarter of the records (at least enough to make room) is dropped at a record
/// boundary by copying the newest part, under a header that says from when it holds the run, to a new file renamed
/// over the old one. Records must come in time order. Thread-safe.
/// </summary>
public sealed class RecordingWriter : IDisposable
{
    /// <summary>The smallest cap the writer takes.</summary>
    public const long MinCapBytes = 16 * 1024;

    /// <summary>Bytes a record takes besides its payload: length, kind, time and CRC.</summary>
    public const int RecordOverhead = 17;

    private readonly object gate = new();
    private readonly byte[] buffer = new byte[RecordCodec.MaxPayload + RecordOverhead];
    private readonly List<(long Offset, long Micros)> marks = new();
    private readonly long markEvery;
    private RecordingHeader header;
    private FileStream stream;
    private long lastMarkOffset = -1;
    private bool disposed;

    private RecordingWriter(string path, RecordingHeader header, long capBytes, FileStream stream)
    {
        Path = path;
        this.header = header;
        CapBytes = capBytes;
        this.stream = stream;
        markEvery = Math.Max(1024, capBytes / 256);
    }

    /// <summary>The file written.</summary>
    public string Path { get; }

    /// <summary>The cap on the file's size, bytes.</summary>
    public long CapBytes { get; }

    /// <summary>The file's size now, bytes.</summary>
    public long Bytes
    {
        get { lock (gate) return stream.Position; }
    }

    /// <summary>0 while the file holds the whole run; else the time of its oldest record (older ones were dropped).</summary>
    public long DroppedBeforeMicros
    {
        get { lock (gate) return header.DroppedBeforeMicros; }
    }

    /// <summary>The time of the newest record (0 before any).</summary>
    public long LastMicros { get; private set; }

    /// <summary>Records written, over the whole run (dropped ones included).</summary>
    public long RecordsWritten { get; private set; }

    /// <summary>How many times the cap dropped old records.</summary>
    public int Compactions { get; private set; }

    /// <summary>Creates (or replaces) <paramref name="path"/> with <paramref name="header"/>.</summary>
    public static RecordingWriter Create(string path, RecordingHeader header, long capBytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(header);
        if (capBytes < MinCapBytes) throw new ArgumentOutOfRangeException(nameof(capBytes), capBytes, $"the cap is at least {MinCapBytes} bytes");
        FileStream stream = Open(path, FileMode.Create);
        try
        {
            Span<byte> head = stackalloc byte[RecordingHeader.Size];
            header.Write(head);
            stream.Write(head);
            return new RecordingWriter(path, header, capBytes, stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Appends one record at <paramref name="timeMicros"/> (not before the previous one).</summary>
    public void Append(long timeMicros, RecordBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (timeMicros < LastMicros) throw new ArgumentException($"records come in time order: {timeMicros} µs is before {LastMicros} µs", nameof(timeMicros));
            int payload = RecordCodec.Encode(body, buffer.AsSpan(13, RecordCodec.MaxPayload));
            int size = payload + RecordOverhead;
            if (size > CapBytes / 2) throw new ArgumentException($"a record of {size} bytes does not fit a {CapBytes}-byte cap", nameof(body));
            var w = new SpanWriter(buffer);
            w.U32((uint)payload);
            w.U8((int)body.Kind);
            w.I64(timeMicros);
            var tail = new SpanWriter(buffer.AsSpan(13 + payload));
            tail.U32(Crc32.Compute(buffer.AsSpan(0, 13 + payload)));
            if (stream.Position + size > CapBytes) DropOldest(size);
            long at = stream.Position;
            if (lastMarkOffset < 0 || at - lastMarkOffset >= markEvery)
            {
                marks.Add((at, timeMicros));
                lastMarkOffset = at;
            }

            stream.Write(buffer, 0, size);
            LastMicros = timeMicros;
            RecordsWritten++;
        }
    }

    /// <summary>Pushes what is written to the file (a reader sees every record so far).</summary>
    public void Flush()
    {
        lock (gate)
        {
            if (!disposed) stream.Flush();
        }
    }

    /// <summary>
    /// Drops the oldest records: at least a quarter of them and enough to fit <paramref name="incoming"/> bytes, up to
    /// the first mark (a record boundary) past that, by copying the rest under a new header to a new file.
    /// </summary>
    private void DropOldest(int incoming)
    {
        long end = stream.Position;
        long body = end - RecordingHeader.Size;
        long mustDrop = Math.Max(body / 4, end + incoming - CapBytes);
        int first = marks.FindIndex(m => m.Offset - RecordingHeader.Size >= mustDrop);
        long keepFrom = first < 0 ? end : marks[first].Offset;
        long droppedBefore = first < 0 ? LastMicros : marks[first].Micros;
        stream.Flush();
        string temp = Path + ".compacting";
        RecordingHeader next = header with { DroppedBeforeMicros = Math.Max(droppedBefore, 1) };
        using (FileStream copy = Open(temp, FileMode.Create))
        {
            Span<byte> head = stackalloc byte[RecordingHeader.Size];
            next.Write(head);
            copy.Write(head);
            stream.Position = keepFrom;
            stream.CopyTo(copy);
        }

        stream.Dispose();
        File.Move(temp, Path, overwrite: true);
        stream = Open(Path, FileMode.Open);
        stream.Seek(0, SeekOrigin.End);
        header = next;
        long shift = keepFrom - RecordingHeader.Size;
        var kept = marks.Skip(first < 0 ? marks.Count : first).Select(m => (m.Offset - shift, m.Micros)).ToList();
        marks.Clear();
        marks.AddRange(kept);
        lastMarkOffset = marks.Count > 0 ? marks[^1].Offset : -1;
        Compactions++;
    }

    private static FileStream Open(string path, FileMode mode) =>
        new(path, mode, FileAccess.ReadWrite, FileShare.Read, 64 * 1024);

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
            stream.Dispose();
        }
    }
}
