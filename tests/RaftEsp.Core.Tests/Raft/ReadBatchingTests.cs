using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>
/// ReadIndex batching (§6.4; docs/design.md, "Reads"): one confirmation round serves every read waiting when it is
/// sent, and a follower's one ReadIndexRequest covers every read waiting when it leaves. What must not change is the
/// safety argument of §6.4: a read is answered only with a commit index noted after it arrived, confirmed by a
/// majority's acknowledgement of a round sent after that.
/// </summary>
public class ReadBatchingTests
{
    /// <summary>Node 1 leads 3 nodes, both followers acknowledged its no-op (so one broadcast reaches both).</summary>
    private static Scripted ReadyLeader()
    {
        var s = new Scripted(1, 3);
        s.BecomeLeader(2);
        s.Step(Scripted.Ack(2, 1, s.Node.Term, 1));
        s.Step(Scripted.Ack(3, 1, s.Node.Term, 1));
        s.Drain();
        Assert.Equal(1, s.Node.CommitIndex);
        return s;
    }

    /// <summary>Node 1 follows leader 2 in term 2.</summary>
    private static Scripted Follower(Action<Config>? tweak = null)
    {
        var s = new Scripted(1, 3, tweak);
        s.Step(Scripted.Msg(MessageType.AppendEntries, 2, 1, 2));
        s.Drain();
        Assert.Equal(2, s.Node.Leader);
        return s;
    }

    private static Message Answer(int from, int term, int requestId, int index, RefusalReason reason = RefusalReason.None)
    {
        var m = Scripted.Msg(MessageType.ReadIndexResponse, from, 1, term, index);
        m.RequestId = requestId;
        m.Reason = reason;
        return m;
    }

    private static Message ReadRequest(int from, int term, int requestId)
    {
        var m = Scripted.Msg(MessageType.ReadIndexRequest, from, 1, term);
        m.RequestId = requestId;
        return m;
    }

    [Fact]
    public void S6_4_two_reads_before_the_leaders_flush_share_one_round_and_one_heartbeat()
    {
        Scripted s = ReadyLeader();
        Assert.Equal(ErrorCode.None, s.Node.ReadIndex(7));
        Assert.Equal(ErrorCode.None, s.Node.ReadIndex(8));
        var heartbeat = Assert.Single(s.Drain(), m => m.Type == MessageType.AppendEntries);
        Assert.Equal(NodeId.Broadcast, heartbeat.To);
        Assert.Equal(1, s.Node.Stats.ReadRoundsStarted);

        s.Step(Scripted.Ack(2, 1, s.Node.Term, 1, round: heartbeat.Round));
        s.Drain();
        Assert.Equal([(7, 1, RefusalReason.None), (8, 1, RefusalReason.None)], s.Host.Reads);
    }

    [Fact]
    public void S6_4_a_read_arriving_after_its_round_was_sent_waits_for_the_next_round()
    {
        Scripted s = ReadyLeader();
        s.Node.ReadIndex(7);
        var first = Assert.Single(s.Drain(), m => m.Type == MessageType.AppendEntries);
        s.Node.ReadIndex(8); // the first round is on the air: it proves nothing about a moment after it was sent
        var second = Assert.Single(s.Drain(), m => m.Type == MessageType.AppendEntries);
        Assert.True(second.Round > first.Round);
        Assert.Equal(2, s.Node.Stats.ReadRoundsStarted);

        s.Step(Scripted.Ack(2, 1, s.Node.Term, 1, round: first.Round));
        s.Drain();
        Assert.Equal([(7, 1, RefusalReason.None)], s.Host.Reads);
        s.Step(Scripted.Ack(2, 1, s.Node.Term, 1, round: second.Round));
        s.Drain();
        Assert.Equal([(7, 1, RefusalReason.None), (8, 1, RefusalReason.None)], s.Host.Reads);
    }

    [Fact]
    public void S6_4_a_read_joins_a_timer_round_that_is_not_sent_yet()
    {
        Scripted s = ReadyLeader();
        s.Node.Tick(); // HeartbeatTicks = 1: a heartbeat round starts, sent at the next flush
        s.Node.ReadIndex(7);
        var heartbeat = Assert.Single(s.Drain(), m => m.Type == MessageType.AppendEntries);
        Assert.Equal(0, s.Node.Stats.ReadRoundsStarted);
        s.Step(Scripted.Ack(3, 1, s.Node.Term, 1, round: heartbeat.Round));
        s.Drain();
        Assert.Equal([(7, 1, RefusalReason.None)], s.Host.Reads);
    }

    [Fact]
    public void S6_4_the_index_of_a_read_is_the_commit_index_when_it_arrived_not_when_its_round_began()
    {
        Scripted s = ReadyLeader();
        s.Node.ReadIndex(7);
        Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 0, 0, 0, 5));
        var append = s.Drain().First(m => m.Type == MessageType.AppendEntries);
        s.Step(Scripted.Ack(2, 1, s.Node.Term, 2, round: append.Round)); // entry 2 commits as read 7 is confirmed
        Assert.Equal(2, s.Node.CommitIndex);
        s.Node.ReadIndex(8);
        var heartbeat = s.Drain().First(m => m.Type == MessageType.AppendEntries);
        s.Step(Scripted.Ack(2, 1, s.Node.Term, 2, round: heartbeat.Round));
        s.Drain();
        Assert.Equal([(7, 1, RefusalReason.None), (8, 2, RefusalReason.None)], s.Host.Reads);
    }

    [Fact]
    public void S6_4_a_follower_sends_one_request_for_every_read_waiting_and_one_answer_serves_them_all()
    {
        Scripted s = Follower();
        Assert.Equal(ErrorCode.None, s.Node.ReadIndex(7));
        Assert.Equal(ErrorCode.None, s.Node.ReadIndex(8));
        var request = Assert.Single(s.Drain());
        Assert.Equal(MessageType.ReadIndexRequest, request.Type);
        Assert.Equal(2, request.To);

        // Sent after the request left: the leader's answer to it may predate this read, so it waits for the next.
        Assert.Equal(ErrorCode.None, s.Node.ReadIndex(9));
        Assert.Empty(s.Drain());

        s.Step(Answer(2, 2, request.RequestId, 4));
        var next = Assert.Single(s.Drain());
        Assert.Equal([(7, 4, RefusalReason.None), (8, 4, RefusalReason.None)], s.Host.Reads);
        Assert.Equal(MessageType.ReadIndexRequest, next.Type);
        Assert.NotEqual(request.RequestId, next.RequestId);

        s.Step(Answer(2, 2, request.RequestId, 4)); // a duplicate of the first answer serves nothing
        Assert.Empty(s.Drain());
        Assert.Equal(2, s.Host.Reads.Count);
        s.Step(Answer(2, 2, next.RequestId, 6));
        s.Drain();
        Assert.Equal((9, 6, RefusalReason.None), s.Host.Reads[2]);
    }

    [Fact]
    public void S6_4_a_refused_batch_refuses_every_read_in_it()
    {
        Scripted s = Follower();
        s.Node.ReadIndex(7);
        s.Node.ReadIndex(8);
        var request = Assert.Single(s.Drain());
        s.Step(Answer(2, 2, request.RequestId, 0, RefusalReason.LeaderNotReady));
        s.Drain();
        Assert.Equal([(7, 0, RefusalReason.LeaderNotReady), (8, 0, RefusalReason.LeaderNotReady)], s.Host.Reads);
    }

    [Fact]
    public void S6_4_a_follower_holds_at_most_MaxPendingReads_and_refuses_the_next_with_ReadQueueFull()
    {
        Scripted s = Follower(c => c.MaxPendingReads = 2);
        Assert.Equal(ErrorCode.None, s.Node.ReadIndex(7));
        Assert.Equal(ErrorCode.None, s.Node.ReadIndex(8));
        Assert.Equal(ErrorCode.ReadQueueFull, s.Node.ReadIndex(9));
    }

    [Fact]
    public void S6_4_a_leader_that_steps_down_refuses_a_whole_batch_with_one_answer()
    {
        Scripted s = ReadyLeader();
        s.Node.ReadIndex(7);
        s.Step(ReadRequest(3, s.Node.Term, 41)); // node 3's batch: one entry, however many reads it covers
        s.Drain();
        s.Step(Scripted.Msg(MessageType.AppendEntries, 2, 1, s.Node.Term + 1));
        var sent = s.Drain();
        Assert.Equal([(7, 0, RefusalReason.NotLeader)], s.Host.Reads);
        var refusal = Assert.Single(sent, m => m.Type == MessageType.ReadIndexResponse);
        Assert.Equal((3, 41, RefusalReason.NotLeader), (refusal.To, refusal.RequestId, refusal.Reason));
    }

    [Fact]
    public void S6_4_a_follower_whose_leader_changes_asks_the_new_leader_and_ignores_the_old_ones_answer()
    {
        Scripted s = Follower();
        s.Node.ReadIndex(7);
        var toOld = Assert.Single(s.Drain());
        s.Step(Scripted.Msg(MessageType.AppendEntries, 3, 1, 3)); // node 3 leads term 3
        var toNew = Assert.Single(s.Drain(), m => m.Type == MessageType.ReadIndexRequest);
        Assert.Equal(3, toNew.To);
        Assert.NotEqual(toOld.RequestId, toNew.RequestId);

        s.Step(Answer(2, 3, toOld.RequestId, 2)); // even were it of the current term, it is not the batch out
        s.Drain();
        Assert.Empty(s.Host.Reads);
        s.Step(Answer(3, 3, toNew.RequestId, 5));
        s.Drain();
        Assert.Equal([(7, 5, RefusalReason.None)], s.Host.Reads);
    }

    [Fact]
    public void S6_4_a_follower_that_loses_its_leader_refuses_every_waiting_read_with_NoLeader()
    {
        Scripted s = Follower();
        s.Node.ReadIndex(7);
        s.Drain();
        s.Node.ReadIndex(8);
        while (s.Node.Role == Role.Follower) s.Node.Tick(); // the election timeout: a pre-vote knows no leader
        s.Drain();
        Assert.Equal([(7, 0, RefusalReason.NoLeader), (8, 0, RefusalReason.NoLeader)], s.Host.Reads);
        Assert.Equal(ErrorCode.NoLeader, s.Node.ReadIndex(9));
    }

    [Fact]
    public void S6_4_a_batch_unanswered_for_an_election_timeout_is_asked_again_under_a_new_number()
    {
        // CheckQuorum's lease keeps the follower from campaigning while it still hears the leader.
        Scripted s = Follower(c => c.ElectionTicks = 10);
        s.Node.ReadIndex(7);
        var lost = Assert.Single(s.Drain());
        Message? again = null;
        for (int tick = 0; tick < 10 && again == null; tick++)
        {
            s.Step(Scripted.Msg(MessageType.AppendEntries, 2, 1, 2)); // the leader's heartbeats still arrive
            s.Node.Tick();
            again = s.Drain().FirstOrDefault(m => m.Type == MessageType.ReadIndexRequest);
        }

        Assert.NotNull(again);
        Assert.NotEqual(lost.RequestId, again!.RequestId);
        s.Step(Answer(2, 2, lost.RequestId, 3)); // the first request's late answer is stale now
        s.Drain();
        Assert.Empty(s.Host.Reads);
        s.Step(Answer(2, 2, again.RequestId, 4));
        s.Drain();
        Assert.Equal([(7, 4, RefusalReason.None)], s.Host.Reads);
    }

    [Fact]
    public void S6_4_a_follower_that_becomes_leader_confirms_its_waiting_reads_itself()
    {
        var s = new Scripted(1, 3);
        s.Step(Scripted.Msg(MessageType.AppendEntries, 2, 1, 2));
        s.Drain();
        s.Node.ReadIndex(7);
        var toOld = Assert.Single(s.Drain());
        s.Node.ReadIndex(8);

        s.Node.StartElection();
        s.Step(Scripted.Msg(MessageType.PreVoteResponse, 3, 1, 3));
        s.Step(Scripted.Msg(MessageType.VoteResponse, 3, 1, 3));
        Assert.Equal(Role.Leader, s.Node.Role);
        s.Drain();
        // A new leader's commit index may be stale until its no-op commits (§6.4 step 1): it refuses rather than guess.
        Assert.Equal([(7, 0, RefusalReason.LeaderNotReady), (8, 0, RefusalReason.LeaderNotReady)], s.Host.Reads);
        s.Step(Answer(2, 3, toOld.RequestId, 1));
        s.Drain();
        Assert.Equal(2, s.Host.Reads.Count);
    }

    [Fact]
    public void S6_4_in_a_cluster_a_follower_batch_is_served_at_the_leaders_commit_index()
    {
        var c = new TestCluster(3);
        c.Elect(1);
        c.Set(1, 0, 9);
        c.Stabilize();
        Assert.Equal(ErrorCode.None, c.Node(2).ReadIndex(77));
        Assert.Equal(ErrorCode.None, c.Node(2).ReadIndex(78));
        c.Stabilize();
        Assert.Equal([(77, 2, RefusalReason.None), (78, 2, RefusalReason.None)], c.Hosts[2].Reads);
        Assert.Equal(1, c.Node(1).Stats.ReadsConfirmed); // one confirmation for the batch
    }
}
