using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>
/// A loaded leader defers its own flash write (docs/design.md, "Replication"). Raft's safety needs a majority of durable
/// copies of a committed entry (§5.4), each acknowledgement sent only once the follower's copy is durable (§5.3); the
/// leader may send before its own write and counts its copy only once durable (§10.2.1 of Ongaro's dissertation). So a
/// deferring leader commits with a full quorum of followers, writes within its bound, at once when it steps down or
/// the followers stop answering, and never while lightly loaded.
/// </summary>
public class OwnWriteDeferralTests
{
    /// <summary>A loaded leader (<see cref="Scripted.LoadedLeaderOfFive"/>): its Ready leaves 3..8 unwritten.</summary>
    private static Scripted DeferringLeader(Action<Config>? tweak = null) => Scripted.LoadedLeaderOfFive(out _, out _, tweak);

    private static int StoredLast(Scripted s) => s.Host.Storage.Entries.Count == 0 ? 0 : s.Host.Storage.Entries.Max(e => e.Index);

    private static void AckAll(Scripted s, int index, params int[] followers)
    {
        foreach (int f in followers) s.Step(Scripted.Ack(f, 1, s.Node.Term, index));
    }

    [Fact]
    public void A_loaded_leader_leaves_its_newest_entries_unwritten_and_says_so()
    {
        var s = DeferringLeader();
        Assert.Equal(8, s.Node.Log.LastIndex);
        Assert.Equal(2, s.Node.Log.StableIndex);
        Assert.Equal(2, StoredLast(s));
        Assert.True(s.Node.OwnCopyDeferred);
        Assert.False(s.Node.HasReady); // nothing else to do: the host is not asked for an empty pass
    }

    [Fact]
    public void An_idle_leader_writes_a_new_entry_at_once()
    {
        var s = Scripted.LeaderOfFiveInStep();
        Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 0, 0, 0, 2));
        s.Drain();
        Assert.Equal(2, StoredLast(s));
        Assert.False(s.Node.OwnCopyDeferred);
    }

    [Fact]
    public void A_leader_with_a_few_commands_uncommitted_is_not_loaded_however_long_they_wait()
    {
        // Light load: three clients that each wait for their answer never have more than three commands uncommitted,
        // however many of their appends overlap one in flight (a stalled command, the others' next ones behind it).
        var s = Scripted.LeaderOfFiveInStep();
        Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 0, 0, 0, 2));
        s.Drain();
        for (int v = 3; v <= 4; v++) Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 0, 0, 0, v));
        s.Drain();
        AckAll(s, 3, 2, 3); // entries 2 and 3 commit; 4 still waits, in flight
        s.Drain();
        for (int v = 5; v <= 6; v++) Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 0, 0, 0, v));
        s.Drain();
        Assert.Equal(6, StoredLast(s));
        Assert.False(s.Node.OwnCopyDeferred);
    }

    [Fact]
    public void With_deferral_off_a_loaded_leader_writes_every_entry_in_the_Ready_that_has_it()
    {
        var s = DeferringLeader(c => c.OwnWriteDeferralTicks = 0);
        Assert.Equal(8, StoredLast(s));
        Assert.False(s.Node.OwnCopyDeferred);
    }

    [Fact]
    public void A_deferring_leader_never_counts_its_own_unwritten_copy_towards_a_majority()
    {
        var s = DeferringLeader();
        AckAll(s, 2, 2, 3); // entry 2 is durable here and on two followers: 3 of 5
        s.Drain(); // entries 3..8 go out now that entry 2 is committed
        Assert.Equal(2, s.Node.CommitIndex);

        // Entries 3..8 are in three logs (the leader's memory and two followers' flash), but durable on only two:
        // §5.4 needs a majority of durable copies, so they are not committed.
        AckAll(s, 8, 2, 3);
        s.Drain();
        Assert.Equal(2, s.Node.CommitIndex);
        Assert.Equal(2, s.Node.Log.StableIndex);

        // A third follower makes three durable copies: a full quorum of followers commits them.
        AckAll(s, 8, 4);
        s.Drain();
        Assert.Equal(8, s.Node.CommitIndex);
        Assert.Equal(2, StoredLast(s)); // still not written here: committed on the followers' copies alone
        Assert.Equal(8, s.Node.AppliedIndex);
        Assert.Equal(1, s.Host.Storage.Commit); // no hard-state write either: the commit index rides with the next write
    }

    [Fact]
    public void A_deferring_leader_writes_within_its_bound_of_ticks_while_the_followers_keep_committing()
    {
        var s = DeferringLeader(); // bound: 2 ticks
        s.Node.Tick();
        s.Drain();
        Assert.Equal(2, StoredLast(s)); // one tick: still deferred

        AckAll(s, 2, 2, 3, 4); // the followers answer: the commit index moves before the next tick
        s.Drain();
        s.Node.Tick();
        s.Drain();
        Assert.Equal(8, StoredLast(s));
        Assert.Equal(8, s.Node.Log.StableIndex);
        Assert.False(s.Node.OwnCopyDeferred);
    }

    [Fact]
    public void A_deferring_leader_writes_at_once_after_a_tick_in_which_the_followers_committed_nothing()
    {
        // A bound far off, so only the stall can end the deferral.
        var s = DeferringLeader(c => c.OwnWriteDeferralTicks = 8);
        s.Node.Tick(); // the commit index moved since the last tick (there was none): counted, not a stall
        s.Drain();
        Assert.Equal(2, StoredLast(s));

        s.Node.Tick(); // no acknowledgement meanwhile: loss or a dead follower; the leader's copy must count now
        s.Drain();
        Assert.Equal(8, StoredLast(s));
        AckAll(s, 8, 2, 3); // two followers and the leader's durable copy: a majority again
        s.Drain();
        Assert.Equal(8, s.Node.CommitIndex);
    }

    [Fact]
    public void A_leader_without_a_quorum_of_followers_in_step_never_defers()
    {
        // Nodes 4 and 5 never answered: they are probed, not in step. Two followers cannot commit alone, so the
        // leader's own copy is one of the three durable copies every commit needs.
        var s = new Scripted(1, 5);
        s.BecomeLeader(2, 3);
        AckAll(s, 1, 2, 3);
        s.Drain();
        Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 0, 0, 0, 2));
        s.Drain();
        for (int v = 3; v <= 8; v++) Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 0, 0, 0, v));
        s.Drain();
        Assert.Equal(ProgressState.Probe, s.Node.ProgressOf(4).State);
        Assert.Equal(8, StoredLast(s));
        Assert.False(s.Node.OwnCopyDeferred);
    }

    [Fact]
    public void A_deferring_leader_that_steps_down_writes_its_entries_before_it_acknowledges_any()
    {
        var s = DeferringLeader();
        int term = s.Node.Term;

        // Node 2 leads a later term and holds the same log (index 8 of this term): the old leader follows and
        // acknowledges index 8, which vouches for a durable copy (§5.3), so the same Ready writes entries 3..8.
        var append = Scripted.Msg(MessageType.AppendEntries, 2, 1, term + 1, index: 8, logTerm: term);
        append.Commit = 2;
        s.Step(append);
        var sent = s.Drain();
        Assert.Equal(Role.Follower, s.Node.Role);
        Assert.Equal(8, StoredLast(s));
        Assert.Contains(sent, m => m.Type == MessageType.AppendResponse && !m.Reject && m.Index == 8);
        Assert.False(s.Node.OwnCopyDeferred);
    }

    [Fact]
    public void A_Ready_that_carries_a_vote_answer_writes_the_whole_log_even_for_a_leader_that_stays_leader()
    {
        // A vote answer vouches for the log it compared (§5.4.1; Outbox.MustFollowPersist), so it never leaves a Ready
        // that defers entries, even a refusal from a leader that keeps leading.
        var s = DeferringLeader();
        int term = s.Node.Term;
        s.Step(Scripted.Msg(MessageType.VoteRequest, 3, 1, term, index: 8, logTerm: term));
        var sent = s.Drain();
        Assert.Equal(Role.Leader, s.Node.Role);
        Assert.Contains(sent, m => m.Type == MessageType.VoteResponse && m.Reject);
        Assert.Equal(8, StoredLast(s));
    }

    [Fact]
    public void While_its_Ready_is_out_the_leader_says_whether_that_Ready_writes_its_copy()
    {
        var s = DeferringLeader();
        Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 0, 0, 0, 9));
        s.Node.Flush();
        Ready deferring = s.Node.GetReady();
        Assert.Equal(2, deferring.PersistTo);
        Assert.True(s.Node.OwnCopyDeferred);
        s.Node.Advance();

        s.Node.Tick();
        s.Node.Tick(); // two ticks: past the bound, the next Ready writes everything
        s.Node.Flush();
        Ready writing = s.Node.GetReady();
        Assert.Equal(9, writing.PersistTo);
        Assert.False(s.Node.OwnCopyDeferred);
        s.Node.Advance();
    }

    [Fact]
    public void A_loaded_leader_writes_a_membership_entry_at_once()
    {
        var s = DeferringLeader();
        AckAll(s, 2, 2, 3, 4, 5);
        s.Drain();
        Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.AddLearner, 0, 0, 0, 6));
        s.Drain();
        Assert.Equal(EntryKind.AddLearner, s.Node.Log.KindAt(9));
        Assert.Equal(9, StoredLast(s));
        Assert.False(s.Node.OwnCopyDeferred);
    }

    [Fact]
    public void A_leader_that_crashes_while_deferring_restarts_without_its_unwritten_entries_and_nothing_committed_is_lost()
    {
        var c = new TestCluster(5);
        c.Elect(1);
        c.Stabilize();
        Assert.Equal(ErrorCode.None, c.Set(1, 0, 100));
        c.Flush(); // entry 2 leaves, in flight
        for (int i = 1; i <= 6; i++) Assert.Equal(ErrorCode.None, c.Set(1, i % 5, 100 + i));
        c.Flush(); // appended behind it: the leader is loaded and leaves them unwritten
        RaftNode leader = c.Node(1);
        Assert.True(leader.OwnCopyDeferred);

        c.Stabilize(); // no tick: the deferral lasts while the followers acknowledge and commit
        int committed = leader.CommitIndex;
        Assert.Equal(leader.Log.LastIndex, committed);
        Assert.True(leader.Log.StableIndex < committed, "the committed entries were not yet written by the leader");
        int[] values = c.Hosts[1].Values();
        Assert.Equal([105, 106, 102, 103, 104], values);

        c.CrashAndRestart(1);
        Assert.True(c.Node(1).Log.LastIndex < committed, "the restarted leader's log lacks what it never wrote");

        // Every committed entry is durable on a majority of followers: the next leader has them (§5.4.1) and the old
        // leader gets them back.
        c.RunUntil(() => c.Leader() is int l && l != 1 && c.Node(1).AppliedIndex >= committed, what: "a new leader and the old one caught up");
        foreach (int id in c.Ids)
        {
            Assert.True(c.Node(id).CommitIndex >= committed);
            Assert.Equal(values, c.Hosts[id].Values());
        }
    }
}
