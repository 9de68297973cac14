using RaftEsp.Core;

namespace RaftEsp.Apps.Tests;

/// <summary>The collector's digest of overheard frames (desktop datagram type 8).</summary>
public class FramesHeardTests
{
    private const ulong Session = 0x0123456789ABCDEF;
    private readonly LinkKey key = Samples.Link();
    private readonly byte[] datagram = new byte[DesktopProtocol.MaxDatagramBytes];
    private readonly SessionStamp stamp = new();

    private static byte[] Frame(int length, byte seed) => Enumerable.Range(0, length).Select(i => (byte)(seed + i)).ToArray();

    [Fact]
    public void A_digest_round_trips_with_each_frames_time_length_and_first_bytes()
    {
        var heard = new FramesHeard();
        Assert.True(heard.Add(5000, Frame(45, 1), 45));
        Assert.True(heard.Add(5012, Frame(20, 7), 20));
        Assert.True(heard.Add(5000 + FramesHeard.MaxOffsetMillis, Frame(250, 9), 250));
        Assert.False(heard.Add(5000 + FramesHeard.MaxOffsetMillis + 1, Frame(30, 1), 30)); // too far from the base
        int n = DesktopProtocol.EncodeFramesHeard(key, datagram, Session, 7, heard);
        Assert.Equal(DesktopProtocol.HeaderBytes + DesktopProtocol.StampBytes + FramesHeard.FixedBody + (4 + 37) + (4 + 20) + (4 + 37) + DesktopProtocol.TagBytes, n);
        Assert.Equal(DesktopProtocol.FramesHeardType, DesktopProtocol.TypeOf(datagram, n));

        var read = new FramesHeard();
        Assert.Equal(DatagramError.None, DesktopProtocol.DecodeFramesHeard(key, datagram, n, stamp, read));
        Assert.Equal((Session, 7), (stamp.Session, stamp.Counter));
        Assert.Equal((3, 5000, 1), (read.Count, read.BaseMillis, read.Unreported));
        var records = new List<(int Offset, int Length, byte[] Prefix)>();
        for (int p = 0, i = 0; i < read.Count; i++, p = read.Next(p))
            records.Add((read.OffsetAt(p), read.LengthAt(p), read.Records.AsSpan(p + FramesHeard.RecordFixedBytes, read.PrefixAt(p)).ToArray()));
        Assert.Equal((0, 45), (records[0].Offset, records[0].Length));
        Assert.Equal(Frame(45, 1)[..37], records[0].Prefix);
        Assert.Equal((12, 20), (records[1].Offset, records[1].Length));
        Assert.Equal(Frame(20, 7), records[1].Prefix);
        Assert.Equal((FramesHeard.MaxOffsetMillis, 250), (records[2].Offset, records[2].Length));
    }

    [Fact]
    public void A_full_buffer_fits_1400_bytes_and_counts_what_it_could_not_keep()
    {
        Assert.Equal(33, FramesHeard.MaxFrames);
        var heard = new FramesHeard();
        for (int i = 0; i < FramesHeard.MaxFrames + 10; i++) heard.Add(100 + i, Frame(250, (byte)i), 250);
        Assert.True(heard.Full);
        Assert.Equal((FramesHeard.MaxFrames, 10), (heard.Count, heard.Unreported));
        int n = DesktopProtocol.EncodeFramesHeard(key, datagram, Session, 1, heard);
        Assert.InRange(n, 1, DesktopProtocol.MaxDatagramBytes);
        var read = new FramesHeard();
        Assert.Equal(DatagramError.None, DesktopProtocol.DecodeFramesHeard(key, datagram, n, stamp, read));
        Assert.Equal((FramesHeard.MaxFrames, 10), (read.Count, read.Unreported));
        heard.Clear();
        Assert.Equal((0, 0, 0), (heard.Count, heard.Unreported, heard.RecordBytes));
        Assert.Equal(DatagramError.None, DesktopProtocol.DecodeFramesHeard(key, datagram, DesktopProtocol.EncodeFramesHeard(key, datagram, Session, 2, heard), stamp, read));
        Assert.Equal(0, read.Count);
    }

    [Fact]
    public void Each_malformed_field_is_refused_by_its_reason()
    {
        var heard = new FramesHeard();
        heard.Add(10, Frame(45, 1), 45);
        heard.Add(11, Frame(10, 1), 10);
        int n = DesktopProtocol.EncodeFramesHeard(key, datagram, Session, 3, heard);
        int body = DesktopProtocol.HeaderBytes + DesktopProtocol.StampBytes;
        var into = new FramesHeard();

        Assert.Equal(DatagramError.BadField, Mutated(n, d => Bytes.WriteI32(d, body, -1), into));                 // base above 2^31-1
        Assert.Equal(DatagramError.BadField, Mutated(n, d => Bytes.WriteI32(d, body + 4, -5), into));             // unreported above 2^31-1
        Assert.Equal(DatagramError.BadField, Mutated(n, d => d[body + 8] = FramesHeard.MaxFrames + 1, into));     // count above the bound
        Assert.Equal(DatagramError.BadLength, Mutated(n, d => d[body + 8] = 3, into));                            // count above the records
        Assert.Equal(DatagramError.BadLength, Mutated(n, d => d[body + 8] = 1, into));                            // records left over
        int record = body + FramesHeard.FixedBody;
        Assert.Equal(DatagramError.BadField, Mutated(n, d => d[record + 2] = 0, into));                           // frame length 0
        Assert.Equal(DatagramError.BadField, Mutated(n, d => d[record + 2] = 251, into));                         // frame length above 250
        Assert.Equal(DatagramError.BadField, Mutated(n, d => d[record + 3] = 36, into));                          // prefix not min(length, 37)
        Assert.Equal(DatagramError.BadTag, DesktopProtocol.DecodeFramesHeard(Samples.Link(1, Samples.OtherKey), datagram, n, stamp, into));
        Assert.Equal(DatagramError.Unexpected, DesktopProtocol.DecodeCollectorStats(key, datagram, n, stamp, new CollectorStats()));
        Assert.Equal(DatagramError.BadLength, DesktopProtocol.DecodeFramesHeard(key, datagram, Reseal(DesktopProtocol.HeaderBytes + DesktopProtocol.StampBytes + 4 + DesktopProtocol.TagBytes), stamp, into));
        Assert.Equal(0, into.Count); // nothing of a refused datagram was taken
        Assert.False(DesktopProtocol.IsForCollector(DesktopProtocol.FramesHeardType)); // the collector refuses it as unexpected
        Assert.True(DesktopProtocol.IsSessionType(DesktopProtocol.FramesHeardType));
    }

    [Fact]
    public void Bad_input_to_the_buffer_is_refused_without_counting_it_as_heard()
    {
        var heard = new FramesHeard();
        Assert.False(heard.Add(1, Frame(10, 1), 0));
        Assert.False(heard.Add(1, Frame(10, 1), 11));
        Assert.False(heard.Add(1, new byte[300], 251));
        Assert.Equal((0, 0), (heard.Count, heard.Unreported));
    }

    private DatagramError Mutated(int n, Action<byte[]> change, FramesHeard into)
    {
        byte[] saved = (byte[])datagram.Clone();
        change(datagram);
        DatagramError error = DesktopProtocol.DecodeFramesHeard(key, datagram, Reseal(n), stamp, into);
        Array.Copy(saved, datagram, saved.Length);
        return error;
    }

    private int Reseal(int n)
    {
        int body = n - DesktopProtocol.TagBytes;
        Bytes.WriteU64(datagram, body, SipHash24.Compute(key.K0, key.K1, datagram, 0, body));
        return n;
    }
}
