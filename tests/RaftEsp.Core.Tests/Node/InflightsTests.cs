namespace RaftEsp.Core.Tests.Node;

/// <summary>The leader's flow-control window for one follower (one entry per AppendEntries frame in flight).</summary>
public class InflightsTests
{
    [Fact]
    public void The_window_fills_at_its_size_and_ignores_frames_beyond_it()
    {
        var w = new Inflights(3);
        Assert.False(w.Full);
        w.Add(10);
        w.Add(20);
        Assert.Equal(2, w.Count);
        Assert.False(w.Full);
        w.Add(30);
        Assert.True(w.Full);
        w.Add(40); // ignored: the leader must not send it
        Assert.Equal(3, w.Count);
        // The ignored frame left no trace: freeing everything the window held empties it.
        w.FreeUpTo(30);
        Assert.Equal(0, w.Count);
    }

    [Fact]
    public void An_acknowledgement_frees_every_frame_at_or_below_it_and_no_more()
    {
        var w = new Inflights(4);
        w.Add(5);
        w.Add(9);
        w.Add(12);
        w.FreeUpTo(4);
        Assert.Equal(3, w.Count);
        w.FreeUpTo(9);
        Assert.Equal(1, w.Count);
        w.FreeUpTo(11);
        Assert.Equal(1, w.Count);
        w.FreeUpTo(12);
        Assert.Equal(0, w.Count);
        w.FreeUpTo(100); // nothing left to free
        Assert.Equal(0, w.Count);
    }

    [Fact]
    public void The_ring_wraps_around_and_keeps_frames_in_order()
    {
        var w = new Inflights(3);
        for (int round = 0; round < 5; round++)
        {
            int base_ = round * 30;
            w.Add(base_ + 10);
            w.Add(base_ + 20);
            w.FreeUpTo(base_ + 10);
            w.Add(base_ + 30);
            w.Add(base_ + 31);
            Assert.True(w.Full);
            w.FreeUpTo(base_ + 20);
            Assert.Equal(2, w.Count);
            w.FreeUpTo(base_ + 30);
            Assert.Equal(1, w.Count);
            w.FreeUpTo(base_ + 31);
            Assert.Equal(0, w.Count);
        }
    }

    [Fact]
    public void Reset_forgets_every_frame_and_the_window_starts_over()
    {
        var w = new Inflights(2);
        w.Add(7);
        w.Add(8);
        w.FreeUpTo(7);
        w.Reset();
        Assert.Equal(0, w.Count);
        Assert.False(w.Full);
        w.Add(3);
        w.Add(4);
        Assert.True(w.Full);
        w.FreeUpTo(3);
        Assert.Equal(1, w.Count);
    }
}
