using System.Text;
using RaftEsp.Recording;

namespace RaftEsp.Monitor.Tests.Unit;

/// <summary>The recording format (docs/recording.md): round trips, the cap, and refusal of damaged files.</summary>
public sealed class RecordingFormatTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("raftesp-rec-").FullName;

    private static readonly RecordingHeader Header = new(Recorder.Simulator, 1_765_000_000_000, 5, 0, 5, 4242);

    public void Dispose() => Directory.Delete(dir, true);

    private string PathOf(string name) => Path.Combine(dir, name);

    /// <summary>One record of every kind (and the edge values of their fields).</summary>
    internal static IReadOnlyList<Recorded> EveryKind() => new Recorded[]
    {
        new(0, new FrameRecord(new FrameEvent(0, 3, 1, 255, 212, 7, new[] { 0, 2, 3 }, new[] { 4 }, FrameSource.Ether, 9, 120, 118, false))),
        new(10, new FrameRecord(new FrameEvent(10, 4, 2, 1, 30, 0, Array.Empty<int>(), Array.Empty<int>(), FrameSource.Collector, int.MaxValue, -1, 0, true))),
        new(10, new DatagramRecord(5, new byte[] { 1, 2, 3, 250, 0 })),
        new(20, new DatagramRecord(7, Array.Empty<byte>())),
        new(30, new TimelineRecord("command", 0, "set [2] = 31337: committed at log index 12 — ünïcode")),
        new(31, new TimelineRecord("fault", -1, "")),
        new(40, new CrashRecord(3, true)),
        new(41, new CrashRecord(3, false)),
        new(50, new PartitionRecord(new IReadOnlyList<int>[] { new[] { 0, 1 }, new[] { 2, 3, 4 } })),
        new(51, new PartitionRecord(null)),
        new(60, new LossRecord(100)),
        new(70, new TrackRecord(7)),
        new(long.MaxValue / 2, new LossRecord(0)),
    };

    private string WriteEveryKind(string name)
    {
        string path = PathOf(name);
        using RecordingWriter w = RecordingWriter.Create(path, Header, 1 << 20);
        foreach (Recorded r in EveryKind()) w.Append(r.TimeMicros, r.Body);
        return path;
    }

    [Fact]
    public void Every_kind_of_record_reads_back_as_written()
    {
        RecordingFile file = RecordingReader.Read(WriteEveryKind("all.rrec"));
        Assert.Equal(Header, file.Header);
        IReadOnlyList<Recorded> expected = EveryKind();
        Assert.Equal(expected.Count, file.Records.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].TimeMicros, file.Records[i].TimeMicros);
            if (expected[i].Body is FrameRecord ef)
            {
                FrameEvent got = Assert.IsType<FrameRecord>(file.Records[i].Body).Frame;
                Assert.Equal(ef.Frame with { DeliveredTo = got.DeliveredTo, LostTo = got.LostTo }, got);
                Assert.Equal(ef.Frame.DeliveredTo, got.DeliveredTo);
                Assert.Equal(ef.Frame.LostTo, got.LostTo);
            }
            else
            {
                Assert.Equal(expected[i].Body, file.Records[i].Body);
            }
        }
    }

    [Fact]
    public void The_crc_is_the_standard_one()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal(0u, Crc32.Compute(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void Past_the_cap_the_oldest_records_are_dropped_and_the_rest_read_back_in_order()
    {
        string path = PathOf("capped.rrec");
        const long Cap = 64 * 1024;
        const int Count = 20_000;
        using (RecordingWriter w = RecordingWriter.Create(path, Header, Cap))
        {
            for (int i = 0; i < Count; i++)
            {
                w.Append(i * 1000L, new TimelineRecord("commit", i % 5, "entry " + i));
                Assert.True(w.Bytes <= Cap, $"{w.Bytes} bytes after record {i}");
            }

            Assert.True(w.Compactions > 0);
            Assert.Equal(Count, w.RecordsWritten);
        }

        RecordingFile file = RecordingReader.Read(path);
        Assert.True(file.Bytes <= Cap);
        Assert.True(file.Header.DroppedBeforeMicros > 0);
        var texts = file.Records.Select(r => ((TimelineRecord)r.Body).Text).ToList();
        int first = int.Parse(texts[0]["entry ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(first > 0, "the oldest records went first");
        Assert.Equal(first * 1000L, file.Header.DroppedBeforeMicros);
        // What is kept is the newest part, without a gap, up to the last record written.
        Assert.Equal(Enumerable.Range(first, Count - first).Select(i => "entry " + i), texts);
        Assert.True(file.Bytes > Cap / 2, "a compaction keeps most of the cap's worth");
    }

    [Fact]
    public void Records_out_of_time_order_are_refused_by_the_writer()
    {
        using RecordingWriter w = RecordingWriter.Create(PathOf("order.rrec"), Header, 1 << 20);
        w.Append(100, new LossRecord(1));
        Assert.Throws<ArgumentException>(() => w.Append(99, new LossRecord(2)));
    }

    [Fact]
    public void A_wrong_magic_or_version_is_refused_with_the_byte_and_the_reason()
    {
        byte[] good = File.ReadAllBytes(WriteEveryKind("m.rrec"));
        byte[] magic = (byte[])good.Clone();
        magic[0] = (byte)'X';
        var e = Assert.Throws<RecordingFormatException>(() => RecordingReader.Read(magic, "m.rrec"));
        Assert.Contains("byte 0", e.Message, StringComparison.Ordinal);
        Assert.Contains("not a RaftEsp recording", e.Message, StringComparison.Ordinal);

        byte[] version = (byte[])good.Clone();
        version[4] = 2;
        e = Assert.Throws<RecordingFormatException>(() => RecordingReader.Read(version, "v.rrec"));
        Assert.Contains("byte 4", e.Message, StringComparison.Ordinal);
        Assert.Contains("version 2", e.Message, StringComparison.Ordinal);

        e = Assert.Throws<RecordingFormatException>(() => RecordingReader.Read(Encoding.ASCII.GetBytes("hello"), "short"));
        Assert.Contains("shorter than the 36-byte header", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<RecordingFormatException>(() => RecordingReader.Read(PathOf("missing.rrec")));
        Assert.Contains("no such file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_cut_short_anywhere_is_refused_never_loaded_in_part()
    {
        byte[] good = File.ReadAllBytes(WriteEveryKind("t.rrec"));
        int records = RecordingReader.Read(good, "t").Records.Count;
        var boundaries = new HashSet<int> { RecordingHeader.Size };
        int o = RecordingHeader.Size;
        for (int i = 0; i < records; i++)
        {
            o += 17 + BitConverter.ToInt32(good, o);
            boundaries.Add(o);
        }

        for (int length = 0; length < good.Length; length++)
        {
            byte[] cut = good.AsSpan(0, length).ToArray();
            if (boundaries.Contains(length))
            {
                // Cut exactly between records: a shorter, valid recording (the writer stopped there).
                Assert.True(RecordingReader.Read(cut, "cut").Records.Count < records);
                continue;
            }

            var e = Assert.Throws<RecordingFormatException>(() => RecordingReader.Read(cut, "cut"));
            Assert.Matches("byte [0-9]+", e.Message);
            Assert.True(e.Message.Contains("truncated", StringComparison.Ordinal) || e.Message.Contains("shorter than", StringComparison.Ordinal), e.Message);
        }
    }

    [Fact]
    public void Damage_at_random_offsets_is_refused_with_a_clear_message()
    {
        byte[] good = File.ReadAllBytes(WriteEveryKind("c.rrec"));
        var random = new Random(20261207);
        for (int trial = 0; trial < 2000; trial++)
        {
            byte[] bad = (byte[])good.Clone();
            int at = random.Next(bad.Length);
            bad[at] ^= (byte)(1 << random.Next(8));
            if (trial % 3 == 0) bad[random.Next(bad.Length)] = (byte)random.Next(256);
            var e = Assert.Throws<RecordingFormatException>(() => RecordingReader.Read(bad, "damaged"));
            Assert.StartsWith("damaged is not a readable recording: byte ", e.Message, StringComparison.Ordinal);
            Assert.InRange(e.Offset, 0, bad.Length);
        }
    }
}
