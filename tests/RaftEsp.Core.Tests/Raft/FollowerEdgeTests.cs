using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>
/// The follower's side of §5.3 (AppendEntries) and §7 (InstallSnapshot) at their edges: answers below the commit
/// index, backtracking hints, the commit bound, and every branch of a chunked snapshot transfer.
/// </summary>
public class FollowerEdgeTests
{
    /// <summary>Node 1 restarted in <paramref name="term"/> with entries of <paramref name="entryTerms"/> and a durable commit index.</summary>
    private static Scripted Follower(int term, int commit, params int[] entryTerms)
    {
        var s = new Scripted(1, 3, c => c.DatabaseSlots = 8);
        s.Host.Storage.Commit = commit;
        s.Restore(term, entryTerms);
        return s;
    }

    private static Message Append(int term, int prevIndex, int prevTerm, int commit, int entriesTerm = 0, int entries = 0)
    {
        var m = Scripted.Msg(MessageType.AppendEntries, 2, 1, term, index: prevIndex, logTerm: prevTerm);
        m.Commit = commit;
        m.EntriesTerm = entriesTerm;
        m.EntryCount = entries;
        for (int k = 0; k < entries; k++) m.SetEntry(k, EntryKind.Set, k, 0, 0, 100 + k);
        return m;
    }

    [Fact]
    public void S5_3_a_frame_whose_previous_index_is_below_our_commit_is_answered_with_the_commit_index()
    {
        var s = Follower(2, 3, 1, 1, 1);
        s.Step(Append(2, prevIndex: 1, prevTerm: 1, commit: 3));
        var reply = Assert.Single(s.Drain());
        Assert.False(reply.Reject);
        Assert.Equal(3, reply.Index); // everything up to 3 is committed, so it matches the leader: skip ahead
        Assert.Equal(3, s.Node.Log.LastIndex);
    }

    [Fact]
    public void S5_3_the_backtracking_hint_starts_from_the_rejected_index_when_our_log_is_longer()
    {
        var s = Follower(3, 0, 1, 1, 2, 2, 2);
        s.Step(Append(3, prevIndex: 3, prevTerm: 3, commit: 0));
        var reply = Assert.Single(s.Drain());
        Assert.True(reply.Reject);
        Assert.Equal(3, reply.Index);
        Assert.Equal(3, reply.HintIndex); // not our last index 5: entries 4 and 5 say nothing about index 3
        Assert.Equal(2, reply.HintTerm);
    }

    [Fact]
    public void S5_3_the_backtracking_hint_is_our_last_index_when_the_leader_probes_beyond_it()
    {
        var s = Follower(3, 0, 1, 1);
        s.Step(Append(3, prevIndex: 6, prevTerm: 3, commit: 0));
        var reply = Assert.Single(s.Drain());
        Assert.True(reply.Reject);
        Assert.Equal(2, reply.HintIndex);
        Assert.Equal(1, reply.HintTerm);
    }

    [Fact]
    public void S5_3_a_follower_applies_only_entries_the_leader_says_are_committed()
    {
        var s = Follower(2, 0);
        s.Step(Append(2, prevIndex: 0, prevTerm: 0, commit: 1, entriesTerm: 2, entries: 3));
        var reply = Assert.Single(s.Drain());
        Assert.Equal(3, reply.Index);
        Assert.Equal(3, s.Node.Log.LastIndex);
        Assert.Equal(1, s.Node.CommitIndex);
        Assert.Equal([1], s.Host.AppliedLog.Select(a => a.Index));
        Assert.Equal(1, s.Node.AppliedIndex);

        s.Step(Append(2, prevIndex: 3, prevTerm: 2, commit: 3));
        s.Drain();
        Assert.Equal([1, 2, 3], s.Host.AppliedLog.Select(a => a.Index));
    }

    [Fact]
    public void S5_2_a_leader_ignores_an_append_from_another_node_claiming_its_term()
    {
        var s = new Scripted(1, 3);
        s.BecomeLeader(2);
        int last = s.Node.Log.LastIndex;
        s.Step(Append(s.Node.Term, prevIndex: last, prevTerm: s.Node.Term, commit: 0, entriesTerm: s.Node.Term, entries: 2));
        Assert.Equal(Role.Leader, s.Node.Role);
        Assert.Equal(last, s.Node.Log.LastIndex);
        Assert.DoesNotContain(s.Drain(), m => m.Type == MessageType.AppendResponse && m.To == 2);
    }

    // ---- §7 InstallSnapshot, chunk by chunk ----

    private static byte[] SnapshotOf(int slots, int index)
    {
        var db = new RaftEsp.Core.Database(slots, 16);
        var result = new ApplyResult();
        for (int i = 1; i <= index; i++) db.Apply(i, EntryKind.Set, i % slots, 0, 0, 1000 + i, result);
        var buffer = new byte[RaftEsp.Core.Database.MaxSnapshotSize(slots, 16)];
        int length = db.WriteSnapshot(buffer, 0);
        return SnapshotBlob.With([1, 2, 3], buffer.AsSpan(0, length).ToArray());
    }

    private static Message Chunk(int term, int index, int logTerm, byte[] snapshot, int offset, int length, int round = 0)
    {
        var m = Scripted.Msg(MessageType.SnapshotChunk, 2, 1, term, index: index, logTerm: logTerm);
        m.TotalLength = snapshot.Length;
        m.Offset = offset;
        m.DataLength = length;
        m.Round = round;
        Array.Copy(snapshot, offset, m.Data, 0, length);
        return m;
    }

    private static Scripted SnapshotFollower() => new(1, 3, c => { c.DatabaseSlots = 8; c.ClientSessions = 16; });

    [Fact]
    public void S7_a_snapshot_in_two_chunks_is_installed_and_each_chunk_is_acknowledged_with_the_next_offset()
    {
        byte[] snap = SnapshotOf(8, 6);
        var s = SnapshotFollower();
        s.Restore(2);
        int half = snap.Length / 2;
        s.Step(Chunk(2, 6, 2, snap, 0, half, round: 3));
        var first = Assert.Single(s.Drain());
        Assert.Equal(MessageType.SnapshotResponse, first.Type);
        Assert.False(first.Reject);
        Assert.Equal(half, first.Offset);
        Assert.Equal(6, first.Index);
        Assert.Equal(3, first.Round);
        Assert.Equal(0, s.Node.Log.SnapshotIndex);

        s.Step(Chunk(2, 6, 2, snap, half, snap.Length - half));
        var second = Assert.Single(s.Drain());
        Assert.False(second.Reject);
        Assert.Equal(snap.Length, second.Offset);
        Assert.Equal(6, s.Node.Log.SnapshotIndex);
        Assert.Equal(6, s.Node.CommitIndex);
        Assert.Equal(1006, s.Host.Values()[6 % 8]);
        Assert.Equal(1, s.Node.Stats.SnapshotsInstalled);
        Assert.Empty(s.Host.AppliedLog); // the snapshot replaces applying entries 1..6 one by one
    }

    [Fact]
    public void S7_a_new_transfer_must_start_at_offset_0()
    {
        byte[] snap = SnapshotOf(8, 6);
        var s = SnapshotFollower();
        s.Restore(2);
        s.Step(Chunk(2, 6, 2, snap, 2, 2));
        var reply = Assert.Single(s.Drain());
        Assert.True(reply.Reject);
        Assert.Equal(0, reply.Offset);
        Assert.Equal(0, s.Node.Log.SnapshotIndex);
    }

    [Fact]
    public void S7_an_out_of_order_chunk_is_answered_with_the_offset_we_need()
    {
        byte[] snap = SnapshotOf(8, 6);
        var s = SnapshotFollower();
        s.Restore(2);
        s.Step(Chunk(2, 6, 2, snap, 0, 3));
        s.Drain();
        s.Step(Chunk(2, 6, 2, snap, 5, 2));
        var reply = Assert.Single(s.Drain());
        Assert.False(reply.Reject);
        Assert.Equal(3, reply.Offset);
    }

    [Theory]
    [InlineData(7, 2, 0)] // another snapshot index
    [InlineData(6, 1, 0)] // another snapshot term
    [InlineData(6, 2, 1)] // another total length
    public void S7_a_chunk_of_another_snapshot_does_not_continue_the_transfer(int index, int logTerm, int extraLength)
    {
        byte[] snap = SnapshotOf(8, 6);
        var s = SnapshotFollower();
        s.Restore(2);
        s.Step(Chunk(2, 6, 2, snap, 0, 3));
        s.Drain();
        byte[] other = snap.Concat(new byte[extraLength]).ToArray();
        s.Step(Chunk(2, index, logTerm, other, 3, 3));
        var reply = Assert.Single(s.Drain());
        Assert.True(reply.Reject); // it would have to start over from byte 0
        Assert.Equal(0, reply.Offset);
    }

    [Fact]
    public void S7_a_snapshot_we_already_cover_is_acknowledged_whole_without_a_transfer()
    {
        byte[] snap = SnapshotOf(8, 3);
        var s = SnapshotFollower();
        s.Host.Storage.Commit = 3;
        s.Restore(2, 1, 1, 1);
        s.Step(Chunk(2, 3, 1, snap, 4, 4)); // not at offset 0, yet nothing is missing
        var reply = Assert.Single(s.Drain());
        Assert.False(reply.Reject);
        Assert.Equal(snap.Length, reply.Offset);
        Assert.Equal(0, s.Node.Log.SnapshotIndex);
    }

    [Fact]
    public void S7_a_snapshot_whose_last_entry_our_log_holds_keeps_the_entries_after_it()
    {
        byte[] snap = SnapshotOf(8, 2);
        var s = SnapshotFollower();
        s.Restore(2, 1, 1, 2, 2);
        s.Step(Chunk(2, 2, 1, snap, 0, snap.Length));
        var reply = Assert.Single(s.Drain());
        Assert.Equal(snap.Length, reply.Offset);
        Assert.Equal(4, s.Node.Log.LastIndex); // §7: "retain log entries following it"
        Assert.Equal(0, s.Node.Log.SnapshotIndex);
        Assert.Equal(2, s.Node.CommitIndex);
        Assert.Equal(0, s.Node.Stats.SnapshotsInstalled);
    }

    [Fact]
    public void A_snapshot_larger_than_our_database_can_be_is_dropped_as_a_bad_field()
    {
        var s = new Scripted(1, 3, c => { c.DatabaseSlots = 1; c.ClientSessions = 2; });
        s.Restore(2);
        byte[] big = new byte[FrameLimits.MaxSnapshotChunkData * 2];
        Assert.Equal(FrameError.None, s.Step(Chunk(2, 9, 2, big, 0, 16)));
        Assert.Empty(s.Drain());
        Assert.Equal(1, s.Node.Drops.Get(FrameError.BadField));
        Assert.Equal(0, s.Node.Log.SnapshotIndex);
    }
}
