using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>
/// When a leader asks its host to compact (§7): it waits for every recently active follower that still needs the
/// entries, refusing proposals (ProposalQueueFull) while its log is full, so a healthy cluster never needs a snapshot
/// transfer; only a log full for an election timeout, or a follower not heard from within one, lets it compact past a
/// follower. While a snapshot transfer runs it waits until the log is full, since a new snapshot would restart that
/// transfer from its first byte.
/// </summary>
public class CompactionDueTests
{
    private const int Capacity = 16;
    private const int Uncommitted = 4;
    private const int ElectionTicks = 10;

    /// <summary>A leader of three; node 2 acknowledges everything, node 3 (still counted active) nothing.</summary>
    private static Scripted Leader()
    {
        var s = new Scripted(1, 3, c =>
        {
            c.LogCapacity = Capacity;
            c.MaxUncommittedEntries = Uncommitted;
            c.CompactionThreshold = 4;
            c.ElectionTicks = ElectionTicks;
        });
        s.Host.AutoCompact = false;
        s.BecomeLeader(2);
        s.Step(Scripted.Ack(2, 1, s.Node.Term, 1));
        s.Drain();
        return s;
    }

    private static void FillTo(Scripted s, int lastIndex)
    {
        while (s.Node.Log.LastIndex < lastIndex)
        {
            Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 1, 0, 0, s.Node.Log.LastIndex));
            s.Drain();
            s.Step(Scripted.Ack(2, 1, s.Node.Term, s.Node.Log.LastIndex));
            s.Drain();
        }

        Assert.Equal(lastIndex, s.Node.AppliedIndex);
    }

    [Fact]
    public void S7_a_leader_waits_for_a_lagging_active_follower_and_refuses_proposals_while_its_log_is_full()
    {
        Scripted s = Leader();
        FillTo(s, Capacity - Uncommitted);
        Assert.False(s.Node.CompactionDue); // node 3 still needs the entries

        FillTo(s, Capacity);
        Assert.Equal(0, s.Node.Log.Free);
        Assert.False(s.Node.CompactionDue); // full, but compacting would cut node 3 off the ring
        Assert.Equal(ErrorCode.ProposalQueueFull, s.Node.Propose(EntryKind.Set, 1, 0, 0, 99)); // backpressure
        s.Drain();

        s.Step(Scripted.Ack(3, 1, s.Node.Term, Capacity)); // node 3 catches up from the ring
        s.Drain();
        Assert.True(s.Node.CompactionDue);
        s.Host.Compact();
        Assert.Equal(Capacity, s.Node.Log.SnapshotIndex);
        Assert.DoesNotContain(s.Drain(), m => m.Type == MessageType.SnapshotChunk);
    }

    [Fact]
    public void S7_a_follower_that_answers_but_does_not_catch_up_holds_compaction_for_at_most_an_election_timeout()
    {
        Scripted s = Leader();
        FillTo(s, Capacity);
        for (int t = 0; t < ElectionTicks; t++)
        {
            Assert.False(s.Node.CompactionDue);
            s.Node.Tick();
            s.Step(Scripted.Ack(2, 1, s.Node.Term, Capacity));
            s.Step(Scripted.Ack(3, 1, s.Node.Term, 1)); // heard, so still active, but stuck
            s.Drain();
        }

        Assert.True(s.Node.CompactionDue);
    }

    [Fact]
    public void S7_a_follower_not_heard_from_within_an_election_timeout_does_not_hold_compaction()
    {
        Scripted s = Leader();
        FillTo(s, Capacity - Uncommitted);
        Assert.False(s.Node.CompactionDue);
        for (int t = 0; t < ElectionTicks; t++)
        {
            s.Node.Tick();
            s.Step(Scripted.Ack(2, 1, s.Node.Term, s.Node.Log.LastIndex));
            s.Drain();
        }

        Assert.Equal(Role.Leader, s.Node.Role);
        Assert.True(s.Node.CompactionDue); // node 3 is silent: not recently active
    }

    [Fact]
    public void S7_while_a_snapshot_transfer_runs_a_leader_compacts_again_only_when_its_log_is_full()
    {
        Scripted s = Leader();
        FillTo(s, Capacity - Uncommitted);
        s.Host.Compact();
        Assert.Equal(Capacity - Uncommitted, s.Node.Log.SnapshotIndex);
        var chunk = Assert.Single(s.Drain(), m => m.To == 3); // node 3 (Next = 1) needs the snapshot
        Assert.Equal(MessageType.SnapshotChunk, chunk.Type);

        FillTo(s, s.Node.Log.SnapshotIndex + Capacity - 1);
        Assert.Equal(1, s.Node.Log.Free);
        Assert.False(s.Node.CompactionDue); // threshold reached long ago, but the transfer is under way

        FillTo(s, s.Node.Log.SnapshotIndex + Capacity);
        Assert.Equal(0, s.Node.Log.Free);
        Assert.True(s.Node.CompactionDue); // full: proposals would be refused, so the transfer must start over
    }
}
