using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>
/// When a leader asks its host to compact (§7): it waits for a live follower that still needs the entries while the
/// log has room for more than the uncommitted limit, and while a snapshot transfer runs it waits until the log is
/// full, since a new snapshot would restart that transfer from its first byte.
/// </summary>
public class CompactionDueTests
{
    private const int Capacity = 16;
    private const int Uncommitted = 4;

    /// <summary>A leader of three; node 2 acknowledges everything, node 3 (still counted active) nothing.</summary>
    private static Scripted Leader()
    {
        var s = new Scripted(1, 3, c =>
        {
            c.LogCapacity = Capacity;
            c.MaxUncommittedEntries = Uncommitted;
            c.CompactionThreshold = 4;
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
    public void S7_a_leader_waits_for_a_lagging_follower_only_while_more_than_the_uncommitted_limit_is_free()
    {
        Scripted s = Leader();
        FillTo(s, Capacity - Uncommitted - 1);
        Assert.Equal(Uncommitted + 1, s.Node.Log.Free);
        Assert.False(s.Node.CompactionDue); // node 3 still needs the entries, and there is room

        FillTo(s, Capacity - Uncommitted);
        Assert.Equal(Uncommitted, s.Node.Log.Free);
        Assert.True(s.Node.CompactionDue); // no more room than one full batch of uncommitted entries
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
