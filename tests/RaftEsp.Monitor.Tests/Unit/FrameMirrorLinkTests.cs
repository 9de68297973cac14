using RaftEsp.Core;
using RaftEsp.Ether;
using RaftEsp.Monitor.Frames;

namespace RaftEsp.Monitor.Tests.Unit;

/// <summary>The monitor's side of the ether mirror: tagged datagrams become frames, bad ones are counted.</summary>
public sealed class FrameMirrorLinkTests
{
    private static readonly byte[] Key = Enumerable.Range(7, 16).Select(i => (byte)i).ToArray();

    private static byte[] Datagram(uint sequence, long sentMicros, byte[] frame, params MirrorCopy[] copies)
    {
        byte[] d = new byte[MirrorDatagram.MaxBytes];
        int o = MirrorDatagram.WriteRecord(d, MirrorDatagram.HeaderBytes, 500, 1, 255, frame, copies);
        MirrorDatagram.WriteHeader(d, sequence, sentMicros, 1);
        int n = MirrorDatagram.Seal(d, o, SipHash24.KeyHalf(Key, 0), SipHash24.KeyHalf(Key, 1));
        return d[..n];
    }

    private static byte[] Heartbeat()
    {
        var m = new Message();
        m.Reset();
        m.Type = MessageType.AppendEntries;
        m.From = 1;
        m.To = 255;
        m.Term = 3;
        m.Index = 20;
        m.Commit = 19;
        byte[] f = new byte[250];
        int n = new FrameCodec(1, new byte[16]).Encode(m, f);
        return f[..n];
    }

    [Fact]
    public async Task A_datagram_becomes_frames_on_the_monitors_clock_with_delivered_and_lost_receivers()
    {
        long now = 1_000_000;
        var feed = new FrameFeed(() => now);
        await using var link = new EtherMirrorLink(Key, feed);
        byte[] d = Datagram(1, 40_000, Heartbeat(), new MirrorCopy(0, MirrorOutcome.Delivered), new MirrorCopy(2, MirrorOutcome.Partition), new MirrorCopy(3, MirrorOutcome.Duplicated));
        Assert.Equal(MirrorError.None, link.Handle(d, d.Length));
        var f = Assert.Single(feed.After(0, 10).Frames).Frame;
        Assert.Equal(1_000_000 - 500, f.TimeMicros); // sent at ether 40 000 = monitor 1 000 000; the frame 500 µs earlier
        Assert.Equal((5, 1, 255, 45, 3, 20, 19), (f.Type, f.From, f.To, f.Bytes, f.Term, f.Index, f.Commit));
        Assert.Equal([0, 3], f.DeliveredTo);
        Assert.Equal([2], f.LostTo);
        Assert.Equal(RaftEsp.Recording.FrameSource.Ether, f.Source);
    }

    [Fact]
    public async Task Bad_datagrams_are_counted_by_reason_and_add_nothing()
    {
        var feed = new FrameFeed(() => 0);
        await using var link = new EtherMirrorLink(Key, feed);
        byte[] good = Datagram(1, 10, Heartbeat(), new MirrorCopy(0, MirrorOutcome.Delivered));
        byte[] forged = (byte[])good.Clone();
        forged[^1] ^= 0x40;
        Assert.Equal(MirrorError.BadTag, link.Handle(forged, forged.Length));
        Assert.Equal(MirrorError.TooShort, link.Handle(good, 5));
        Assert.Equal(MirrorError.BadTag, link.Handle(forged, forged.Length));
        Assert.Empty(feed.After(0, 10).Frames);
        Assert.Equal(2, link.Refused[MirrorError.BadTag]);
        Assert.Equal(1, link.Refused[MirrorError.TooShort]);
    }

    [Fact]
    public async Task A_gap_in_the_sequence_counts_lost_datagrams_and_marks_the_feed_sampled()
    {
        var feed = new FrameFeed(() => 100);
        await using var link = new EtherMirrorLink(Key, feed);
        byte[] first = Datagram(1, 10, Heartbeat());
        byte[] fourth = Datagram(4, 20, Heartbeat());
        link.Handle(first, first.Length);
        link.Handle(fourth, fourth.Length);
        Assert.Equal(2, link.LostDatagrams);
        Assert.True(feed.After(0, 10).Sampled);
    }
}
