using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>
/// A loaded leader's read round rides on the frames that follow its append's commit (docs/design.md, "Reads"). §6.4
/// still holds: the read's index is the commit index when it arrived, and it is answered only once a majority has
/// acknowledged a round that no frame carried before the read arrived.
/// </summary>
public class ReadRoundRideTests
{
    /// <summary>A loaded leader (<see cref="Scripted.LoadedLeaderOfFive"/>).</summary>
    private static Scripted LoadedLeader(Action<Config>? tweak = null) => LoadedLeader(out _, tweak);

    /// <summary>As above; <paramref name="lastRound"/> is the round of the last frame the leader sent (entry 2's broadcast).</summary>
    private static Scripted LoadedLeader(out int lastRound, Action<Config>? tweak = null)
    {
        var s = Scripted.LoadedLeaderOfFive(out List<Message> idlePass, out List<Message> loadedPasses, tweak);
        lastRound = idlePass.Last(m => m.Type == MessageType.AppendEntries).Round;
        Assert.DoesNotContain(loadedPasses, m => m.Type == MessageType.AppendEntries); // held behind entry 2 (batching by time)
        Assert.Equal(1, s.Node.CommitIndex);
        return s;
    }

    [Fact]
    public void S6_4_a_loaded_leaders_read_sends_no_heartbeat_of_its_own_while_an_append_is_in_flight()
    {
        var s = LoadedLeader();
        Assert.Equal(ErrorCode.None, s.Node.ReadIndex(7));
        Assert.DoesNotContain(s.Drain(), m => m.Type == MessageType.AppendEntries);
        Assert.Equal(1, s.Node.Stats.ReadRoundsStarted);
        Assert.Equal(1, s.Node.Stats.ReadRoundsDeferred);
        Assert.Empty(s.Host.Reads);
    }

    [Fact]
    public void S6_4_the_frames_after_the_commit_carry_the_round_and_their_acknowledgements_answer_the_read()
    {
        var s = LoadedLeader();
        s.Node.ReadIndex(7); // arrives with commit index 1
        s.Drain();

        // Entry 2 commits: the leader tells every follower in one broadcast, and that frame carries the read's round.
        s.Step(Scripted.Ack(2, 1, s.Node.Term, 2));
        s.Step(Scripted.Ack(3, 1, s.Node.Term, 2));
        var after = Assert.Single(s.Drain(), m => m.Type == MessageType.AppendEntries);
        Assert.Equal(NodeId.Broadcast, after.To);
        Assert.Equal(2, s.Node.CommitIndex);
        Assert.Empty(s.Host.Reads); // the acknowledgements of entry 2 came from frames sent before the read

        // Two followers echo that frame's round: with the leader, a majority of five confirms it still led after the read.
        s.Step(Scripted.Ack(2, 1, s.Node.Term, 2, round: after.Round));
        s.Drain();
        Assert.Empty(s.Host.Reads);
        s.Step(Scripted.Ack(4, 1, s.Node.Term, 2, round: after.Round));
        s.Drain();
        Assert.Equal([(7, 1, RefusalReason.None)], s.Host.Reads);
    }

    [Fact]
    public void S6_4_an_acknowledgement_of_a_round_sent_before_the_read_does_not_answer_it()
    {
        var s = LoadedLeader(out int before);
        s.Node.ReadIndex(7);
        s.Drain();
        for (int f = 2; f <= 5; f++) s.Step(Scripted.Ack(f, 1, s.Node.Term, 1, round: before));
        s.Drain();
        Assert.Empty(s.Host.Reads);
    }

    [Fact]
    public void S6_4_without_commit_progress_the_next_heartbeat_round_carries_the_read()
    {
        var s = LoadedLeader(c => c.HeartbeatTicks = 2);
        s.Node.ReadIndex(7);
        s.Drain();
        s.Node.Tick();
        Assert.DoesNotContain(s.Drain(), m => m.Type == MessageType.AppendEntries);
        s.Node.Tick(); // the heartbeat round: every follower gets a frame with a round newer than the read's
        var heartbeat = Assert.Single(s.Drain(), m => m.Type == MessageType.AppendEntries);
        s.Step(Scripted.Ack(2, 1, s.Node.Term, 1, round: heartbeat.Round));
        s.Step(Scripted.Ack(5, 1, s.Node.Term, 1, round: heartbeat.Round));
        s.Drain();
        Assert.Equal([(7, 1, RefusalReason.None)], s.Host.Reads);
    }

    [Fact]
    public void S6_4_a_leader_that_is_not_loaded_sends_the_reads_round_at_once()
    {
        var s = Scripted.LeaderOfFiveInStep();
        Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 0, 0, 0, 2));
        s.Drain(); // one append in flight, but not loaded: light load never waits for a commit
        s.Node.ReadIndex(7);
        var heartbeat = Assert.Single(s.Drain(), m => m.Type == MessageType.AppendEntries);
        Assert.Equal(0, s.Node.Stats.ReadRoundsDeferred);
        s.Step(Scripted.Ack(2, 1, s.Node.Term, 1, round: heartbeat.Round));
        s.Step(Scripted.Ack(3, 1, s.Node.Term, 1, round: heartbeat.Round));
        s.Drain();
        Assert.Equal([(7, 1, RefusalReason.None)], s.Host.Reads);
    }
}
