using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>
/// ReadIndex (§6.4) at its edges, a cluster of one, answers that reach a node that is not leader, and how often a
/// leader still calls on a follower that stopped answering.
/// </summary>
public class ReadsAndLivenessEdgeTests
{
    /// <summary>Node 1 leads 3 nodes and its no-op is committed (node 2 acknowledged it).</summary>
    private static Scripted ReadyLeader()
    {
        var s = new Scripted(1, 3);
        s.BecomeLeader(2);
        s.Step(Scripted.Ack(2, 1, s.Node.Term, 1));
        s.Drain();
        Assert.Equal(1, s.Node.CommitIndex);
        return s;
    }

    [Fact]
    public void S6_4_in_a_cluster_of_three_one_follower_confirming_the_round_serves_the_read()
    {
        Scripted s = ReadyLeader();
        Assert.Equal(ErrorCode.None, s.Node.ReadIndex(7));
        var heartbeat = s.Drain().First(m => m.Type == MessageType.AppendEntries);
        Assert.Empty(s.Host.Reads);
        s.Step(Scripted.Ack(2, 1, s.Node.Term, 1, round: heartbeat.Round));
        s.Drain();
        Assert.Equal([(7, 1, RefusalReason.None)], s.Host.Reads);
        Assert.Equal(1, s.Node.Stats.ReadsConfirmed);
    }

    [Fact]
    public void S6_4_an_acknowledgement_of_an_earlier_round_does_not_serve_the_read()
    {
        Scripted s = ReadyLeader();
        Assert.Equal(ErrorCode.None, s.Node.ReadIndex(7));
        var heartbeat = s.Drain().First(m => m.Type == MessageType.AppendEntries);
        s.Step(Scripted.Ack(2, 1, s.Node.Term, 1, round: heartbeat.Round - 1));
        s.Drain();
        Assert.Empty(s.Host.Reads);
    }

    [Fact]
    public void S6_4_a_leader_that_steps_down_answers_each_pending_read_once_with_NotLeader()
    {
        Scripted s = ReadyLeader();
        Assert.Equal(ErrorCode.None, s.Node.ReadIndex(7));
        s.Drain();
        s.Step(Scripted.Msg(MessageType.AppendEntries, 2, 1, s.Node.Term + 1));
        var sent = s.Drain();
        Assert.Equal([(7, 0, RefusalReason.NotLeader)], s.Host.Reads);
        Assert.DoesNotContain(sent, m => m.Type == MessageType.ReadIndexResponse);

        // Leading again later must not answer the old read a second time.
        s.Node.StartElection();
        s.Drain();
        s.Step(Scripted.Msg(MessageType.PreVoteResponse, 2, 1, s.Node.Term + 1));
        s.Step(Scripted.Msg(MessageType.VoteResponse, 2, 1, s.Node.Term));
        Assert.Equal(Role.Leader, s.Node.Role);
        s.Drain();
        s.Step(Scripted.Ack(2, 1, s.Node.Term, s.Node.Log.LastIndex, round: 50));
        s.Drain();
        Assert.Single(s.Host.Reads);
    }

    [Fact]
    public void S6_4_a_follower_asked_for_a_read_index_answers_NotLeader()
    {
        var s = new Scripted(1, 3);
        s.Restore(2);
        var request = Scripted.Msg(MessageType.ReadIndexRequest, 3, 1, 2);
        request.RequestId = 41;
        s.Step(request);
        var reply = Assert.Single(s.Drain());
        Assert.Equal(MessageType.ReadIndexResponse, reply.Type);
        Assert.Equal(3, reply.To);
        Assert.Equal(41, reply.RequestId);
        Assert.Equal(RefusalReason.NotLeader, reply.Reason);
    }

    [Fact]
    public void S5_2_a_cluster_of_one_elects_itself_commits_alone_and_serves_reads_at_once()
    {
        var s = new Scripted(1, 1);
        s.Node.StartElection();
        Assert.Equal(Role.Leader, s.Node.Role);
        Assert.Empty(s.Drain()); // no one to ask, no one to tell
        Assert.Equal(1, s.Node.CommitIndex);
        Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 0, 0, 0, 5));
        s.Drain();
        Assert.Equal(2, s.Node.CommitIndex);
        Assert.Equal(2, s.Node.AppliedIndex);
        Assert.Equal([1, 2], s.Host.AppliedLog.Select(a => a.Index));
        Assert.Equal(ErrorCode.None, s.Node.ReadIndex(3));
        s.Drain();
        Assert.Equal([(3, 2, RefusalReason.None)], s.Host.Reads);
        Assert.Equal(1, s.Node.Stats.PreVotesStarted);
        Assert.Equal(1, s.Node.Stats.ElectionsStarted);
        Assert.Equal(1, s.Node.Stats.Leaderships);
        Assert.Equal(1, s.Node.Stats.ProposalsAppended);
        Assert.Equal(1, s.Node.Stats.ReadsConfirmed);
    }

    [Fact]
    public void S5_3_answers_to_a_leader_that_reach_a_follower_change_nothing()
    {
        var s = new Scripted(1, 3);
        s.Restore(2, 1, 2);
        s.Step(Scripted.Ack(2, 1, 2, 2));
        var chunkAnswer = Scripted.Msg(MessageType.SnapshotResponse, 3, 1, 2, index: 2);
        chunkAnswer.Offset = 10;
        s.Step(chunkAnswer);
        Assert.Empty(s.Drain());
        Assert.Equal(0, s.Node.CommitIndex);
        Assert.Equal(Role.Follower, s.Node.Role);
    }

    [Fact]
    public void A_follower_that_stopped_answering_hears_only_an_empty_append_once_per_election_timeout()
    {
        // ElectionTicks / HeartbeatTicks = 20 / 2: one frame in 10 rounds for a silent follower, and never entries or
        // a snapshot chunk (each unicast to a board that is down holds the leader's radio for its retries).
        var s = new Scripted(1, 3, c => { c.ElectionTicks = 20; c.HeartbeatTicks = 2; });
        s.BecomeLeader(2);
        var toSilent = new List<Message>();
        for (int tick = 0; tick < 20 + 40; tick++)
        {
            if (tick % 4 == 0) Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 1, 0, 0, tick));
            s.Node.Tick();
            foreach (Message m in s.Drain())
            {
                if (m.Type == MessageType.AppendEntries && m.To != 3)
                    s.Step(Scripted.Ack(2, 1, s.Node.Term, m.Index + m.EntryCount, round: m.Round));
                // Node 2 is in step and node 3 is not: a frame for node 3 is a broadcast or a unicast to it.
                if (tick >= 20 && (m.To == 3 || m.To == NodeId.Broadcast)) toSilent.Add(m);
            }
        }

        Assert.Equal(Role.Leader, s.Node.Role); // node 2 keeps the quorum
        Assert.Equal(2, toSilent.Count); // 20 rounds after the quorum check
        Assert.All(toSilent, m => Assert.Equal((MessageType.AppendEntries, 3, 0), (m.Type, m.To, m.EntryCount)));
    }

    [Fact]
    public void A_silent_follower_that_answers_the_empty_append_is_caught_up_in_the_next_round()
    {
        var s = new Scripted(1, 3, c => { c.ElectionTicks = 20; c.HeartbeatTicks = 2; });
        s.BecomeLeader(2);
        Message? wakeUp = null;
        for (int tick = 0; tick < 60 && wakeUp == null; tick++)
        {
            if (tick % 4 == 0) Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 1, 0, 0, tick));
            s.Node.Tick();
            foreach (Message m in s.Drain())
            {
                if (m.Type == MessageType.AppendEntries && m.To != 3)
                    s.Step(Scripted.Ack(2, 1, s.Node.Term, m.Index + m.EntryCount, round: m.Round));
                if (tick >= 20 && m.To == 3) wakeUp = m;
            }
        }

        Assert.NotNull(wakeUp);
        // Node 3 is back with an empty log: it refuses (§5.3), which marks it heard; the leader probes it with entries.
        var refusal = Scripted.Msg(MessageType.AppendResponse, 3, 1, s.Node.Term, 0);
        refusal.Reject = true;
        refusal.Round = wakeUp!.Round;
        s.Step(refusal);
        var toNode3 = new List<Message>();
        for (int tick = 0; tick < 2 && toNode3.Count == 0; tick++)
        {
            s.Node.Tick();
            toNode3.AddRange(s.Drain().Where(m => m.To == 3 || m.To == NodeId.Broadcast));
        }

        Assert.Contains(toNode3, m => m.Type == MessageType.AppendEntries && m.EntryCount > 0);
    }
}
