namespace RaftEsp.Apps.Tests;

public class LedPatternTests
{
    private static int LitMillis(Role role, int term, bool faulted, int from, int to) =>
        Enumerable.Range(from, to - from).Count(t => LedPattern.IsOn(t, role, term, faulted));

    [Fact]
    public void A_follower_blinks_slowly_and_a_candidate_fast()
    {
        Assert.True(LedPattern.IsOn(0, Role.Follower, 1, false));
        Assert.False(LedPattern.IsOn(500, Role.Follower, 1, false));
        Assert.Equal(500, LitMillis(Role.Follower, 1, false, 0, 1000));
        Assert.True(LedPattern.IsOn(50, Role.Candidate, 1, false));
        Assert.False(LedPattern.IsOn(150, Role.Candidate, 1, false));
        Assert.Equal(500, LitMillis(Role.PreCandidate, 1, false, 0, 1000));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(4, 5)]
    [InlineData(5, 1)]
    [InlineData(7, 3)]
    public void A_leader_is_lit_but_for_one_dark_blink_per_term_step(int term, int blinks)
    {
        int darkRuns = 0;
        bool previous = true;
        for (int t = 0; t < LedPattern.LeaderCycleMillis; t++)
        {
            bool on = LedPattern.IsOn(t, Role.Leader, term, false);
            if (!on && previous) darkRuns++;
            previous = on;
        }

        Assert.Equal(blinks, darkRuns);
        Assert.Equal(LedPattern.LeaderCycleMillis - blinks * 150, LitMillis(Role.Leader, term, false, 0, LedPattern.LeaderCycleMillis));
    }

    [Fact]
    public void A_faulted_board_flashes_twice_every_two_seconds()
    {
        Assert.Equal(200, LitMillis(Role.Leader, 3, true, 0, 2000));
        Assert.True(LedPattern.IsOn(2050, Role.Follower, 0, true));
        Assert.False(LedPattern.IsOn(2150, Role.Follower, 0, true));
    }

    [Fact]
    public void The_collector_lights_briefly_after_activity()
    {
        Assert.False(LedPattern.Activity(1000, -1));
        Assert.True(LedPattern.Activity(1000, 990));
        Assert.False(LedPattern.Activity(1000, 950));
    }
}
