namespace RaftEsp.Recording;

/// <summary>A recording read whole: its header, its records in time order, its size.</summary>
public sealed record RecordingFile(string Path, RecordingHeader Header, IReadOnlyList<Recorded> Records, long Bytes)
{
    /// <summary>The time of the first record kept (the dropped-before time, or 0).</summary>
    public long StartMicros => Header.DroppedBeforeMicros > 0 ? Header.DroppedBeforeMicros : 0;

    /// <summary>The time of the last record (0 for none).</summary>
    public long EndMicros => Records.Count > 0 ? Records[^1].TimeMicros : StartMicros;
}

/// <summary>
/// Reads a recording (docs/recording.md) whole, or refuses it whole: a wrong magic or version, a bad checksum, a
/// length or field out of range, a record cut short, time going back — each is a <see cref="RecordingFormatException"/>
/// naming the file, the byte and what was wrong. Nothing of a refused file is returned.
/// </summary>
public static class RecordingReader
{
    /// <summary>Files larger than this are refused (they are not ours: the writer's cap is far lower).</summary>
    public const long MaxFileBytes = 1L << 31;

    private const int RecordHead = 13;

    /// <summary>Reads <paramref name="path"/>.</summary>
    public static RecordingFile Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) throw new RecordingFormatException($"{path}: no such file");
            if (info.Length >= MaxFileBytes) throw new RecordingFormatException($"{path}: {info.Length} bytes is larger than any recording ({MaxFileBytes - 1} at most)");
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RecordingFormatException($"{path}: cannot read it: {e.Message}", e);
        }

        return Read(bytes, path);
    }

    /// <summary>Reads a recording held in <paramref name="bytes"/>; <paramref name="name"/> names it in errors.</summary>
    public static RecordingFile Read(byte[] bytes, string name)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        RecordingHeader header;
        try
        {
            header = RecordingHeader.Read(bytes);
        }
        catch (RecordingFormatException e)
        {
            throw At(name, e.Offset, "header: " + e.Message);
        }

        var records = new List<Recorded>();
        long last = header.DroppedBeforeMicros;
        int o = RecordingHeader.Size;
        while (o < bytes.Length)
        {
            int left = bytes.Length - o;
            if (left < RecordHead) throw At(name, o, $"truncated: record {records.Count + 1} starts here but the file ends {left} bytes later, inside its {RecordHead}-byte head");
            uint length = BitConverter.ToUInt32(bytes, o);
            int kind = bytes[o + 4];
            long time = BitConverter.ToInt64(bytes, o + 5);
            if (length > RecordCodec.MaxPayload) throw At(name, o, $"record {records.Count + 1} says it is {length} bytes long, over the {RecordCodec.MaxPayload}-byte limit (corrupt)");
            long size = RecordHead + length + 4;
            if (size > left) throw At(name, o, $"truncated: record {records.Count + 1} needs {size} bytes but the file ends {left} bytes after its start");
            uint stored = BitConverter.ToUInt32(bytes, o + RecordHead + (int)length);
            if (Crc32.Compute(bytes.AsSpan(o, RecordHead + (int)length)) != stored) throw At(name, o, $"record {records.Count + 1}'s checksum does not match its bytes (corrupt)");
            if (time < last) throw At(name, o + 5, $"record {records.Count + 1}'s time {time} µs is before the previous {last} µs");
            RecordBody body;
            try
            {
                body = RecordCodec.Decode(kind, bytes.AsSpan(o + RecordHead, (int)length));
            }
            catch (RecordingFormatException e)
            {
                long at = e.Offset < 0 ? o + 4 : o + RecordHead + e.Offset;
                throw At(name, at, $"record {records.Count + 1} ({KindName(kind)} at {time} µs): {e.Message}");
            }

            if (body is FrameRecord f) body = new FrameRecord(f.Frame with { TimeMicros = time });
            records.Add(new Recorded(time, body));
            last = time;
            o += (int)size;
        }

        return new RecordingFile(name, header, records, bytes.Length);
    }

    private static string KindName(int kind) => Enum.IsDefined((RecordKind)kind) ? ((RecordKind)kind).ToString().ToLowerInvariant() : $"kind {kind}";

    private static RecordingFormatException At(string name, long offset, string what) =>
        new($"{name} is not a readable recording: byte {offset}: {what}") { Offset = offset };
}
