using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>PreVote, CheckQuorum, snapshots, ReadIndex, client sessions, forwarding, broadcast, batching, flow control.</summary>
public class FeatureTests
{
    [Fact]
    public void PreVote_an_isolated_node_that_returns_does_not_depose_a_healthy_leader()
    {
        var c = new TestCluster(5);
        c.Elect(1);
        int term = c.Node(1).Term;
        c.Isolate(5);
        for (int t = 0; t < 200; t++)
        {
            c.TickAll();
            c.Stabilize();
        }

        Assert.Equal(term, c.Node(5).Term); // pre-votes failed, so its term never rose
        Assert.True(c.Node(5).Stats.PreVotesStarted > 0);
        Assert.Equal(0, c.Node(5).Stats.ElectionsStarted);
        c.Heal();
        for (int t = 0; t < 50; t++)
        {
            c.TickAll();
            c.Stabilize();
        }

        Assert.Equal(Role.Leader, c.Node(1).Role);
        Assert.Equal(term, c.Node(1).Term);
        Assert.Equal(1, c.Node(5).Leader);
    }

    [Fact]
    public void Without_PreVote_the_returning_node_does_depose_the_leader()
    {
        // The control experiment for the test above: the same scenario with PreVote off disrupts the cluster.
        var c = new TestCluster(5, cfg => { cfg.PreVote = false; cfg.CheckQuorum = false; });
        c.Elect(1);
        int term = c.Node(1).Term;
        c.Isolate(5);
        for (int t = 0; t < 200; t++)
        {
            c.TickAll();
            c.Stabilize();
        }

        Assert.True(c.Node(5).Term > term);
        c.Heal();
        // Without PreVote nor CheckQuorum the returning candidate's next vote request, at its inflated term, deposes the leader.
        for (int t = 0; t < 2 * 30 && c.Node(1).Term == term; t++)
        {
            c.TickAll();
            c.Stabilize();
        }

        Assert.True(c.Node(1).Term > term);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(9)]
    [InlineData(23)]
    public void CheckQuorum_a_leader_cut_off_from_the_majority_steps_down_within_an_election_timeout(int ticksLedBefore)
    {
        // Dissertation §6.2: "a leader steps down if an election timeout elapses without a successful round of
        // heartbeats to a majority of its cluster". The leader checks every tick, so whatever the phase of its
        // timers when the cut happens, it steps down within ElectionTicks (10) + 1 ticks.
        const int electionTicks = 10;
        var c = new TestCluster(5, electionTicks: electionTicks);
        c.Elect(1);
        for (int t = 0; t < ticksLedBefore; t++)
        {
            c.TickAll();
            c.Stabilize();
        }

        Assert.Equal(Role.Leader, c.Node(1).Role);
        c.Isolate(1);
        int ticks = 0;
        while (c.Node(1).Role == Role.Leader && ticks < 100)
        {
            c.TickAll();
            c.Stabilize();
            ticks++;
        }

        Assert.Equal(Role.Follower, c.Node(1).Role);
        Assert.InRange(ticks, electionTicks, electionTicks + 1);
        Assert.Equal(1, c.Node(1).Stats.QuorumLosses);
    }

    [Fact]
    public void CheckQuorum_a_leader_that_still_hears_a_majority_keeps_leading()
    {
        // Two of four followers cut off: the leader and the other two are a majority of five.
        var c = new TestCluster(5);
        c.Elect(1);
        int term = c.Node(1).Term;
        c.Cut(1, 4);
        c.Cut(1, 5);
        for (int t = 0; t < 100; t++)
        {
            c.TickAll();
            c.Stabilize();
        }

        Assert.Equal(Role.Leader, c.Node(1).Role);
        Assert.Equal(term, c.Node(1).Term);
        Assert.Equal(0, c.Node(1).Stats.QuorumLosses);
        Assert.False(c.Node(1).ProgressOf(4).RecentActive); // node 4 has been silent for more than a timeout
        Assert.True(c.Node(1).ProgressOf(2).RecentActive);
    }

    [Fact]
    public void CheckQuorum_a_follower_heard_just_within_the_timeout_still_counts()
    {
        // Node 2's and node 3's answers are the majority; they arrive only every ElectionTicks - 1 ticks.
        const int electionTicks = 10;
        var c = new TestCluster(3, electionTicks: electionTicks);
        c.Elect(1);
        for (int t = 1; t <= 5 * electionTicks; t++)
        {
            bool deliver = t % (electionTicks - 1) == 0;
            if (deliver) c.Heal();
            else c.Isolate(1);
            c.TickAll();
            c.Stabilize();
        }

        Assert.Equal(Role.Leader, c.Node(1).Role);
        Assert.Equal(0, c.Node(1).Stats.QuorumLosses);
    }

    [Fact]
    public void CheckQuorum_off_a_cut_off_leader_stays_leader()
    {
        var c = new TestCluster(5, cfg => cfg.CheckQuorum = false);
        c.Elect(1);
        c.Isolate(1);
        c.TickAll(50);
        Assert.Equal(Role.Leader, c.Node(1).Role);
    }

    [Fact]
    public void Snapshot_a_lagging_follower_catches_up_by_a_chunked_snapshot()
    {
        var c = new TestCluster(3, cfg => { cfg.DatabaseSlots = 64; cfg.ClientSessions = 64; cfg.CompactionThreshold = 16; });
        c.Elect(1);
        c.Down(3);
        // Many sessions and large values make the snapshot span several chunks.
        int[] clients = Enumerable.Range(1, 20).Select(n => c.Register(1, n)).ToArray();
        for (int i = 0; i < 120; i++)
        {
            Assert.Equal(ErrorCode.None, c.Node(1).Propose(EntryKind.Set, i % 64, clients[i % 20], 1 + i / 20, int.MinValue + i));
            c.TickAll();
            c.Stabilize();
        }

        Assert.True(c.Node(1).Log.SnapshotIndex > 0, "leader must have compacted");
        Assert.True(c.Node(1).SnapshotLength > 2 * FrameLimits.MaxSnapshotChunkData, "snapshot should need 3+ chunks");
        c.Up(3);
        c.RunUntil(() => c.Node(3).CommitIndex == c.Node(1).CommitIndex && c.Hosts[3].Database.AppliedIndex == c.Node(1).CommitIndex, what: "catch-up");
        Assert.Equal(c.Hosts[1].Values(), c.Hosts[3].Values());
        Assert.Equal(1, c.Node(3).Stats.SnapshotsInstalled);
        Assert.True(c.Node(1).Stats.SnapshotChunksSent >= 3);
        Assert.All(c.History.Where(f => f.Type == MessageType.SnapshotChunk), f => Assert.True(f.Bytes.Length <= 250));
    }

    [Fact]
    public void ReadIndex_is_served_after_a_majority_confirms_the_leader()
    {
        var c = new TestCluster(3);
        c.Elect(1);
        c.Set(1, 0, 9);
        c.Stabilize();
        Assert.Equal(ErrorCode.None, c.Node(2).ReadIndex(77));
        c.Stabilize();
        var read = Assert.Single(c.Hosts[2].Reads);
        Assert.Equal(77, read.RequestId);
        Assert.Equal(RefusalReason.None, read.Status);
        Assert.Equal(2, read.Index); // the no-op and the set: the leader's commit index when the read arrived
    }

    [Fact]
    public void ReadIndex_a_deposed_leader_refuses_reads()
    {
        // CheckQuorum off, so the old leader keeps believing it leads: the read path alone must keep it honest.
        var c = new TestCluster(5, cfg => cfg.CheckQuorum = false);
        c.Elect(1);
        c.Stabilize();
        c.Partition([1, 2], [3, 4, 5]);
        c.Node(3).StartElection();
        c.Stabilize();
        Assert.Equal(Role.Leader, c.Node(3).Role);
        c.Set(3, 0, 1234);
        c.Stabilize();

        // The old leader cannot confirm its leadership: the read waits, never answered with stale data.
        Assert.Equal(ErrorCode.None, c.Node(1).ReadIndex(5));
        c.Stabilize();
        Assert.Empty(c.Hosts[1].Reads);

        // When it learns of the new term it answers NotLeader.
        c.Heal();
        c.TickAll();
        c.Stabilize();
        var read = Assert.Single(c.Hosts[1].Reads);
        Assert.Equal(RefusalReason.NotLeader, read.Status);
        Assert.NotEqual(Role.Leader, c.Node(1).Role);
    }

    [Fact]
    public void ReadIndex_a_new_leader_refuses_reads_until_its_term_has_a_committed_entry()
    {
        var s = new Scripted(1, 3);
        s.BecomeLeader(2);
        Assert.Equal(ErrorCode.LeaderNotReady, s.Node.ReadIndex(1));
        s.Step(Scripted.Ack(2, 1, s.Node.Term, 1));
        s.Drain();
        Assert.Equal(ErrorCode.None, s.Node.ReadIndex(1));
    }

    [Fact]
    public void Sessions_a_retried_command_is_applied_once_and_the_leader_never_appends_it_twice()
    {
        var c = new TestCluster(3);
        c.Elect(1);
        int client = c.Register(1);
        Assert.Equal(ErrorCode.None, c.Node(1).Propose(EntryKind.Set, 2, client, 1, 10));
        c.Stabilize();
        Assert.Equal(ErrorCode.None, c.Node(1).Propose(EntryKind.Set, 2, client, 2, 20)); // first attempt of seq 2
        int last = c.Node(1).Log.LastIndex;
        Assert.Equal(ErrorCode.DuplicateProposal, c.Node(1).Propose(EntryKind.Set, 2, client, 2, 20)); // the retry, uncommitted copy held
        Assert.Equal(last, c.Node(1).Log.LastIndex);
        c.TickAll();
        c.Stabilize();
        Assert.Equal(ErrorCode.DuplicateProposal, c.Node(1).Propose(EntryKind.Set, 2, client, 2, 20)); // the retry, applied
        Assert.Equal(ErrorCode.DuplicateProposal, c.Node(1).Propose(EntryKind.Set, 2, client, 1, 10)); // an older one
        Assert.Equal(last, c.Node(1).Log.LastIndex);
        Assert.Equal(3, c.Node(1).Stats.DuplicateProposalsRefused);
        foreach (int id in c.Ids)
        {
            var applied = Assert.Single(c.Hosts[id].AppliedLog, a => a.Client == client && a.Seq == 2);
            Assert.False(applied.Duplicate);
            Assert.Equal(10, applied.Result); // previous value
            Assert.Equal(20, c.Hosts[id].Values()[2]);
        }
    }

    [Fact]
    public void Forwarding_a_command_given_to_a_follower_is_committed_through_the_leader()
    {
        var c = new TestCluster(5);
        c.Elect(2);
        Assert.Equal(ErrorCode.None, c.Node(4).Propose(EntryKind.Set, 1, 0, 0, 555));
        c.Stabilize();
        c.TickAll();
        c.Stabilize();
        Assert.Equal(1, c.Node(4).Stats.ProposalsForwarded);
        Assert.All(c.Ids, i => Assert.Equal(555, c.Hosts[i].Values()[1]));
    }

    [Fact]
    public void Forwarding_commands_given_to_a_follower_together_leave_in_one_frame_and_commit_in_one_append()
    {
        var c = new TestCluster(5);
        c.Elect(2);
        c.TickAll();
        c.Stabilize();
        c.History.Clear();
        for (int i = 0; i < 30; i++) Assert.Equal(ErrorCode.None, c.Node(4).Propose(EntryKind.Set, i % 5, 0, 0, 1000 + i));
        c.Stabilize();
        var proposes = c.History.Where(f => f.Type == MessageType.Propose).ToList();
        Assert.Equal(2, proposes.Count); // the first commands fill one frame; the rest follow in a second
        Assert.True(30 <= 2 * FrameLimits.MaxEntriesPerAppend);
        Assert.Equal(30, c.Node(4).Stats.ProposalsForwarded);
        c.TickAll();
        c.Stabilize();
        Assert.All(c.Ids, i => Assert.Equal(1029, c.Hosts[i].Values()[4]));
    }

    [Fact]
    public void Forwarding_a_refused_command_comes_back_to_the_origin_with_the_reason()
    {
        var c = new TestCluster(3, cfg => cfg.MaxUncommittedEntries = 2);
        c.Elect(1);
        c.Stabilize();
        c.Down(3);
        // Keep the leader's entries from reaching node 2, so nothing new commits.
        Func<SimBoard.SentFrame, int, bool> noAppends = (f, to) => f.Type == MessageType.AppendEntries;
        Assert.Equal(ErrorCode.None, c.Node(1).Propose(EntryKind.Set, 0, 1, 1, 1));
        Assert.Equal(ErrorCode.None, c.Node(1).Propose(EntryKind.Set, 0, 1, 2, 2));
        Assert.Equal(ErrorCode.ProposalQueueFull, c.Node(1).Propose(EntryKind.Set, 0, 1, 3, 3));
        Assert.Equal(ErrorCode.None, c.Node(2).Propose(EntryKind.Set, 0, 1, 3, 3));
        c.DeliverOnce(noAppends);
        c.DeliverOnce(noAppends);
        var rejection = Assert.Single(c.Hosts[2].Rejections);
        Assert.Equal((1, 3, RefusalReason.ProposalQueueFull), rejection);
    }

    [Fact]
    public void Broadcast_followers_in_step_get_one_frame_not_one_each()
    {
        var c = new TestCluster(5);
        c.Elect(1);
        c.TickAll();
        c.Stabilize();
        c.History.Clear();
        c.Set(1, 0, 1);
        c.Flush();
        var appends = c.InFlight.Where(f => f.Type == MessageType.AppendEntries).ToList();
        var only = Assert.Single(appends);
        Assert.Equal(NodeId.Broadcast, only.To);
    }

    [Fact]
    public void Broadcast_off_gives_one_unicast_per_follower()
    {
        var c = new TestCluster(5, cfg => cfg.Broadcast = false);
        c.Elect(1);
        c.TickAll();
        c.Stabilize();
        c.Set(1, 0, 1);
        c.Flush();
        var appends = c.InFlight.Where(f => f.Type == MessageType.AppendEntries).ToList();
        Assert.Equal(4, appends.Count);
        Assert.All(appends, f => Assert.NotEqual(NodeId.Broadcast, f.To));
    }

    [Fact]
    public void Broadcast_a_lagging_follower_gets_unicast_catch_up_while_the_others_share_a_broadcast()
    {
        var c = new TestCluster(5, cfg => cfg.CompactionThreshold = 76);
        c.Elect(1);
        c.TickAll();
        c.Stabilize();
        c.Down(5);
        for (int i = 0; i < 5; i++) c.Set(1, 0, i, client: 1, seq: i + 1);
        c.Stabilize();
        c.Up(5);
        c.TickAll();
        c.Flush();
        c.Stabilize();
        Assert.Equal(c.Node(1).CommitIndex, c.Node(5).CommitIndex);
        Assert.Contains(c.History, f => f.Type == MessageType.AppendEntries && f.To == 5);
        c.History.Clear();
        c.Set(1, 0, 99, client: 1, seq: 10);
        c.Flush();
        Assert.Single(c.InFlight, f => f.Type == MessageType.AppendEntries && f.To == NodeId.Broadcast);
    }

    [Fact]
    public void Batching_a_full_frame_carries_the_most_set_entries_a_frame_holds()
    {
        var c = new TestCluster(3);
        c.Elect(1);
        c.TickAll();
        c.Stabilize();
        for (int i = 0; i < 30; i++) Assert.Equal(ErrorCode.None, c.Node(1).Propose(EntryKind.Set, 0, 0, 0, int.MaxValue - i));
        c.Flush();
        var first = c.InFlight.First(f => f.Type == MessageType.AppendEntries);
        var m = new Message();
        new FrameCodec(1, TestCluster.Key).Decode(first.Bytes, first.Bytes.Length, 2, m);
        Assert.Equal(FrameLimits.MaxEntriesPerAppend, m.EntryCount);
        Assert.True(first.Bytes.Length <= FrameLimits.MaxFrameBytes);
    }

    [Fact]
    public void FlowControl_a_silent_follower_gets_at_most_the_inflight_window()
    {
        var c = new TestCluster(3, cfg => { cfg.MaxInflightFrames = 2; cfg.MaxEntriesPerFrame = 1; cfg.Broadcast = false; });
        c.Elect(1);
        c.TickAll();
        c.Stabilize();
        c.History.Clear();
        c.Down(3);
        for (int i = 0; i < 6; i++)
        {
            c.Set(1, 0, i, client: 1, seq: i + 1);
            c.DeliverOnce();
        }

        int toThree = c.History.Count(f => f.To == 3 && f.Type == MessageType.AppendEntries && f.Bytes.Length > FrameLimits.HeaderBytes + FrameLimits.AppendFixedBytes + FrameLimits.TagBytes);
        Assert.Equal(2, toThree);
    }

    [Fact]
    public void Proposals_out_of_range_are_refused_and_change_nothing()
    {
        var c = new TestCluster(3);
        c.Elect(1);
        int last = c.Node(1).Log.LastIndex;
        Assert.Equal(ErrorCode.SlotOutOfRange, c.Node(1).Propose(EntryKind.Set, 5, 0, 0, 1));
        Assert.Equal(ErrorCode.SlotOutOfRange, c.Node(1).Propose(EntryKind.Remove, -1, 0, 0, 1));
        Assert.Equal(ErrorCode.ClientOutOfRange, c.Node(1).Propose(EntryKind.Set, 0, -1, 1, 1));
        Assert.Equal(ErrorCode.InvalidCommand, c.Node(1).Propose(EntryKind.Set, 0, 16, 0, 1));
        Assert.Equal(ErrorCode.InvalidCommand, c.Node(1).Propose(EntryKind.Register, 0, 0, 0, 0));
        Assert.Equal(ErrorCode.InvalidCommand, c.Node(1).Propose(EntryKind.Noop, 0, 0, 0, 0));
        Assert.Equal(ErrorCode.InvalidCommand, c.Node(1).Propose(EntryKind.AddLearner, 3, 0, 0, 7));
        Assert.Equal(ErrorCode.InvalidCommand, c.Node(1).Propose((EntryKind)9, 0, 0, 0, 0));
        Assert.Equal(last, c.Node(1).Log.LastIndex);
    }

    [Fact]
    public void Proposals_with_no_leader_known_are_refused()
    {
        var s = new Scripted(1, 3);
        Assert.Equal(ErrorCode.NoLeader, s.Node.Propose(EntryKind.Set, 0, 0, 0, 1));
        Assert.Equal(ErrorCode.NoLeader, s.Node.ReadIndex(1));
    }

    [Fact]
    public void Restart_a_crashed_node_recovers_its_term_vote_and_log_and_reapplies_committed_entries()
    {
        var c = new TestCluster(3);
        c.Elect(1);
        for (int i = 0; i < 5; i++) c.Set(1, i, i + 100, client: 1, seq: i + 1);
        c.Stabilize();
        c.TickAll();
        c.Stabilize();
        int term = c.Node(2).Term;
        int last = c.Node(2).Log.LastIndex;
        c.CrashAndRestart(2);
        Assert.Equal(term, c.Node(2).Term);
        Assert.Equal(last, c.Node(2).Log.LastIndex);
        c.TickAll();
        c.Stabilize();
        Assert.Equal(c.Hosts[1].Values(), c.Hosts[2].Values());
    }
}
