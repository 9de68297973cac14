namespace RaftEsp.Core.Tests.Raft;

/// <summary>The leader's per-follower contact record behind CheckQuorum (dissertation §6.2).</summary>
public class ProgressSilenceTests
{
    [Fact]
    public void A_follower_stays_active_for_exactly_an_election_timeout_of_silence()
    {
        var p = new Progress(2, 4);
        p.ResetForLeader(0);
        for (int t = 1; t < 10; t++)
        {
            p.TickSilence(10);
            Assert.True(p.RecentActive, "after " + t + " silent ticks");
        }

        p.TickSilence(10);
        Assert.False(p.RecentActive);
    }

    [Fact]
    public void Silence_saturates_so_a_long_reign_never_wraps_and_one_frame_restores_contact()
    {
        var p = new Progress(2, 4);
        p.ResetForLeader(0);
        for (int t = 0; t < 100_000; t++) p.TickSilence(30);
        Assert.Equal(30, p.TicksSinceHeard);
        Assert.False(p.RecentActive);
        p.Heard();
        Assert.Equal(0, p.TicksSinceHeard);
        Assert.True(p.RecentActive);
        p.TickSilence(30);
        Assert.True(p.RecentActive);
    }
}
