using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>
/// The leader's side at its edges: the majority of an even cluster, forwarded commands that reach a non-leader,
/// commands queued while leadership changes, when compaction is due, and when frames go out as broadcasts.
/// </summary>
public class LeaderEdgeTests
{
    [Fact]
    public void S5_3_in_a_cluster_of_four_an_entry_commits_only_on_three()
    {
        var s = new Scripted(1, 4);
        s.BecomeLeader(2, 3); // term 1, no-op at index 1
        int term = s.Node.Term;
        s.Step(Scripted.Ack(2, 1, term, 1));
        s.Drain();
        Assert.Equal(0, s.Node.CommitIndex); // the leader and node 2: two of four is no majority
        s.Step(Scripted.Ack(3, 1, term, 1));
        s.Drain();
        Assert.Equal(1, s.Node.CommitIndex);
    }

    private static Message ForwardedSet(int from, int to, int term, int client, int seq)
    {
        var m = Scripted.Msg(MessageType.Propose, from, to, term);
        m.EntryCount = 1;
        m.SetEntry(0, EntryKind.Set, 1, client, seq, 5);
        return m;
    }

    [Fact]
    public void A_command_forwarded_to_a_follower_is_refused_with_NotLeader_and_a_hint_to_the_leader()
    {
        var s = new Scripted(1, 3);
        s.Restore(3);
        s.Step(Scripted.Msg(MessageType.AppendEntries, 2, 1, 3));
        s.Drain();
        s.Step(ForwardedSet(3, 1, 3, client: 4, seq: 9));
        var reply = Assert.Single(s.Drain());
        Assert.Equal(MessageType.ProposeReject, reply.Type);
        Assert.Equal(3, reply.To);
        Assert.Equal(RefusalReason.NotLeader, reply.Reason);
        Assert.Equal(2, reply.LeaderHint);
        Assert.Equal(1, reply.EntryCount);
        Assert.Equal(4, reply.Clients[0]);
        Assert.Equal(9, reply.Seqs[0]);
        Assert.Equal(0, s.Node.Log.LastIndex);
    }

    [Fact]
    public void A_command_forwarded_to_a_node_that_knows_no_leader_is_refused_with_NoLeader()
    {
        var s = new Scripted(1, 3);
        s.Restore(3);
        s.Step(ForwardedSet(3, 1, 3, client: 4, seq: 9));
        var reply = Assert.Single(s.Drain());
        Assert.Equal(RefusalReason.NoLeader, reply.Reason);
        Assert.Equal(NodeId.None, reply.LeaderHint);
    }

    [Fact]
    public void Commands_queued_for_a_leader_that_is_lost_before_they_leave_come_back_as_NoLeader()
    {
        var s = new Scripted(1, 3, c => c.CheckQuorum = false);
        s.Restore(3);
        s.Step(Scripted.Msg(MessageType.AppendEntries, 2, 1, 3));
        s.Drain();
        Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 1, 4, 1, 10));
        Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 2, 4, 2, 20));
        s.Step(Scripted.Msg(MessageType.VoteRequest, 3, 1, 4)); // a new term: leader unknown
        var sent = s.Drain();
        Assert.DoesNotContain(sent, m => m.Type == MessageType.Propose);
        Assert.Equal([(4, 1, RefusalReason.NoLeader), (4, 2, RefusalReason.NoLeader)], s.Host.Rejections);
    }

    [Fact]
    public void Commands_queued_on_a_follower_that_becomes_leader_are_appended_to_its_own_log()
    {
        var s = new Scripted(1, 3);
        s.Restore(3);
        s.Step(Scripted.Msg(MessageType.AppendEntries, 2, 1, 3));
        s.Drain();
        Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 1, 4, 1, 10));
        Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 2, 4, 2, 20));
        // Win an election before the queued commands leave (no Ready in between).
        s.Node.StartElection();
        s.Step(Scripted.Msg(MessageType.PreVoteResponse, 2, 1, 4));
        s.Step(Scripted.Msg(MessageType.VoteResponse, 2, 1, 4));
        Assert.Equal(Role.Leader, s.Node.Role);
        var sent = s.Drain();
        Assert.DoesNotContain(sent, m => m.Type == MessageType.Propose);
        Assert.Empty(s.Host.Rejections);
        Assert.Equal(3, s.Node.Log.LastIndex); // the no-op, then both commands
        Assert.Equal(EntryKind.Noop, s.Node.Log.KindAt(1));
        Assert.Equal(10, s.Node.Log.ValueAt(2));
        Assert.Equal(20, s.Node.Log.ValueAt(3));
    }

    /// <summary>A leader of three with a small log, which compacts only when its test says so.</summary>
    private static Scripted CompactingLeader(int entries)
    {
        var s = new Scripted(1, 3, c => { c.LogCapacity = 32; c.MaxUncommittedEntries = 8; c.CompactionThreshold = 4; });
        s.Host.AutoCompact = false;
        s.BecomeLeader(2);
        for (int i = 0; i < entries; i++)
        {
            Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 1, 0, 0, i));
            s.Drain();
            s.Step(Scripted.Ack(2, 1, s.Node.Term, s.Node.Log.LastIndex));
            s.Drain();
        }

        return s;
    }

    [Fact]
    public void S7_a_leader_compacts_once_the_threshold_is_applied_but_waits_for_a_live_follower_that_lags()
    {
        // The no-op and 2 commands: 3 applied, one short of the threshold.
        Scripted s = CompactingLeader(2);
        Assert.Equal(3, s.Node.AppliedIndex);
        Assert.False(s.Node.CompactionDue);

        // 4 applied: due as far as the threshold goes, but node 3 (active, Match 0) still needs the entries.
        s = CompactingLeader(3);
        Assert.Equal(4, s.Node.AppliedIndex);
        Assert.False(s.Node.CompactionDue);

        // Once node 3 has them too, nothing holds compaction back.
        s.Step(Scripted.Ack(3, 1, s.Node.Term, 4));
        s.Drain();
        Assert.True(s.Node.CompactionDue);
    }

    [Fact]
    public void S7_a_leader_does_not_wait_for_a_follower_that_stopped_answering()
    {
        Scripted s = CompactingLeader(3);
        Assert.False(s.Node.CompactionDue);
        // An election timeout (ElectionTicks = 10) in which node 2 keeps answering and node 3 says nothing: node 3 is
        // no longer recently active, while node 2 keeps the leader's quorum (§6.2: the leader does not step down).
        for (int t = 0; t < 12; t++)
        {
            s.Node.Tick();
            s.Drain();
            if (t % 4 == 3)
            {
                s.Step(Scripted.Ack(2, 1, s.Node.Term, s.Node.Log.LastIndex));
                s.Drain();
            }
        }

        Assert.Equal(Role.Leader, s.Node.Role);
        Assert.True(s.Node.CompactionDue);
    }

    [Fact]
    public void S7_a_follower_compacts_as_soon_as_the_threshold_is_applied()
    {
        var s = new Scripted(1, 3, c => { c.LogCapacity = 32; c.MaxUncommittedEntries = 8; c.CompactionThreshold = 4; });
        s.Host.AutoCompact = false;
        s.Restore(2);
        s.Step(Scripted.FourSetsFromLeader2(commit: 3));
        s.Drain();
        Assert.False(s.Node.CompactionDue);
        var commit = Scripted.Msg(MessageType.AppendEntries, 2, 1, 2, index: 4, logTerm: 2);
        commit.Commit = 4;
        s.Step(commit);
        s.Drain();
        Assert.True(s.Node.CompactionDue);
        s.Host.Compact();
        Assert.Equal(4, s.Node.Log.SnapshotIndex);
        Assert.False(s.Node.CompactionDue);
    }

    [Fact]
    public void Broadcast_two_followers_in_step_already_share_one_frame()
    {
        var c = new TestCluster(3);
        c.Elect(1);
        c.Stabilize();
        NodeStats stats = c.Node(1).Stats;
        int broadcasts = stats.BroadcastAppends, unicasts = stats.UnicastAppends, entries = stats.EntriesSent;
        Assert.Equal(ErrorCode.None, c.Set(1, 0, 7));
        c.Flush();
        var append = Assert.Single(c.InFlight, f => f.From == 1 && f.Type == MessageType.AppendEntries);
        Assert.Equal(NodeId.Broadcast, append.To);
        Assert.Equal(broadcasts + 1, stats.BroadcastAppends);
        Assert.Equal(unicasts, stats.UnicastAppends);
        Assert.Equal(entries + 1, stats.EntriesSent);
    }

    [Theory]
    [InlineData(3, true, 1)] // one broadcast request
    [InlineData(2, true, 1)] // one peer: a unicast
    [InlineData(3, false, 2)] // broadcast off: one unicast per peer
    public void S5_2_a_candidate_asks_every_peer_for_its_vote(int size, bool broadcast, int frames)
    {
        var c = new TestCluster(size, cfg => cfg.Broadcast = broadcast);
        c.Node(1).StartElection();
        c.Flush();
        var requests = c.InFlight.Where(f => f.From == 1 && f.Type == MessageType.PreVoteRequest).ToList();
        Assert.Equal(frames, requests.Count);
        Assert.Equal(broadcast && size > 2, requests.Any(f => f.To == NodeId.Broadcast));
        Assert.All(c.Ids.Where(i => i != 1), peer => Assert.Contains(requests, f => f.To == peer || f.To == NodeId.Broadcast));
    }
}
