using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>
/// Start-up from durable state (Figure 2: currentTerm, votedFor and log[] are persistent): every piece the host
/// restores is checked against the others, a bad one is refused with a clear error, and a good one is taken as is.
/// </summary>
public class RestoreTests
{
    private static RaftNode Fresh() => new(new Config { NodeId = 1, Members = [1, 2, 3], ClusterKey = TestCluster.Key });

    // The founders' configuration head, then three bytes of the state machine's part.
    private static readonly byte[] Snapshot = SnapshotBlob.With([1, 2, 3], [7, 8, 9]);

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(0, -1)]
    public void A_negative_term_or_commit_index_is_refused(int term, int commit)
    {
        RaftNode n = Fresh();
        Assert.Equal(ErrorCode.BadPersistentState, n.RestoreHardState(term, NodeId.None, commit));
        Assert.Equal(0, n.Term);
    }

    [Fact]
    public void A_vote_for_an_id_no_board_can_carry_is_refused()
    {
        RaftNode n = Fresh();
        Assert.Equal(ErrorCode.BadPersistentState, n.RestoreHardState(3, NodeId.MaxId + 1, 0));
        Assert.Equal(ErrorCode.BadPersistentState, n.RestoreHardState(3, -2, 0));
        Assert.Equal(0, n.Term);
        Assert.Equal(ErrorCode.None, n.RestoreHardState(3, 2, 0));
        Assert.Equal(2, n.Vote);
    }

    [Fact]
    public void A_vote_for_a_board_outside_the_founders_is_taken_it_may_have_joined_later()
    {
        // The vote is restored before the snapshot and entries that tell the configuration (§4: members change).
        RaftNode n = Fresh();
        Assert.Equal(ErrorCode.None, n.RestoreHardState(3, 9, 0));
        Assert.Equal(9, n.Vote);
    }

    [Theory]
    [InlineData(0, 2)] // index 0 is the empty log, not a snapshot
    [InlineData(5, 0)] // term 0 holds no entry
    [InlineData(5, 4)] // a snapshot cannot come from a term later than the saved one
    public void A_snapshot_with_an_impossible_position_is_refused(int index, int snapshotTerm)
    {
        RaftNode n = Fresh();
        n.RestoreHardState(3, NodeId.None, 0);
        Assert.Equal(ErrorCode.BadPersistentState, n.RestoreSnapshot(index, snapshotTerm, Snapshot, 0, Snapshot.Length));
        Assert.Equal(0, n.Log.SnapshotIndex);
    }

    [Fact]
    public void A_snapshot_at_index_1_of_the_saved_term_is_taken_whole()
    {
        RaftNode n = Fresh();
        n.RestoreHardState(3, NodeId.None, 0);
        Assert.Equal(ErrorCode.None, n.RestoreSnapshot(1, 3, Snapshot, 0, Snapshot.Length));
        Assert.Equal(1, n.Log.SnapshotIndex);
        Assert.Equal(3, n.Log.SnapshotTerm);
        Assert.Equal(Snapshot.Length, n.SnapshotLength);
        Assert.Equal(Snapshot, n.SnapshotData.Take(Snapshot.Length));
    }

    [Fact]
    public void A_snapshot_is_copied_from_the_given_offset()
    {
        RaftNode n = Fresh();
        n.RestoreHardState(3, NodeId.None, 0);
        byte[] padded = [0xEE, 0xEE, .. Snapshot, 0xEE];
        Assert.Equal(ErrorCode.None, n.RestoreSnapshot(4, 2, padded, 2, Snapshot.Length));
        Assert.Equal(Snapshot, n.SnapshotData.Take(Snapshot.Length));
        Assert.Equal(Snapshot.Length, n.SnapshotLength);
    }

    [Theory]
    [InlineData(0, 0)] // empty
    [InlineData(-1, 3)] // before the buffer
    [InlineData(6, 3)] // past the end of the buffer (8 bytes)
    public void Snapshot_bytes_outside_the_buffer_are_refused(int offset, int length)
    {
        Assert.Equal(8, Snapshot.Length);
        RaftNode n = Fresh();
        n.RestoreHardState(3, NodeId.None, 0);
        Assert.Equal(ErrorCode.BadSnapshot, n.RestoreSnapshot(4, 2, Snapshot, offset, length));
        Assert.Equal(ErrorCode.BadSnapshot, n.RestoreSnapshot(4, 2, null!, 0, 1));
        Assert.Equal(0, n.Log.SnapshotIndex);
    }

    [Fact]
    public void A_snapshot_larger_than_this_database_can_write_is_refused_and_one_that_just_fits_is_taken()
    {
        RaftNode n = Fresh();
        n.RestoreHardState(3, NodeId.None, 0);
        int max = n.SnapshotData.Length;
        Assert.Equal(n.Config.SnapshotBufferBytes, max); // the whole blob: configuration head and database
        byte[] big = SnapshotBlob.OfLength(max + 1, [1, 2, 3]);
        Assert.Equal(ErrorCode.BadSnapshot, n.RestoreSnapshot(4, 2, big, 0, max + 1));
        Assert.Equal(0, n.Log.SnapshotIndex);
        byte[] fits = SnapshotBlob.OfLength(max, [1, 2, 3], offset: 1);
        Assert.Equal(ErrorCode.None, n.RestoreSnapshot(4, 2, fits, 1, max));
        Assert.Equal(4, n.Log.SnapshotIndex);
    }

    [Fact]
    public void A_snapshot_after_entries_or_after_start_is_refused()
    {
        RaftNode n = Fresh();
        n.RestoreHardState(3, NodeId.None, 0);
        Assert.Equal(ErrorCode.None, n.RestoreEntry(1, 1, EntryKind.Noop, 0, 0, 0, 0));
        Assert.Equal(ErrorCode.InvalidState, n.RestoreSnapshot(4, 2, Snapshot, 0, Snapshot.Length));

        RaftNode started = Fresh();
        started.Tick();
        Assert.Equal(ErrorCode.InvalidState, started.RestoreSnapshot(4, 2, Snapshot, 0, Snapshot.Length));
        Assert.Equal(ErrorCode.InvalidState, started.RestoreHardState(1, NodeId.None, 0));
        Assert.Equal(ErrorCode.InvalidState, started.RestoreEntry(1, 1, EntryKind.Noop, 0, 0, 0, 0));
    }

    [Theory]
    [InlineData(2, 2)] // a gap: index 1 is missing
    [InlineData(1, 4)] // a term later than the saved term
    public void An_entry_out_of_place_is_refused(int index, int entryTerm)
    {
        RaftNode n = Fresh();
        n.RestoreHardState(3, NodeId.None, 0);
        Assert.Equal(ErrorCode.BadPersistentState, n.RestoreEntry(index, entryTerm, EntryKind.Set, 0, 0, 0, 0));
        Assert.Equal(0, n.Log.LastIndex);
    }

    [Fact]
    public void S5_3_entry_terms_never_decrease_along_the_log()
    {
        RaftNode n = Fresh();
        n.RestoreHardState(3, NodeId.None, 0);
        Assert.Equal(ErrorCode.None, n.RestoreEntry(1, 2, EntryKind.Set, 0, 0, 0, 0));
        Assert.Equal(ErrorCode.BadPersistentState, n.RestoreEntry(2, 1, EntryKind.Set, 0, 0, 0, 0));
        Assert.Equal(ErrorCode.BadPersistentState, n.RestoreEntry(2, 2, (EntryKind)99, 0, 0, 0, 0));
        Assert.Equal(ErrorCode.None, n.RestoreEntry(2, 2, EntryKind.Set, 0, 0, 0, 0));
        Assert.Equal(2, n.Log.StableIndex); // restored entries are durable already
    }

    [Fact]
    public void A_saved_commit_index_beyond_the_log_is_cut_to_the_last_entry()
    {
        RaftNode n = Fresh();
        n.RestoreHardState(3, NodeId.None, 10);
        for (int i = 1; i <= 3; i++) n.RestoreEntry(i, 1, EntryKind.Set, 0, 0, 0, i);
        n.Tick();
        Assert.Equal(3, n.CommitIndex);
        Assert.Equal(0, n.AppliedIndex);
    }

    [Fact]
    public void A_saved_commit_index_below_the_snapshot_is_raised_to_it()
    {
        RaftNode n = Fresh();
        n.RestoreHardState(3, NodeId.None, 2);
        n.RestoreSnapshot(5, 2, Snapshot, 0, Snapshot.Length);
        n.RestoreEntry(6, 3, EntryKind.Set, 0, 0, 0, 6);
        n.Tick();
        Assert.Equal(5, n.CommitIndex); // the snapshot holds only committed entries (§7)
        Assert.Equal(5, n.AppliedIndex);
        Assert.Equal(6, n.Log.StableIndex);
    }
}
