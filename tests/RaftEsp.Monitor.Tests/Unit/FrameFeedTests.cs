using RaftEsp.Monitor.Frames;
using RaftEsp.Recording;

namespace RaftEsp.Monitor.Tests.Unit;

/// <summary>The frame feed: its bound, the live tail, windows of time, and the sampling figures.</summary>
public sealed class FrameFeedTests
{
    private long now;

    private FrameFeed Feed(int capacity = 100, int maxKept = 1000) => new(() => now, capacity, maxKept);

    private static FrameEvent At(long micros, int type = 5, int from = 0) =>
        new(micros, type, from, 255, 45, 0, [1, 2], [3], FrameSource.Ether, 4, 10, 9);

    [Fact]
    public void The_ring_keeps_the_newest_frames_with_sequence_numbers_that_never_repeat()
    {
        FrameFeed feed = Feed(capacity: 10);
        for (int i = 0; i < 25; i++) feed.Add(At(i));
        Assert.Equal(10, feed.Count);
        FramePage all = feed.After(0, 100);
        Assert.Equal(Enumerable.Range(16, 10).Select(i => (long)i), all.Frames.Select(f => f.Seq));
        Assert.Equal(Enumerable.Range(15, 10).Select(i => (long)i), all.Frames.Select(f => f.Frame.TimeMicros));
        Assert.Equal(25, all.NextSeq);
    }

    [Fact]
    public void After_gives_the_newer_frames_oldest_first_and_an_even_sample_with_the_newest_when_more_wait()
    {
        FrameFeed feed = Feed();
        for (int i = 0; i < 20; i++) feed.Add(At(i * 1000));
        Assert.Equal([18L, 19, 20], feed.After(17, 100).Frames.Select(f => f.Seq));
        FramePage capped = feed.After(5, 4);
        Assert.Equal([9L, 13, 17, 20], capped.Frames.Select(f => f.Seq)); // 15 waited: every 15/4-th, from the newest
        Assert.Equal(11, capped.Omitted);
        Assert.Empty(feed.After(20, 10).Frames);
        Assert.Equal(20, feed.After(20, 10).NextSeq);
    }

    [Fact]
    public void Between_gives_a_window_of_time_inclusive_and_an_even_sample_when_capped()
    {
        FrameFeed feed = Feed();
        foreach (long t in new long[] { 1000, 2000, 3000, 2500, 4000, 5000 }) feed.Add(At(t)); // one arrives late
        Assert.Equal([2000L, 2500, 3000, 4000], feed.Between(2000, 4000, 100).Frames.Select(f => f.Frame.TimeMicros));
        FramePage capped = feed.Between(0, 10_000, 2);
        Assert.Equal([2500L, 5000], capped.Frames.Select(f => f.Frame.TimeMicros));
        Assert.Equal(4, capped.Omitted);
        Assert.Empty(feed.Between(6000, 9000, 10).Frames);
    }

    [Fact]
    public void Under_the_cap_every_frame_is_kept_and_the_page_says_it_is_not_sampled()
    {
        FrameFeed feed = Feed(capacity: 10_000, maxKept: 1000);
        feed.SetSource("ether", "every frame");
        int added = 0;
        feed.Added += _ => added++;
        for (int i = 0; i < 500; i++)
        {
            now = i * 2000; // 500 frames a second for one second
            feed.Add(At(now));
        }

        now = 1_050_000;
        FramePage page = feed.After(0, 10);
        Assert.Equal(500, added);
        Assert.False(page.Sampled);
        Assert.Equal(("ether", "every frame"), (page.Source, page.Note));
        Assert.InRange(page.RatePerSecond, 400, 500); // the last full second of buckets
        Assert.Equal(page.RatePerSecond, page.KeptPerSecond);
    }

    [Fact]
    public void Above_the_cap_the_feed_keeps_an_even_share_and_says_so()
    {
        FrameFeed feed = Feed(capacity: 50_000, maxKept: 1000);
        int kept = 0;
        for (int i = 0; i < 12_000; i++)
        {
            now = i * 250; // 4000 frames a second for three seconds
            if (feed.Add(At(now))) kept++;
        }

        FramePage page = feed.After(0, 10);
        Assert.True(page.Sampled);
        Assert.InRange(page.RatePerSecond, 3500, 4000);
        Assert.InRange(page.KeptPerSecond, 800, 1000);
        Assert.Contains("keeps", page.Note, StringComparison.Ordinal);
        Assert.InRange(kept, 3000, 6000); // the first second is kept whole, then one in four
    }

    [Fact]
    public void Unreported_frames_count_in_the_rate_and_mark_the_feed_sampled_for_a_while()
    {
        FrameFeed feed = Feed();
        now = 100_000;
        feed.Add(At(now));
        feed.AddUnreported(30);
        now = 500_000;
        FramePage page = feed.After(0, 10);
        Assert.True(page.Sampled);
        Assert.Equal(31, feed.SeenTotal);
        now = 5_000_000;
        Assert.False(feed.After(0, 10).Sampled);
    }
}
