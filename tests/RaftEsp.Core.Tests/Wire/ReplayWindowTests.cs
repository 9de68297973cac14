namespace RaftEsp.Core.Tests.Wire;

/// <summary>
/// The receiver's sliding window, RFC 4303 §3.4.3 (IPsec ESP anti-replay) extended with the sender's boot epoch:
/// a counter above the highest slides the window, one within 64 below it is accepted once, anything older or seen is a
/// replay; a newer epoch restarts the window, an older one is a replay; an unsynced sender is refused.
/// </summary>
public class ReplayWindowTests
{
    private const int Sender = 7;

    private static ReplayWindow Started(int epoch = 3, int counter = 100)
    {
        var w = new ReplayWindow();
        w.Start(Sender, epoch, counter);
        return w;
    }

    private static FrameError Admit(ReplayWindow w, int epoch, int counter)
    {
        FrameError verdict = w.Check(Sender, epoch, counter);
        if (verdict == FrameError.None) w.Mark(Sender, epoch, counter);
        return verdict;
    }

    [Fact]
    public void An_unsynced_sender_is_refused_whatever_it_sends()
    {
        var w = new ReplayWindow();
        Assert.Equal(FrameError.Unsynced, w.Check(Sender, 1, 1));
        Assert.Equal(FrameError.Unsynced, w.Check(Sender, FrameLimits.MaxEpoch, FrameLimits.MaxCounter));
        Assert.Equal(0, w.KnownEpoch(Sender));
    }

    [Fact]
    public void A_sync_start_counts_every_earlier_counter_as_seen()
    {
        ReplayWindow w = Started(3, 100);
        for (int c = 1; c <= 100; c++) Assert.Equal(FrameError.Replayed, w.Check(Sender, 3, c));
        Assert.Equal(FrameError.None, w.Check(Sender, 3, 101));
    }

    [Fact]
    public void In_order_counters_are_each_accepted_once()
    {
        ReplayWindow w = Started();
        for (int c = 101; c < 400; c++) Assert.Equal(FrameError.None, Admit(w, 3, c));
        for (int c = 100; c < 400; c++) Assert.Equal(FrameError.Replayed, Admit(w, 3, c));
        Assert.Equal(399, w.Highest(Sender));
    }

    [Fact]
    public void Reordering_within_the_window_is_accepted_once_each()
    {
        ReplayWindow w = Started(3, 1);
        Assert.Equal(FrameError.None, Admit(w, 4, 100)); // a newer epoch: only what it has seen counts
        Assert.Equal(FrameError.None, Admit(w, 4, 100 + ReplayWindow.Width));
        for (int c = 101; c < 100 + ReplayWindow.Width; c++) Assert.Equal(FrameError.None, Admit(w, 4, c));
        for (int c = 100; c <= 100 + ReplayWindow.Width; c++) Assert.Equal(FrameError.Replayed, Admit(w, 4, c));
    }

    [Fact]
    public void A_counter_older_than_the_window_is_a_replay_even_if_never_seen()
    {
        ReplayWindow w = Started();
        Assert.Equal(FrameError.None, Admit(w, 3, 1000));
        Assert.Equal(FrameError.None, Admit(w, 3, 1000 - ReplayWindow.Width + 1)); // the oldest still inside
        Assert.Equal(FrameError.Replayed, Admit(w, 3, 1000 - ReplayWindow.Width)); // just outside
        Assert.Equal(FrameError.Replayed, Admit(w, 3, 1));
    }

    [Fact]
    public void A_jump_beyond_the_width_forgets_the_old_bitmap()
    {
        ReplayWindow w = Started();
        Assert.Equal(FrameError.None, Admit(w, 3, 100 + 5 * ReplayWindow.Width));
        Assert.Equal(FrameError.None, Admit(w, 3, 100 + 5 * ReplayWindow.Width - 1));
        Assert.Equal(FrameError.Replayed, Admit(w, 3, 100 + 5 * ReplayWindow.Width));
    }

    [Fact]
    public void A_newer_epoch_restarts_the_window_and_an_older_one_is_a_replay()
    {
        ReplayWindow w = Started();
        Assert.Equal(FrameError.None, Admit(w, 4, 1));
        Assert.Equal(4, w.KnownEpoch(Sender));
        Assert.Equal(FrameError.Replayed, Admit(w, 3, 5000)); // the sender's previous boot
        Assert.Equal(FrameError.Replayed, Admit(w, 4, 1));
        Assert.Equal(FrameError.None, Admit(w, 4, 2));
    }

    [Fact]
    public void Check_changes_nothing_and_senders_are_apart()
    {
        ReplayWindow w = Started();
        for (int i = 0; i < 3; i++) Assert.Equal(FrameError.None, w.Check(Sender, 3, 101));
        Assert.Equal(100, w.Highest(Sender));
        Assert.Equal(FrameError.Unsynced, w.Check(Sender + 1, 3, 101));
        w.Clear();
        Assert.Equal(FrameError.Unsynced, w.Check(Sender, 3, 101));
    }

    [Fact]
    public void The_last_counter_of_an_epoch_is_accepted_and_the_sequencer_then_asks_for_the_next_epoch()
    {
        ReplayWindow w = Started(3, FrameLimits.MaxCounter - 1);
        Assert.Equal(FrameError.None, Admit(w, 3, FrameLimits.MaxCounter));
        Assert.Equal(FrameError.Replayed, Admit(w, 3, FrameLimits.MaxCounter));

        var s = new FrameSequencer(3);
        Assert.False(s.CanStamp); // no durable epoch yet
        Assert.True(s.Start(5));
        var frame = new byte[FrameLimits.MaxFrameBytes];
        for (int i = 1; i <= 3; i++) Assert.True(s.Stamp(frame));
        Assert.Equal(3, Bytes.ReadI32(frame, FrameLimits.CounterOffset));
        Assert.Equal(6, s.EpochWanted);
        Assert.False(s.Stamp(frame));
        Assert.False(s.Start(5)); // an epoch is never reused
        Assert.True(s.Start(6));
        Assert.True(s.Stamp(frame));
        Assert.Equal(1, Bytes.ReadI32(frame, FrameLimits.CounterOffset));
        Assert.Equal(6, Bytes.ReadU16(frame, FrameLimits.EpochOffset));
    }
}
