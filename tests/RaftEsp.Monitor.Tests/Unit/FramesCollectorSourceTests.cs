using System.Net;
using System.Net.Sockets;
using RaftEsp.Apps;
using RaftEsp.Core;
using RaftEsp.Monitor.Frames;
using RaftEsp.Monitor.Link;
using RaftEsp.Recording;

namespace RaftEsp.Monitor.Tests.Unit;

/// <summary>Real-collector mode: the collector's FramesHeard digests become frames of the feed.</summary>
public sealed class FramesCollectorSourceTests
{
    private static readonly byte[] Key = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();

    private static byte[] Vote(int from, int term, int lastIndex)
    {
        var m = new Message();
        m.Reset();
        m.Type = MessageType.VoteRequest;
        m.From = from;
        m.To = 255;
        m.Term = term;
        m.Index = lastIndex;
        byte[] f = new byte[250];
        return f[..new FrameCodec(7, Key).Encode(m, f)];
    }

    [Fact]
    public void A_digest_becomes_frames_on_the_monitors_clock_with_no_delivery_outcome_and_unreported_ones_counted()
    {
        long now = 10_000_000;
        var feed = new FrameFeed(() => now);
        var source = new CollectorFrameSource(feed);
        var digest = new FramesHeard();
        digest.Add(4000, Vote(2, 6, 30), Vote(2, 6, 30).Length);
        digest.Add(4040, Vote(3, 6, 31), Vote(3, 6, 31).Length);
        digest.Add(4050, [0x07, 1, 2], 3); // garbage overheard: kind unknown
        source.OnDigest(digest);
        FramePage page = feed.After(0, 10);
        Assert.Equal("collector", page.Source);
        Assert.Equal(3, page.Frames.Count);
        FrameEvent first = page.Frames[0].Frame;
        Assert.Equal(("vote", 2, 255, 6, 30, FrameSource.Collector), (FrameKinds.Name(first.Type, first.Entries), first.From, first.To, first.Term, first.Index, first.Source));
        Assert.Empty(first.DeliveredTo);
        Assert.Empty(first.LostTo);
        Assert.Equal(now - 50_000, first.TimeMicros); // the newest record (4050 ms) arrived now: 50 ms before it
        Assert.Equal(now - 10_000, page.Frames[1].Frame.TimeMicros);
        Assert.Equal(0, page.Frames[2].Frame.Type);
        Assert.False(page.Sampled);

        var full = new FramesHeard();
        for (int i = 0; i < FramesHeard.MaxFrames + 5; i++) full.Add(5000 + i, Vote(1, 7, i), Vote(1, 7, i).Length);
        source.OnDigest(full);
        Assert.True(feed.After(0, 100).Sampled);
        Assert.Equal(3 + FramesHeard.MaxFrames + 5, feed.SeenTotal);
    }

    [Fact]
    public async Task The_link_decodes_a_frames_heard_datagram_of_its_session_and_drops_one_with_a_bad_field()
    {
        var linkKey = new LinkKey(7, Key);
        using var collector = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        collector.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        collector.ReceiveTimeout = 60_000;
        await using var link = new UdpCollectorLink(7, Key, (IPEndPoint)collector.LocalEndPoint!, new IPEndPoint(IPAddress.Loopback, 0));
        var digests = new List<int>();
        link.FramesOverheard += d => { lock (digests) digests.Add(d.Count); };
        await link.StartAsync(CancellationToken.None);

        // The collector's end of the handshake.
        byte[] buffer = new byte[2048];
        int n;
        do n = collector.Receive(buffer);
        while (DesktopProtocol.TypeOf(buffer, n) != DesktopProtocol.HelloType);
        Assert.Equal(DatagramError.None, DesktopProtocol.DecodeHello(linkKey, buffer, n, out ulong desktopNonce));
        byte[] challenge = new byte[64];
        collector.SendTo(challenge, 0, DesktopProtocol.EncodeChallenge(linkKey, challenge, desktopNonce, 99), SocketFlags.None, link.LocalEndPoint);
        ulong session = new LinkSession().Derive(linkKey, desktopNonce, 99);

        var heard = new FramesHeard();
        heard.Add(100, Vote(1, 2, 3), Vote(1, 2, 3).Length);
        byte[] datagram = new byte[DesktopProtocol.MaxDatagramBytes];
        int length = DesktopProtocol.EncodeFramesHeard(linkKey, datagram, session, 1, heard);
        collector.SendTo(datagram, 0, length, SocketFlags.None, link.LocalEndPoint);
        await Wait.UntilAsync(() => Task.FromResult(digests.Count), c => c == 1, "the digest");
        Assert.Equal(1, digests[0]);

        length = DesktopProtocol.EncodeFramesHeard(linkKey, datagram, session, 2, heard);
        datagram[DesktopProtocol.HeaderBytes + DesktopProtocol.StampBytes + FramesHeard.FixedBody + 2] = 0; // frame length 0
        RaftEsp.Core.Bytes.WriteU64(datagram, length - 8, SipHash24.Compute(linkKey.K0, linkKey.K1, datagram, 0, length - 8));
        collector.SendTo(datagram, 0, length, SocketFlags.None, link.LocalEndPoint);
        await Wait.UntilAsync(() => Task.FromResult(link.Counters.DatagramsDropped), c => c == 1, "the bad digest dropped");
        Assert.Single(digests);
    }
}
