using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>§3.10 of Ongaro's dissertation: leadership transfer with TimeoutNow, and the preferred leader built on it.</summary>
public class LeadershipTransferTests
{
    private const int ElectionTicks = 10;

    /// <summary>Ticks every live node once and delivers until quiet, <paramref name="ticks"/> times.</summary>
    private static void Run(TestCluster c, int ticks)
    {
        for (int t = 0; t < ticks; t++)
        {
            c.TickAll();
            c.Stabilize();
        }
    }

    private static int TimeoutNowsSent(TestCluster c, int to) => c.History.Count(f => f.To == to && f.Type == MessageType.TimeoutNow);

    [Fact]
    public void S3_10_an_up_to_date_follower_takes_over_at_once_and_no_entry_is_lost()
    {
        var c = new TestCluster(3);
        c.Elect(1);
        Assert.Equal(ErrorCode.None, c.Set(1, 0, 42));
        c.Stabilize();
        int term = c.Node(1).Term;

        Assert.Equal(ErrorCode.None, c.Node(1).TransferLeadership(2));
        c.Stabilize();

        Assert.Equal(Role.Leader, c.Node(2).Role);
        Assert.Equal(term + 1, c.Node(2).Term);
        Assert.Equal(Role.Follower, c.Node(1).Role);
        Assert.Equal(2, c.Node(3).Leader);
        Assert.Equal(0, c.Node(2).Stats.PreVotesStarted); // §3.10: no pre-vote on TimeoutNow
        Assert.Equal(1, c.Node(2).Stats.TransferCampaigns);
        Assert.Equal(0, c.Node(3).Stats.VotesIgnoredInLease); // the transfer flag set node 3's lease aside
        Assert.Equal(1, TimeoutNowsSent(c, 2));
        Assert.Equal(42, c.Hosts[2].Values()[0]);
        Assert.Equal(NodeId.None, c.Node(1).TransferTarget);
    }

    [Fact]
    public void S3_10_a_lagging_target_is_caught_up_before_TimeoutNow_is_sent()
    {
        var c = new TestCluster(3);
        c.Elect(1);
        c.Isolate(3);
        for (int i = 0; i < 5; i++) Assert.Equal(ErrorCode.None, c.Set(1, i % 5, i, client: 0));
        c.Stabilize();
        c.Heal();
        Assert.True(c.Node(1).ProgressOf(3).Match < c.Node(1).Log.LastIndex);

        Assert.Equal(ErrorCode.None, c.Node(1).TransferLeadership(3));
        c.Flush();
        Assert.Equal(0, TimeoutNowsSent(c, 3)); // not yet: node 3 lacks entries

        c.RunUntil(() => c.Node(3).Role == Role.Leader, maxTicks: ElectionTicks, what: "node 3 leads");
        // Node 3 campaigned with the whole log: the entries it missed are there and committed by its term.
        Assert.Equal(c.Node(1).Log.LastIndex, c.Node(3).Log.LastIndex);
        Assert.Equal(c.Node(3).Log.LastIndex, c.Node(3).CommitIndex);
        Assert.Equal(4, c.Hosts[3].Values()[4]);
        Assert.Equal(1, c.Node(1).Stats.TransfersStarted);
        Assert.Equal(0, c.Node(1).Stats.TransfersAbandoned);
    }

    [Fact]
    public void S3_10_the_leader_refuses_proposals_and_forwarded_ones_while_the_transfer_runs()
    {
        var c = new TestCluster(3);
        c.Elect(1);
        c.Down(2); // the target never answers, so the transfer stays open
        Assert.Equal(ErrorCode.None, c.Node(1).TransferLeadership(2));

        Assert.Equal(ErrorCode.TransferInProgress, c.Set(1, 0, 1));
        Assert.Equal(ErrorCode.TransferInProgress, c.Node(1).TransferLeadership(3));

        // A command forwarded by node 3 is refused with the wire reason, which node 3 hands to its host.
        Assert.Equal(ErrorCode.None, c.Set(3, 0, 1, client: 3, seq: 7));
        c.Stabilize();
        var refusal = Assert.Single(c.Hosts[3].Rejections);
        Assert.Equal((3, 7, RefusalReason.TransferInProgress), (refusal.Client, refusal.Seq, refusal.Reason));
        Assert.Equal(0, c.Hosts[1].Values()[0]);
    }

    [Fact]
    public void S3_10_a_transfer_to_a_down_target_is_abandoned_after_one_election_timeout()
    {
        var c = new TestCluster(3);
        c.Elect(1);
        int term = c.Node(1).Term;
        c.Down(2);
        Assert.Equal(ErrorCode.None, c.Node(1).TransferLeadership(2));

        Run(c, ElectionTicks - 1);
        Assert.Equal(ErrorCode.TransferInProgress, c.Set(1, 0, 5));
        Run(c, 1);

        Assert.Equal(NodeId.None, c.Node(1).TransferTarget);
        Assert.Equal(1, c.Node(1).Stats.TransfersAbandoned);
        Assert.Equal(Role.Leader, c.Node(1).Role);
        Assert.Equal(term, c.Node(1).Term); // no election happened
        Assert.Equal(ErrorCode.None, c.Set(1, 0, 5));
        c.Stabilize();
        Assert.Equal(5, c.Hosts[3].Values()[0]);
    }

    [Fact]
    public void S3_10_transfer_requests_that_cannot_run_are_refused_with_their_reason()
    {
        var c = new TestCluster(3);
        c.Elect(1);
        Assert.Equal(ErrorCode.NotLeader, c.Node(2).TransferLeadership(3));
        Assert.Equal(ErrorCode.TransferTargetIsSelf, c.Node(1).TransferLeadership(1));
        Assert.Equal(ErrorCode.TransferTargetNotVoter, c.Node(1).TransferLeadership(9)); // unknown or removed
        Assert.Equal(ErrorCode.TransferTargetNotVoter, c.Node(1).TransferLeadership(NodeId.None));
        Assert.Equal(ErrorCode.TransferTargetNotVoter, c.Node(1).TransferLeadership(NodeId.Broadcast));
        Assert.Equal(NodeId.None, c.Node(1).TransferTarget);
        Assert.Equal(ErrorCode.None, c.Set(1, 0, 1)); // nothing stopped the proposals
    }

    [Fact]
    public void S3_10_TimeoutNow_from_a_node_that_is_not_the_leader_changes_nothing()
    {
        var s = new Scripted(1, 3);
        s.Restore(3);
        s.Step(Scripted.Msg(MessageType.AppendEntries, 2, 1, 3)); // node 2 leads term 3
        s.Drain();

        Assert.Equal(FrameError.None, s.Step(Scripted.Msg(MessageType.TimeoutNow, 3, 1, 3)));
        Assert.Empty(s.Drain());
        Assert.Equal((Role.Follower, 3, 2), (s.Node.Role, s.Node.Term, s.Node.Leader));
        Assert.Equal(0, s.Node.Stats.TransferCampaigns);
    }

    [Fact]
    public void S3_10_TimeoutNow_of_an_older_term_is_dropped_as_stale()
    {
        var s = new Scripted(1, 3);
        s.Restore(3);
        s.Step(Scripted.Msg(MessageType.AppendEntries, 2, 1, 3));
        s.Drain();

        Assert.Equal(FrameError.StaleTerm, s.Step(Scripted.Msg(MessageType.TimeoutNow, 2, 1, 2)));
        Assert.Empty(s.Drain());
        Assert.Equal((Role.Follower, 3), (s.Node.Role, s.Node.Term));
    }

    [Fact]
    public void S3_10_TimeoutNow_from_the_current_leader_starts_a_flagged_election_without_pre_vote()
    {
        var s = new Scripted(1, 3);
        s.Restore(3);
        s.Step(Scripted.Msg(MessageType.AppendEntries, 2, 1, 3));
        s.Drain();

        Assert.Equal(FrameError.None, s.Step(Scripted.Msg(MessageType.TimeoutNow, 2, 1, 3)));
        var votes = s.Drain();
        // One unicast request per voter (acknowledged and retried by the radio), each flagged.
        Assert.Equal([2, 3], votes.Select(v => v.To).Order());
        Assert.All(votes, v => Assert.Equal((MessageType.VoteRequest, 4, true), (v.Type, v.Term, v.Transfer)));
        Assert.Equal(Role.Candidate, s.Node.Role);
    }

    [Fact]
    public void S3_10_an_ordinary_election_never_carries_the_transfer_flag()
    {
        var s = new Scripted(1, 3, c => c.PreVote = false);
        s.Node.StartElection();
        var vote = Assert.Single(s.Drain());
        Assert.Equal(MessageType.VoteRequest, vote.Type);
        Assert.False(vote.Transfer);
    }

    [Fact]
    public void S3_10_a_flagged_vote_request_is_heard_inside_the_lease_and_an_unflagged_one_is_not()
    {
        var s = new Scripted(1, 3);
        s.Restore(3);
        s.Step(Scripted.Msg(MessageType.AppendEntries, 2, 1, 3));
        s.Drain();

        s.Step(Scripted.Msg(MessageType.VoteRequest, 3, 1, 4));
        Assert.Empty(s.Drain());
        Assert.Equal(3, s.Node.Term);

        var flagged = Scripted.Msg(MessageType.VoteRequest, 3, 1, 4);
        flagged.Transfer = true;
        s.Step(flagged);
        var reply = Assert.Single(s.Drain());
        Assert.Equal((MessageType.VoteResponse, false), (reply.Type, reply.Reject));
        Assert.Equal((4, 3), (s.Node.Term, s.Node.Vote));
    }

    private static TestCluster PreferringThree(bool transferToPreferred = true) =>
        new(3, cfg =>
        {
            cfg.PreferredLeader = 3;
            cfg.TransferToPreferred = transferToPreferred;
        });

    [Fact]
    public void S3_10_the_preferred_leader_takes_over_after_an_election_won_by_another_node()
    {
        var c = PreferringThree();
        c.Elect(1);
        // It waits out its first election timeout, then three caught-up rounds: never sooner.
        Run(c, ElectionTicks);
        Assert.Equal(Role.Leader, c.Node(1).Role);

        c.RunUntil(() => c.Node(3).Role == Role.Leader, maxTicks: 4 * ElectionTicks, what: "node 3 leads");
        Assert.Equal(1, c.Node(1).Stats.TransfersStarted);
        int term = c.Node(3).Term;
        Run(c, 10 * ElectionTicks);
        Assert.Equal((Role.Leader, term), (c.Node(3).Role, c.Node(3).Term)); // and keeps it: no ping-pong
        Assert.Equal(ErrorCode.None, c.Set(3, 0, 8));
        c.Stabilize();
        Assert.Equal(8, c.Hosts[1].Values()[0]);
    }

    [Fact]
    public void S3_10_without_TransferToPreferred_the_preference_is_ignored()
    {
        var c = PreferringThree(transferToPreferred: false);
        c.Elect(1);
        Run(c, 10 * ElectionTicks);
        Assert.Equal(Role.Leader, c.Node(1).Role);
        Assert.Equal(0, c.Node(1).Stats.TransfersStarted);
    }

    [Fact]
    public void S3_10_a_down_preferred_leader_is_never_chosen_and_the_cluster_keeps_committing()
    {
        var c = PreferringThree();
        c.Down(3);
        c.Elect(1);
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(ErrorCode.None, c.Set(1, i % 5, i, client: 0));
            Run(c, ElectionTicks / 2);
        }

        Assert.Equal(Role.Leader, c.Node(1).Role);
        Assert.Equal(0, c.Node(1).Stats.TransfersStarted);
        Assert.Equal(c.Node(1).Log.LastIndex, c.Node(1).CommitIndex);
        Assert.Equal(19, c.Hosts[2].Values()[4]);
    }

    [Fact]
    public void S3_10_a_lagging_preferred_leader_is_not_chosen_until_it_has_caught_up()
    {
        var c = PreferringThree();
        c.Elect(1);
        c.Isolate(3); // in no touch: it falls behind
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(ErrorCode.None, c.Set(1, i, i + 1, client: 0));
            Run(c, ElectionTicks / 2);
        }

        Assert.Equal(0, c.Node(1).Stats.TransfersStarted);
        c.Heal();
        c.RunUntil(() => c.Node(3).Role == Role.Leader, maxTicks: 6 * ElectionTicks, what: "node 3 leads once caught up");
        Assert.Equal(4, c.Hosts[3].Values()[3]);
    }

    [Fact]
    public void S3_10_a_preferred_leader_within_a_frame_of_the_commit_index_takes_over_under_continuous_load()
    {
        var c = PreferringThree();
        c.Elect(1);
        // A command arrives just before every tick, so at the start of each round the leader's last index is ahead of
        // every follower: a preferred node that had to hold the whole log would never be chosen under load.
        for (int t = 0; t < 6 * ElectionTicks && c.Node(3).Role != Role.Leader; t++)
        {
            RaftNode leader = c.Node(1);
            leader.Propose(EntryKind.Set, t % 5, 0, 0, t); // refused (TransferInProgress) while the hand-over runs
            c.TickAll();
            c.Stabilize();
        }

        Assert.Equal(Role.Leader, c.Node(3).Role);
        Assert.Equal(1, c.Node(1).Stats.TransfersStarted);
        Assert.Equal(0, c.Node(1).Stats.TransfersAbandoned);
    }

    [Fact]
    public void S3_10_after_an_abandoned_transfer_the_leader_backs_off_before_trying_the_preferred_leader_again()
    {
        var c = PreferringThree();
        c.Elect(1);
        // Node 3 acknowledges appends but never hears TimeoutNow: every transfer to it fails.
        bool DropTimeoutNow(SimBoard.SentFrame f, int to) => to == 3 && f.Type == MessageType.TimeoutNow;
        int abandonedAt = -1;
        for (int t = 0; t < 12 * ElectionTicks; t++)
        {
            c.TickAll();
            while (c.DeliverOnce(DropTimeoutNow) > 0) { }
            if (abandonedAt < 0 && c.Node(1).Stats.TransfersAbandoned == 1) abandonedAt = t;
        }

        Assert.True(abandonedAt > 0, "the first transfer was abandoned");
        Assert.Equal(Role.Leader, c.Node(1).Role);
        // One try per (backoff + election timeout + three rounds) at most: far fewer than one per round.
        int period = RaftNode.TransferBackoffTimeouts * ElectionTicks + ElectionTicks;
        Assert.InRange(c.Node(1).Stats.TransfersStarted, 2, 1 + (12 * ElectionTicks - abandonedAt) / period + 1);
    }
}
