using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>
/// §5.1 stale terms and §9.6 (PreVote/CheckQuorum): what a node answers to frames of an older term, and how the
/// leader lease keeps a returning board from disrupting a healthy leader (docs/design.md, "Stale-term frames").
/// </summary>
public class StaleTermAndLeaseTests
{
    private static Message StaleAppend(int term, int round)
    {
        var m = Scripted.Msg(MessageType.AppendEntries, 2, 1, term);
        m.Round = round;
        return m;
    }

    private static Message StaleChunk(int term, int round)
    {
        var m = Scripted.Msg(MessageType.SnapshotChunk, 2, 1, term, index: 4, logTerm: 1);
        m.TotalLength = 8;
        m.DataLength = 8;
        m.Round = round;
        return m;
    }

    [Fact]
    public void S5_1_a_leader_of_an_older_term_is_told_the_newer_term_in_an_append_response()
    {
        var s = new Scripted(1, 3);
        s.Restore(5);
        Assert.Equal(FrameError.StaleTerm, s.Step(StaleAppend(3, round: 7)));
        var reply = Assert.Single(s.Drain());
        Assert.Equal(MessageType.AppendResponse, reply.Type);
        Assert.Equal(2, reply.To);
        Assert.Equal(5, reply.Term);
        Assert.Equal(7, reply.Round);
        Assert.Equal(5, s.Node.Term);
        Assert.Equal(NodeId.None, s.Node.Leader);
    }

    [Fact]
    public void S5_1_a_snapshot_chunk_of_an_older_term_is_answered_the_same_way()
    {
        var s = new Scripted(1, 3);
        s.Restore(5);
        Assert.Equal(FrameError.StaleTerm, s.Step(StaleChunk(3, round: 2)));
        var reply = Assert.Single(s.Drain());
        Assert.Equal(MessageType.AppendResponse, reply.Type);
        Assert.Equal(5, reply.Term);
        Assert.Equal(2, reply.Round);
        Assert.Equal(0, s.Node.Log.SnapshotIndex);
    }

    [Fact]
    public void S9_6_a_stale_pre_vote_request_is_refused_at_our_term_and_a_stale_vote_request_gets_no_answer()
    {
        var s = new Scripted(1, 3);
        s.Restore(5);
        Assert.Equal(FrameError.StaleTerm, s.Step(Scripted.Msg(MessageType.PreVoteRequest, 3, 1, 4)));
        var reply = Assert.Single(s.Drain());
        Assert.Equal(MessageType.PreVoteResponse, reply.Type);
        Assert.True(reply.Reject);
        Assert.Equal(5, reply.Term);

        Assert.Equal(FrameError.StaleTerm, s.Step(Scripted.Msg(MessageType.VoteRequest, 3, 1, 4)));
        Assert.Empty(s.Drain());
        Assert.Equal(5, s.Node.Term);
        Assert.Equal(NodeId.None, s.Node.Vote);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Either_CheckQuorum_or_PreVote_alone_answers_a_stale_leader(bool checkQuorum, bool preVote)
    {
        var s = new Scripted(1, 3, c => { c.CheckQuorum = checkQuorum; c.PreVote = preVote; });
        s.Restore(5);
        s.Step(StaleAppend(3, round: 1));
        Assert.Equal(MessageType.AppendResponse, Assert.Single(s.Drain()).Type);
    }

    [Fact]
    public void Without_CheckQuorum_and_PreVote_a_stale_frame_is_only_dropped_as_in_the_paper()
    {
        var s = new Scripted(1, 3, c => { c.CheckQuorum = false; c.PreVote = false; });
        s.Restore(5);
        Assert.Equal(FrameError.StaleTerm, s.Step(StaleAppend(3, round: 1)));
        Assert.Equal(FrameError.StaleTerm, s.Step(Scripted.Msg(MessageType.PreVoteRequest, 3, 1, 4)));
        Assert.Empty(s.Drain());
        Assert.Equal(2, s.Node.Drops.Get(FrameError.StaleTerm));
    }

    /// <summary>Node 1 follows leader 2 in term 3 (one heartbeat heard, election timer at 0).</summary>
    private static Scripted FollowerOfTwo(Action<Config>? tweak = null)
    {
        var s = new Scripted(1, 3, tweak);
        s.Restore(3);
        s.Step(Scripted.Msg(MessageType.AppendEntries, 2, 1, 3));
        s.Drain();
        Assert.Equal(2, s.Node.Leader);
        return s;
    }

    [Fact]
    public void S9_6_a_node_that_hears_from_its_leader_ignores_a_higher_term_vote_request()
    {
        var s = FollowerOfTwo();
        Assert.Equal(FrameError.None, s.Step(Scripted.Msg(MessageType.VoteRequest, 3, 1, 4)));
        Assert.Empty(s.Drain());
        Assert.Equal(3, s.Node.Term);
        Assert.Equal(2, s.Node.Leader);
        Assert.Equal(NodeId.None, s.Node.Vote);
        Assert.Equal(1, s.Node.Stats.VotesIgnoredInLease);
    }

    [Fact]
    public void S9_6_a_node_that_hears_from_its_leader_refuses_a_pre_vote_at_its_own_term()
    {
        var s = FollowerOfTwo();
        s.Step(Scripted.Msg(MessageType.PreVoteRequest, 3, 1, 4));
        var reply = Assert.Single(s.Drain());
        Assert.Equal(MessageType.PreVoteResponse, reply.Type);
        Assert.True(reply.Reject);
        Assert.Equal(3, reply.Term);
        Assert.Equal(3, s.Node.Term);
    }

    [Fact]
    public void S9_6_the_lease_lasts_exactly_the_minimum_election_timeout()
    {
        var s = FollowerOfTwo();
        for (int t = 0; t < 9; t++) s.Node.Tick();
        s.Drain();
        s.Step(Scripted.Msg(MessageType.VoteRequest, 3, 1, 4));
        Assert.Equal(3, s.Node.Term); // 9 ticks: still within the lease

        s.Node.Tick(); // 10 ticks = ElectionTicks: the lease is over
        s.Drain();
        Assert.Equal(Role.Follower, s.Node.Role); // the randomized timeout (10..19) has not fired yet for this seed
        s.Step(Scripted.Msg(MessageType.VoteRequest, 3, 1, 4));
        Assert.Equal(4, s.Node.Term);
        var reply = Assert.Single(s.Drain());
        Assert.Equal(MessageType.VoteResponse, reply.Type);
        Assert.False(reply.Reject);
        Assert.Equal(3, s.Node.Vote);
    }

    [Fact]
    public void S5_1_without_CheckQuorum_a_higher_term_vote_request_deposes_the_known_leader()
    {
        var s = FollowerOfTwo(c => c.CheckQuorum = false);
        s.Step(Scripted.Msg(MessageType.VoteRequest, 3, 1, 4));
        Assert.Equal(4, s.Node.Term);
        Assert.Equal(NodeId.None, s.Node.Leader); // a candidate is not a leader
        Assert.Equal(3, s.Node.Vote);
        Assert.Equal(0, s.Node.Stats.VotesIgnoredInLease);
    }
}
