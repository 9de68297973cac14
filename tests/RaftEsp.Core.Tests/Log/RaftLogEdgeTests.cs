namespace RaftEsp.Core.Tests.Log;

/// <summary>The log ring at the boundaries its callers rely on: the snapshot point, the last entry, durability.</summary>
public class RaftLogEdgeTests
{
    private static RaftLog WithTerms(params int[] terms)
    {
        var log = new RaftLog(16);
        foreach (int t in terms) Assert.True(log.Append(t, EntryKind.Set, 0, 0, 0, t));
        return log;
    }

    [Fact]
    public void Count_and_free_room_follow_appends_and_compaction()
    {
        RaftLog log = WithTerms(1, 1, 1, 1, 1);
        Assert.Equal(5, log.Count);
        Assert.Equal(11, log.Free);
        log.CompactTo(3);
        Assert.Equal(2, log.Count);
        Assert.Equal(14, log.Free);
    }

    [Fact]
    public void Holds_only_the_entries_after_the_snapshot_up_to_the_last()
    {
        RaftLog log = WithTerms(1, 1, 1, 1);
        log.CompactTo(2);
        Assert.False(log.Holds(2));
        Assert.True(log.Holds(3));
        Assert.True(log.Holds(4));
        Assert.False(log.Holds(5));
    }

    [Fact]
    public void S5_3_truncation_may_drop_every_entry_after_the_snapshot_but_never_the_snapshot()
    {
        RaftLog log = WithTerms(1, 1, 2, 2);
        log.CompactTo(2);
        log.TruncateAfter(1); // below the snapshot: ignored
        Assert.Equal(4, log.LastIndex);
        log.TruncateAfter(2);
        Assert.Equal(2, log.LastIndex);
        Assert.Equal(1, log.LastTerm);
    }

    [Fact]
    public void Fast_backtracking_never_looks_below_the_snapshot()
    {
        RaftLog log = WithTerms(5, 5, 6, 6);
        log.CompactTo(2);
        // Term 1 is below every term we hold: the answer is the snapshot point, not a compacted slot.
        Assert.Equal(2, log.FindConflictByTerm(4, 1));
        Assert.Equal(4, log.FindConflictByTerm(9, 6)); // an index past the end starts from the last entry
    }

    [Fact]
    public void Durability_never_runs_ahead_of_the_log_nor_goes_back()
    {
        RaftLog log = WithTerms(1, 1, 1);
        log.StableTo(10);
        Assert.Equal(3, log.StableIndex);
        log.StableTo(1);
        Assert.Equal(3, log.StableIndex);
        Assert.True(log.Append(1, EntryKind.Noop, 0, 0, 0, 0));
        log.StableTo(4);
        Assert.Equal(4, log.StableIndex);
    }

    [Fact]
    public void Compaction_up_to_the_last_entry_is_allowed_and_counts_as_durable()
    {
        RaftLog log = WithTerms(1, 2, 3);
        log.CompactTo(3);
        Assert.Equal(3, log.SnapshotIndex);
        Assert.Equal(3, log.SnapshotTerm);
        Assert.Equal(3, log.StableIndex); // the host persisted the snapshot before compacting
        Assert.Equal(0, log.Count);
    }

    [Fact]
    public void Compaction_at_or_below_the_snapshot_or_past_the_end_changes_nothing()
    {
        RaftLog log = WithTerms(1, 2, 3, 4);
        log.CompactTo(2);
        log.CompactTo(2);
        log.CompactTo(1);
        log.CompactTo(5);
        Assert.Equal(2, log.SnapshotIndex);
        Assert.Equal(2, log.SnapshotTerm);
        Assert.Equal(2, log.StableIndex);
        log.StableTo(4);
        log.CompactTo(3);
        Assert.Equal(4, log.StableIndex); // compaction never lowers durability
    }
}
