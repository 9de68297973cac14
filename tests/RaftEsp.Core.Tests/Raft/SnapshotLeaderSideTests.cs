using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>
/// The leader's side of §7 InstallSnapshot: which follower gets a snapshot instead of entries, chunk after chunk at
/// the offset the follower asks for, what a late acknowledgement does to a transfer under way, and how the follower
/// goes back to entries once it holds the snapshot.
/// </summary>
public class SnapshotLeaderSideTests
{
    /// <summary>Commands before the snapshot; their large values fill the database's slots (5 bytes each).</summary>
    private const int Commands = 46;

    /// <summary>The no-op, then the commands: the index the leader compacts at.</summary>
    private const int SnapshotAt = Commands + 1;

    /// <summary>
    /// A leader of three (term 1) whose snapshot at <see cref="SnapshotAt"/> takes two chunks, with one frame in flight
    /// per follower. Every entry but the last two is on both followers; the second-to-last reached node 3 and is
    /// unanswered, which fills its flow-control window, so the last goes to node 2 only. Node 2 acknowledges it, and
    /// the leader compacts: node 3's <c>Next</c> is then exactly the snapshot index.
    /// </summary>
    private static Scripted LeaderWithNode3AtTheSnapshotIndex()
    {
        var s = new Scripted(1, 3, c =>
        {
            c.LogCapacity = 64;
            c.MaxUncommittedEntries = 8;
            c.CompactionThreshold = 4;
            c.DatabaseSlots = Config.MaxDatabaseSlots;
            c.ClientSessions = 16;
            c.MaxInflightFrames = 1;
        });
        s.Host.AutoCompact = false;
        s.BecomeLeader(2);
        int term = s.Node.Term;
        s.Step(Scripted.Ack(2, 1, term, 1));
        s.Step(Scripted.Ack(3, 1, term, 1));
        s.Drain();
        for (int k = 1; k <= Commands; k++)
        {
            Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, k, 0, 0, 1_000_000_000 + k));
            s.Drain();
            int last = s.Node.Log.LastIndex;
            s.Step(Scripted.Ack(2, 1, term, last));
            if (last < SnapshotAt - 1) s.Step(Scripted.Ack(3, 1, term, last));
            s.Drain();
        }

        Assert.Equal(SnapshotAt, s.Node.CommitIndex);
        Assert.Equal(SnapshotAt, s.Node.AppliedIndex);
        s.Host.Compact();
        Assert.Equal(SnapshotAt, s.Node.Log.SnapshotIndex);
        return s;
    }

    private static Message SnapshotAnswer(int term, int index, int offset, bool reject = false, int round = 0)
    {
        var m = Scripted.Msg(MessageType.SnapshotResponse, 3, 1, term, index: index, reject: reject);
        m.Offset = offset;
        m.Round = round;
        return m;
    }

    [Fact]
    public void S7_a_follower_whose_next_entry_is_the_snapshot_index_gets_the_snapshot()
    {
        Scripted s = LeaderWithNode3AtTheSnapshotIndex();
        // Entry SnapshotAt is no longer in the log: node 3 (Next = SnapshotAt) can only be brought up to date by the snapshot.
        var sent = s.Drain();
        var chunk = Assert.Single(sent, m => m.To == 3);
        Assert.Equal(MessageType.SnapshotChunk, chunk.Type);
        Assert.Equal(SnapshotAt, chunk.Index);
        Assert.Equal(s.Node.Term, chunk.LogTerm);
        Assert.Equal(0, chunk.Offset);
        Assert.True(chunk.TotalLength > FrameLimits.MaxSnapshotChunkData, "the test needs a snapshot of two chunks");
        Assert.Equal(FrameLimits.MaxSnapshotChunkData, chunk.DataLength);
        Assert.DoesNotContain(sent, m => m.Type == MessageType.AppendEntries && (m.To == 3 || m.To == NodeId.Broadcast));
    }

    [Fact]
    public void S7_chunks_follow_the_offset_the_follower_asks_for_then_entries_resume_after_the_snapshot()
    {
        Scripted s = LeaderWithNode3AtTheSnapshotIndex();
        int term = s.Node.Term;
        var first = Assert.Single(s.Drain(), m => m.To == 3);
        int total = first.TotalLength;
        int sentBefore = s.Node.Stats.SnapshotChunksSent;

        s.Step(SnapshotAnswer(term, SnapshotAt, first.DataLength));
        var second = Assert.Single(s.Drain(), m => m.To == 3);
        Assert.Equal(MessageType.SnapshotChunk, second.Type);
        Assert.Equal(first.DataLength, second.Offset);
        Assert.Equal(total - first.DataLength, second.DataLength);
        Assert.Equal(sentBefore + 1, s.Node.Stats.SnapshotChunksSent);

        // The follower holds all of it: the leader probes from just after the snapshot.
        s.Step(SnapshotAnswer(term, SnapshotAt, total));
        Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 9, 0, 0, 900));
        var after = s.Drain();
        Assert.DoesNotContain(after, m => m.Type == MessageType.SnapshotChunk);
        var append = Assert.Single(after, m => m.Type == MessageType.AppendEntries && (m.To == 3 || m.To == NodeId.Broadcast));
        Assert.Equal(SnapshotAt, append.Index);
        Assert.Equal(term, append.LogTerm);
        Assert.Equal(1, append.EntryCount);
        Assert.Equal(900, append.Values[0]);
    }

    [Fact]
    public void S7_a_late_acknowledgement_of_an_entry_before_the_snapshot_does_not_restart_the_transfer()
    {
        Scripted s = LeaderWithNode3AtTheSnapshotIndex();
        int term = s.Node.Term;
        var first = Assert.Single(s.Drain(), m => m.To == 3);
        s.Step(SnapshotAnswer(term, SnapshotAt, first.DataLength));
        var second = Assert.Single(s.Drain(), m => m.To == 3);
        Assert.Equal(first.DataLength, second.Offset);

        // Node 3's answer to the entry before the snapshot, sent before the compaction, arrives only now.
        s.Step(Scripted.Ack(3, 1, term, SnapshotAt - 1));
        Assert.DoesNotContain(s.Drain(), m => m.To == 3); // the second chunk is still out: nothing new to send

        // A new round resends the unanswered chunk from where the transfer stands, not from byte 0.
        s.Node.Tick();
        var resent = Assert.Single(s.Drain(), m => m.To == 3);
        Assert.Equal(MessageType.SnapshotChunk, resent.Type);
        Assert.Equal(first.DataLength, resent.Offset);
    }

    [Fact]
    public void S7_a_refused_chunk_restarts_the_transfer_from_the_first_byte_at_the_next_round()
    {
        Scripted s = LeaderWithNode3AtTheSnapshotIndex();
        int term = s.Node.Term;
        var first = Assert.Single(s.Drain(), m => m.To == 3);
        s.Step(SnapshotAnswer(term, SnapshotAt, first.DataLength));
        Assert.Single(s.Drain(), m => m.To == 3 && m.Offset == first.DataLength);

        s.Step(SnapshotAnswer(term, SnapshotAt, 0, reject: true));
        var again = Assert.Single(s.Drain(), m => m.To == 3);
        Assert.Equal(MessageType.SnapshotChunk, again.Type);
        Assert.Equal(0, again.Offset);
    }

    [Fact]
    public void S7_an_answer_about_another_snapshot_is_ignored()
    {
        Scripted s = LeaderWithNode3AtTheSnapshotIndex();
        int term = s.Node.Term;
        var first = Assert.Single(s.Drain(), m => m.To == 3);
        s.Step(SnapshotAnswer(term, SnapshotAt - 1, first.TotalLength)); // not the snapshot being sent
        Assert.DoesNotContain(s.Drain(), m => m.To == 3);
        s.Node.Tick();
        var resent = Assert.Single(s.Drain(), m => m.To == 3);
        Assert.Equal(MessageType.SnapshotChunk, resent.Type);
        Assert.Equal(0, resent.Offset);
    }
    /// <summary>Runs the whole transfer to node 3, resending the first chunk once at a new round.</summary>
    private static void TransferWithOneRoundBetween(Scripted s)
    {
        int term = s.Node.Term;
        var first = Assert.Single(s.Drain(), m => m.To == 3);
        s.Node.Tick(); // a round: the unanswered chunk goes again
        Assert.Single(s.Drain(), m => m.To == 3 && m.Type == MessageType.SnapshotChunk && m.Offset == 0);
        s.Step(SnapshotAnswer(term, SnapshotAt, first.DataLength));
        Assert.Single(s.Drain(), m => m.To == 3 && m.Offset == first.DataLength);
        s.Step(SnapshotAnswer(term, SnapshotAt, first.TotalLength));
    }

    [Fact]
    public void S7_once_the_follower_holds_the_snapshot_and_knows_the_commit_index_it_hears_again_at_the_next_round()
    {
        Scripted s = LeaderWithNode3AtTheSnapshotIndex();
        TransferWithOneRoundBetween(s);
        // Nothing after the snapshot to send and its commit index is known to node 3: no frame until the round.
        Assert.DoesNotContain(s.Drain(), m => m.To == 3 || m.To == NodeId.Broadcast);
        s.Node.Tick();
        var probe = Assert.Single(s.Drain(), m => m.To == 3 || m.To == NodeId.Broadcast); // shared with node 2, in step too
        Assert.Equal(MessageType.AppendEntries, probe.Type);
        Assert.Equal(SnapshotAt, probe.Index);
    }

    [Fact]
    public void S6_4_a_snapshot_answer_confirms_the_round_of_a_pending_read()
    {
        Scripted s = LeaderWithNode3AtTheSnapshotIndex();
        int term = s.Node.Term;
        var first = Assert.Single(s.Drain(), m => m.To == 3);
        Assert.Equal(ErrorCode.None, s.Node.ReadIndex(7));
        var chunk = Assert.Single(s.Drain(), m => m.To == 3); // the read's round resends the chunk
        Assert.Equal(MessageType.SnapshotChunk, chunk.Type);
        Assert.True(chunk.Round > first.Round);
        Assert.Empty(s.Host.Reads);

        // Node 2 stays silent; node 3's answer to the chunk is the majority's acknowledgement of the round.
        s.Step(SnapshotAnswer(term, SnapshotAt, chunk.DataLength, round: chunk.Round));
        s.Drain();
        Assert.Equal([(7, SnapshotAt, RefusalReason.None)], s.Host.Reads);
    }

    [Fact]
    public void S7_a_duplicate_of_the_last_snapshot_answer_after_the_transfer_is_ignored()
    {
        Scripted s = LeaderWithNode3AtTheSnapshotIndex();
        int term = s.Node.Term;
        var first = Assert.Single(s.Drain(), m => m.To == 3);
        s.Step(SnapshotAnswer(term, SnapshotAt, first.DataLength));
        s.Drain();
        s.Step(SnapshotAnswer(term, SnapshotAt, first.TotalLength));
        s.Node.Tick();
        var probe = Assert.Single(s.Drain(), m => m.To == 3 || m.To == NodeId.Broadcast);
        // Node 3 holds the snapshot and nothing after it: a probe answered at the known match puts it in step.
        s.Step(Scripted.Ack(3, 1, term, SnapshotAt, round: probe.Round));
        Assert.Equal(ProgressState.Replicate, s.Node.ProgressOf(3).State);

        // Entry A reaches node 3 at once.
        Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 9, 0, 0, 900));
        var a = Assert.Single(s.Drain(), m => m.Type == MessageType.AppendEntries && (m.To == 3 || m.To == NodeId.Broadcast));
        Assert.Equal(SnapshotAt, a.Index);
        Assert.Equal(900, a.Values[0]);
        s.Step(Scripted.Ack(3, 1, term, SnapshotAt + 1));
        Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 10, 0, 0, 1000));
        var b = Assert.Single(s.Drain(), m => m.Type == MessageType.AppendEntries && (m.To == 3 || m.To == NodeId.Broadcast));
        Assert.Equal(SnapshotAt + 1, b.Index);

        // The radio delivers the last snapshot answer again. Node 3's window (1 frame) stays taken by entry B.
        s.Step(SnapshotAnswer(term, SnapshotAt, first.TotalLength));
        Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 11, 0, 0, 1100));
        Assert.DoesNotContain(s.Drain(), m => m.To == 3 || m.To == NodeId.Broadcast);
        s.Step(Scripted.Ack(3, 1, term, SnapshotAt + 2));
        var c = Assert.Single(s.Drain(), m => m.Type == MessageType.AppendEntries && (m.To == 3 || m.To == NodeId.Broadcast));
        Assert.Equal(SnapshotAt + 2, c.Index);
        Assert.Equal(1100, c.Values[0]);
    }
    [Fact]
    public void S5_2_a_leader_ignores_a_snapshot_chunk_from_another_node_claiming_its_term()
    {
        // Election Safety makes this impossible; a leader that took it would replace its own state.
        var s = new Scripted(1, 3);
        s.BecomeLeader(2);
        var chunk = Scripted.Msg(MessageType.SnapshotChunk, 2, 1, s.Node.Term, index: 6, logTerm: s.Node.Term);
        chunk.TotalLength = 3;
        chunk.DataLength = 3;
        s.Step(chunk);
        Assert.DoesNotContain(s.Drain(), m => m.Type == MessageType.SnapshotResponse);
        Assert.Equal(Role.Leader, s.Node.Role);
        Assert.Equal(0, s.Node.Log.SnapshotIndex);
        Assert.Equal(1, s.Node.Log.LastIndex);
    }
}
