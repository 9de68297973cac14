using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>
/// The leader's replication (§5.3) in detail: an unanswered probe retried once per round, heartbeats that take no
/// flow-control slot, followers a frame apart sharing one broadcast and one further behind getting its own, an
/// acknowledgement of entries the leader never had, and the ReadIndex rounds (§6.4) that late answers must not undo.
/// </summary>
public class ReplicationDetailTests
{
    [Fact]
    public void S5_3_an_unanswered_probe_is_sent_again_with_its_entries_at_the_next_round()
    {
        var s = new Scripted(1, 3);
        var first = s.BecomeLeader(2);
        Assert.Contains(first, m => m.Type == MessageType.AppendEntries && m.EntryCount == 1); // the no-op, probing both
        s.Step(Scripted.Ack(2, 1, s.Node.Term, 1));
        s.Drain();

        // Node 3 did not answer its probe: the next round carries the entries again, not an empty heartbeat.
        s.Node.Tick();
        var retry = Assert.Single(s.Drain(), m => m.Type == MessageType.AppendEntries && Reaches(m, 3));
        Assert.Equal(0, retry.Index);
        Assert.Equal(1, retry.EntryCount);
        Assert.Equal(EntryKind.Noop, retry.Kinds[0]);
    }

    [Fact]
    public void S5_3_a_follower_with_an_unanswered_probe_hears_of_a_new_commit_index_only_at_the_next_round()
    {
        var s = new Scripted(1, 3);
        s.BecomeLeader(2); // the no-op probes both followers
        s.Step(Scripted.Ack(2, 1, s.Node.Term, 1));
        var sent = s.Drain();
        Assert.Equal(1, s.Node.CommitIndex);
        var news = Assert.Single(sent, m => m.Type == MessageType.AppendEntries);
        Assert.Equal(2, news.To); // node 2, in step, learns the commit index at once
        Assert.Equal(1, news.Commit);

        s.Node.Tick(); // node 3's probe goes again, carrying the commit index
        var retry = Assert.Single(s.Drain(), m => Reaches(m, 3));
        Assert.Equal(1, retry.Commit);
    }

    [Fact]
    public void S5_3_heartbeats_to_a_follower_in_step_take_no_flow_control_slot()
    {
        var s = new Scripted(1, 3, c => c.MaxInflightFrames = 2);
        s.BecomeLeader(2, 3);
        s.Step(Scripted.Ack(2, 1, s.Node.Term, 1));
        s.Step(Scripted.Ack(3, 1, s.Node.Term, 1));
        s.Drain();

        // Three heartbeat rounds go unanswered (well within the election timeout): more than the window of 2.
        for (int t = 0; t < 3; t++)
        {
            s.Node.Tick();
            Assert.Contains(s.Drain(), m => m.Type == MessageType.AppendEntries && m.EntryCount == 0);
        }

        Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 1, 0, 0, 42));
        var sent = s.Drain();
        var append = Assert.Single(sent, m => m.Type == MessageType.AppendEntries);
        Assert.Equal(1, append.EntryCount);
        Assert.Equal(42, append.Values[0]);
    }

    [Fact]
    public void S5_3_followers_a_frame_apart_share_one_broadcast_from_the_lowest_next_index()
    {
        var s = new Scripted(1, 3);
        s.BecomeLeader(2);
        s.Step(Scripted.Ack(2, 1, s.Node.Term, 1)); // node 2 in step; node 3 never answered its probe
        s.Drain();
        Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 1, 0, 0, 42));
        s.Drain();
        NodeStats stats = s.Node.Stats;
        int unicasts = stats.UnicastAppends, broadcasts = stats.BroadcastAppends;

        s.Node.Tick(); // a round: both are due a frame, from different places in the log
        var appends = s.Drain().Where(m => m.Type == MessageType.AppendEntries).ToList();
        var shared = Assert.Single(appends);
        Assert.Equal(NodeId.Broadcast, shared.To);
        Assert.Equal(0, shared.Index); // from node 3's place: the probe again, from the start
        Assert.Equal(2, shared.EntryCount); // node 2 holds both and skips them (§5.3: same index and term)
        Assert.Equal(unicasts, stats.UnicastAppends);
        Assert.Equal(broadcasts + 1, stats.BroadcastAppends);
    }

    [Fact]
    public void S5_3_a_follower_more_than_a_frame_behind_gets_a_unicast_of_its_own()
    {
        var s = new Scripted(1, 3, c => c.MaxEntriesPerFrame = 1);
        s.BecomeLeader(2);
        s.Step(Scripted.Ack(2, 1, s.Node.Term, 1)); // node 2 in step; node 3 never answered its probe
        s.Drain();
        Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 1, 0, 0, 42));
        s.Drain();
        NodeStats stats = s.Node.Stats;
        int unicasts = stats.UnicastAppends, broadcasts = stats.BroadcastAppends;

        s.Node.Tick(); // node 3 lacks two entries, more than one frame carries: a shared frame would hold node 2 back
        var appends = s.Drain().Where(m => m.Type == MessageType.AppendEntries).ToList();
        Assert.Equal(2, appends.Count);
        var toNode2 = Assert.Single(appends, m => m.To == 2);
        Assert.Equal(2, toNode2.Index); // in step: a heartbeat after its last entry
        Assert.Equal(0, toNode2.EntryCount);
        var toNode3 = Assert.Single(appends, m => m.To == 3);
        Assert.Equal(0, toNode3.Index); // the probe again, from the start
        Assert.Equal(1, toNode3.EntryCount);
        Assert.Equal(unicasts + 2, stats.UnicastAppends);
        Assert.Equal(broadcasts, stats.BroadcastAppends);
    }

    [Fact]
    public void An_acknowledgement_of_entries_the_leader_never_had_changes_nothing()
    {
        var s = new Scripted(1, 3);
        s.BecomeLeader(2, 3);
        int term = s.Node.Term;
        s.Step(Scripted.Ack(2, 1, term, 1));
        s.Drain();
        Assert.Equal(1, s.Node.CommitIndex);

        s.Step(Scripted.Ack(3, 1, term, 40)); // beyond the leader's log (index 1)
        s.Drain();
        Assert.Equal(1, s.Node.CommitIndex);

        // Node 3 is still probed from where the leader knows it is: at the next round, from index 0 with both entries.
        Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 1, 0, 0, 42));
        s.Drain();
        s.Node.Tick();
        var toNode3 = Assert.Single(s.Drain(), m => m.Type == MessageType.AppendEntries && Reaches(m, 3));
        Assert.Equal(0, toNode3.Index);
        Assert.Equal(2, toNode3.EntryCount);
    }

    /// <summary>A frame node <paramref name="node"/> receives: addressed to it, or a broadcast.</summary>
    private static bool Reaches(Message m, int node) => m.To == node || m.To == NodeId.Broadcast;

    /// <summary>Node 1 leads 5 nodes and its no-op is committed (nodes 2 and 3 acknowledged it).</summary>
    private static Scripted ReadyLeaderOfFive()
    {
        var s = new Scripted(1, 5);
        s.BecomeLeader(2, 3);
        s.Step(Scripted.Ack(2, 1, s.Node.Term, 1));
        s.Step(Scripted.Ack(3, 1, s.Node.Term, 1));
        s.Drain();
        Assert.Equal(1, s.Node.CommitIndex);
        return s;
    }

    [Fact]
    public void S6_4_a_late_answer_to_an_older_round_does_not_undo_a_newer_acknowledgement()
    {
        Scripted s = ReadyLeaderOfFive();
        int term = s.Node.Term;
        Assert.Equal(ErrorCode.None, s.Node.ReadIndex(7));
        int round = s.Drain().First(m => m.Type == MessageType.AppendEntries).Round;

        s.Step(Scripted.Ack(2, 1, term, 1, round: round));
        s.Drain();
        s.Step(Scripted.Ack(2, 1, term, 1, round: round - 1)); // delayed on the air
        s.Drain();
        Assert.Empty(s.Host.Reads); // the leader and node 2: two of five

        s.Step(Scripted.Ack(3, 1, term, 1, round: round));
        s.Drain();
        Assert.Equal([(7, 1, RefusalReason.None)], s.Host.Reads);
    }

    [Fact]
    public void S6_4_a_leader_that_steps_down_tells_the_node_that_forwarded_a_read_NotLeader()
    {
        Scripted s = ReadyLeaderOfFive();
        var request = Scripted.Msg(MessageType.ReadIndexRequest, 4, 1, s.Node.Term);
        request.RequestId = 9;
        s.Step(request);
        s.Drain();

        s.Step(Scripted.Msg(MessageType.AppendEntries, 2, 1, s.Node.Term + 1));
        var sent = s.Drain();
        var answer = Assert.Single(sent, m => m.Type == MessageType.ReadIndexResponse);
        Assert.Equal(4, answer.To);
        Assert.Equal(9, answer.RequestId);
        Assert.Equal(RefusalReason.NotLeader, answer.Reason);
        Assert.Empty(s.Host.Reads); // not this node's own read
    }
}
