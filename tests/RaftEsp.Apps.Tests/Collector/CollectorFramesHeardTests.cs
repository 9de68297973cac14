namespace RaftEsp.Apps.Tests;

/// <summary>The collector reports what it overhears to the attached desktop (FramesHeard, desktop datagram 8).</summary>
public class CollectorFramesHeardTests
{
    private static readonly LinkKey Link = Samples.Link();

    [Fact]
    public void Every_frame_the_collector_hears_reaches_the_desktop_in_digests_at_most_100_ms_apart()
    {
        var cluster = new AppCluster(withCollector: true);
        cluster.Run(1000); // the desktop attaches, a leader is elected
        int logged = cluster.Ether.Log.Count;
        int digestsBefore = cluster.Desktop!.OfType(DesktopProtocol.FramesHeardType).Count();
        cluster.Run(2000);

        var digests = cluster.Desktop.OfType(DesktopProtocol.FramesHeardType).Skip(digestsBefore).ToList();
        Assert.InRange(digests.Count, 15, 40); // every 100 ms while frames flow, sooner when a buffer fills
        var heard = new List<(int Millis, int Length, byte[] Prefix)>();
        int unreported = 0;
        foreach (byte[] d in digests)
        {
            var digest = new FramesHeard();
            Assert.Equal(DatagramError.None, DesktopProtocol.DecodeFramesHeard(Link, d, d.Length, new SessionStamp(), digest));
            unreported += digest.Unreported;
            for (int p = 0, i = 0; i < digest.Count; i++, p = digest.Next(p))
                heard.Add((digest.BaseMillis + digest.OffsetAt(p), digest.LengthAt(p), digest.Records.AsSpan(p + FramesHeard.RecordFixedBytes, digest.PrefixAt(p)).ToArray()));
        }

        // The collector hears everything on this fake ether but its own frames: each logged frame is in a digest.
        var sent = cluster.Ether.Log.Skip(logged).Where(f => f.From != AppCluster.CollectorId).ToList();
        Assert.Equal(0, unreported);
        Assert.True(heard.Count >= sent.Count - 40, $"{heard.Count} frames reported of {sent.Count} sent"); // the last 100 ms may wait
        var prefixes = sent.Select(f => Convert.ToHexString(f.Frame.AsSpan(0, Math.Min(f.Frame.Length, FramesHeard.PrefixBytes)))).ToHashSet();
        Assert.All(heard, h => Assert.Contains(Convert.ToHexString(h.Prefix), prefixes));
        Assert.True(heard.Zip(heard.Skip(1)).All(p => p.First.Millis <= p.Second.Millis), "times go forward");
    }
}
