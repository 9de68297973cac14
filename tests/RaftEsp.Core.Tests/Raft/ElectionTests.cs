using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>§5.1 terms and §5.2 leader election.</summary>
public class ElectionTests
{
    [Fact]
    public void S5_2_a_cluster_elects_exactly_one_leader()
    {
        var c = new TestCluster(3);
        c.RunUntil(() => c.Leader() != null, what: "a leader");
        int leader = c.Leader()!.Value;
        Assert.Single(c.Ids, i => c.Node(i).Role == Role.Leader);
        Assert.All(c.Ids, i => Assert.Equal(c.Node(leader).Term, c.Node(i).Term));
        Assert.All(c.Ids, i => Assert.Equal(leader, c.Node(i).Leader));
    }

    [Fact]
    public void S5_1_a_message_with_a_higher_term_turns_a_leader_into_a_follower_of_that_term()
    {
        var s = new Scripted(1, 3);
        s.BecomeLeader(2);
        int term = s.Node.Term;
        Assert.Equal(FrameError.None, s.Step(Scripted.Ack(3, 1, term + 3, 0)));
        Assert.Equal(Role.Follower, s.Node.Role);
        Assert.Equal(term + 3, s.Node.Term);
        Assert.Equal(NodeId.None, s.Node.Vote);
    }

    [Fact]
    public void S5_1_frames_from_an_older_term_are_dropped_and_counted()
    {
        var s = new Scripted(1, 3);
        s.Restore(5);
        var stale = Scripted.Msg(MessageType.AppendEntries, 2, 1, 4, 0, 0);
        Assert.Equal(FrameError.StaleTerm, s.Step(stale));
        Assert.Equal(1, s.Node.Drops.Get(FrameError.StaleTerm));
        Assert.Equal(NodeId.None, s.Node.Leader);
        Assert.Equal(5, s.Node.Term);
    }

    [Fact]
    public void S5_2_a_node_votes_for_at_most_one_candidate_per_term()
    {
        var s = new Scripted(1, 3, c => c.CheckQuorum = false);
        Assert.Equal(FrameError.None, s.Step(Scripted.Msg(MessageType.VoteRequest, 2, 1, 1)));
        Assert.Equal(FrameError.None, s.Step(Scripted.Msg(MessageType.VoteRequest, 3, 1, 1)));
        var replies = s.Drain();
        Assert.Equal(2, replies.Count);
        Assert.False(replies.Single(m => m.To == 2).Reject);
        Assert.True(replies.Single(m => m.To == 3).Reject);
        Assert.Equal(2, s.Node.Vote);
        Assert.Equal(2, s.Host.Storage.Vote); // persisted before the grant left (§5.2, Figure 2)
    }

    [Fact]
    public void S5_2_a_repeated_vote_request_from_the_same_candidate_is_granted_again()
    {
        var s = new Scripted(1, 3, c => c.CheckQuorum = false);
        s.Step(Scripted.Msg(MessageType.VoteRequest, 2, 1, 1));
        s.Step(Scripted.Msg(MessageType.VoteRequest, 2, 1, 1));
        Assert.All(s.Drain(), m => Assert.False(m.Reject));
    }

    [Fact]
    public void S5_2_vote_grants_leave_only_after_the_vote_is_durable()
    {
        var s = new Scripted(1, 3, c => c.CheckQuorum = false);
        s.Step(Scripted.Msg(MessageType.VoteRequest, 2, 1, 1));
        Ready rd = s.Node.GetReady();
        Assert.True(rd.HardStateChanged);
        Assert.Equal(2, rd.HardVote);
        Assert.Equal(1, rd.Frames.Count);
        Assert.True(rd.Frames.AfterPersist(0));
        s.Node.Advance();
    }

    [Fact]
    public void S5_4_1_a_voter_refuses_a_candidate_whose_log_is_less_up_to_date()
    {
        var s = new Scripted(1, 3, c => c.CheckQuorum = false);
        s.Restore(2, 1, 2);
        // Candidate's last entry is (index 5, term 1): longer but older than ours (index 2, term 2).
        s.Step(Scripted.Msg(MessageType.VoteRequest, 2, 1, 3, index: 5, logTerm: 1));
        // Candidate's last entry is (index 2, term 2): as up to date as ours.
        s.Step(Scripted.Msg(MessageType.VoteRequest, 3, 1, 4, index: 2, logTerm: 2));
        var replies = s.Drain();
        Assert.True(replies.Single(m => m.To == 2).Reject);
        Assert.False(replies.Single(m => m.To == 3).Reject);
    }

    [Fact]
    public void S5_2_a_candidate_that_hears_from_a_leader_of_its_term_becomes_its_follower()
    {
        var s = new Scripted(1, 3, c => c.PreVote = false);
        s.Node.StartElection();
        s.Drain();
        Assert.Equal(Role.Candidate, s.Node.Role);
        int term = s.Node.Term;
        s.Step(Scripted.Msg(MessageType.AppendEntries, 2, 1, term));
        Assert.Equal(Role.Follower, s.Node.Role);
        Assert.Equal(2, s.Node.Leader);
        Assert.Equal(term, s.Node.Term);
    }

    [Fact]
    public void S5_2_election_timeouts_are_randomized_between_one_and_two_election_timeouts()
    {
        var firstCampaign = new List<int>();
        for (uint seed = 1; seed <= 40; seed++)
        {
            var s = new Scripted(1, 3, c => { c.RandomSeed = seed; c.PreVote = false; });
            int ticks = 0;
            while (s.Node.Role == Role.Follower)
            {
                s.Node.Tick();
                ticks++;
            }

            firstCampaign.Add(ticks);
        }

        Assert.All(firstCampaign, t => Assert.InRange(t, 10, 19));
        Assert.True(firstCampaign.Distinct().Count() >= 5, "timeouts should spread: " + string.Join(",", firstCampaign));
    }

    [Fact]
    public void S5_2_no_leader_is_elected_without_a_majority()
    {
        var c = new TestCluster(5);
        c.Down(4);
        c.Down(5);
        c.Down(3);
        for (int t = 0; t < 300; t++)
        {
            c.TickAll();
            c.Stabilize();
            Assert.Null(c.Leader());
        }
    }

    [Fact]
    public void S5_2_two_candidates_in_one_term_yield_at_most_one_leader_and_then_exactly_one()
    {
        var c = new TestCluster(4, cfg => cfg.PreVote = false);
        // Two candidates in the same term: nodes 1 and 2 each get their own vote and one more at most.
        c.Node(1).StartElection();
        c.Node(2).StartElection();
        c.Stabilize();
        Assert.True(c.Ids.Count(i => c.Node(i).Role == Role.Leader) <= 1);
        c.RunUntil(() => c.Leader() != null, what: "a leader after the split vote");
        Assert.Single(c.Ids, i => c.Node(i).Role == Role.Leader);
    }
}
