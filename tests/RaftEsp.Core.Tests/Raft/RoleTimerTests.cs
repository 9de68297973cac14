using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>
/// §5.2: election timeouts are chosen randomly so that split votes are rare, and a node draws a fresh one at every
/// role change, not once at start-up: a pre-candidate or candidate that keeps its old timeout stays in step with a
/// rival that drew the same, election after election. The draws come from the node's seeded generator, so a twin
/// generator with the same seed tells which timeout each role must have.
/// </summary>
public class RoleTimerTests
{
    private const int ElectionTicks = 10;

    /// <summary>Ticks (one Ready each) until the node starts its next pre-vote; fails after 3 election timeouts.</summary>
    private static int TicksUntilNextPreVote(Scripted s)
    {
        int started = s.Node.Stats.PreVotesStarted;
        for (int ticks = 1; ticks <= 3 * ElectionTicks; ticks++)
        {
            s.Node.Tick();
            s.Drain();
            if (s.Node.Stats.PreVotesStarted > started) return ticks;
        }

        throw new Xunit.Sdk.XunitException("no pre-vote within 3 election timeouts");
    }

    [Theory]
    [InlineData(7u)]
    [InlineData(2026u)]
    public void S5_2_every_role_change_draws_a_new_election_timeout_from_the_seeded_generator(uint seed)
    {
        var twin = new SeededRandom(seed);
        var draws = new int[6];
        for (int i = 0; i < draws.Length; i++)
        {
            // A candidate draws from [ElectionTicks/2, ElectionTicks) (it exists only after a won pre-vote, so an
            // undecided election is a split vote to start over from soon); every other role from [ElectionTicks, 2*ElectionTicks).
            draws[i] = i == 3 ? ElectionTicks / 2 + twin.Next(ElectionTicks / 2) : ElectionTicks + twin.Next(ElectionTicks);
        }
        var s = new Scripted(1, 3, c => c.RandomSeed = seed);

        // Start-up (draw 0): a follower that hears nobody starts a pre-vote after its timeout.
        Assert.Equal(draws[0], TicksUntilNextPreVote(s));
        Assert.Equal(Role.PreCandidate, s.Node.Role);

        // Becoming pre-candidate drew 1: an unanswered pre-vote is retried after it, and the retry draws 2.
        Assert.Equal(draws[1], TicksUntilNextPreVote(s));

        // Pre-vote granted: becoming candidate draws 3 from the candidate's shorter range, which times out the election
        // (the next pre-vote draws 4).
        s.Step(Scripted.Msg(MessageType.PreVoteResponse, 2, 1, s.Node.Term + 1));
        Assert.Equal(Role.Candidate, s.Node.Role);
        s.Drain();
        Assert.Equal(draws[3], TicksUntilNextPreVote(s));

        // A leader appears in a newer term: becoming follower draws 5, counted from its last frame.
        s.Step(Scripted.Msg(MessageType.AppendEntries, 2, 1, s.Node.Term + 1));
        Assert.Equal(Role.Follower, s.Node.Role);
        s.Drain();
        Assert.Equal(draws[5], TicksUntilNextPreVote(s));

        // What makes the test able to fail: keeping the previous timeout at any of these changes gives another count.
        Assert.NotEqual(draws[0], draws[1]);
        Assert.NotEqual(draws[2], draws[3]);
        Assert.NotEqual(draws[4], draws[5]);
    }
}
