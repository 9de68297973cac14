using RaftEsp.Core.Tests.Raft.Harness;
using static RaftEsp.Core.Tests.Membership.MembershipCluster;

namespace RaftEsp.Core.Tests.Membership;

/// <summary>
/// Adding a board as a learner (dissertation §4.2.1, "Catching up new servers"): it receives the log like a follower
/// but neither votes nor counts for a quorum until the leader promotes it, which it does once the learner holds
/// every committed entry (docs/design.md, "Learners").
/// </summary>
public class LearnerTests
{
    private static TestCluster WithLearner4(bool promote)
    {
        TestCluster c = Led(3, cfg => cfg.PromoteLearners = promote);
        c.AddJoiner(4);
        Propose(c, 1, EntryKind.AddLearner, 4);
        return c;
    }

    [Fact]
    public void S4_2_1_an_added_board_becomes_a_learner_at_once_on_the_leader_and_receives_the_log()
    {
        TestCluster c = WithLearner4(promote: false);
        // §4.1: the configuration takes effect when its entry is appended, not when it commits.
        Assert.Equal([4], Ids(c.Node(1).Learners));
        Assert.True(c.Node(1).MembershipChangePending);
        Assert.Equal(c.Node(1).Log.LastIndex, c.Node(1).ConfigurationIndex);
        Assert.Equal(1, c.Node(1).Stats.MembershipChanges);

        Assert.Equal(ErrorCode.None, c.Set(1, 2, 42));
        SettleCommit(c, 1);
        Assert.False(c.Node(1).MembershipChangePending);
        foreach (int id in c.Ids)
        {
            Assert.Equal([1, 2, 3], Ids(c.Node(id).Voters));
            Assert.Equal([4], Ids(c.Node(id).Learners));
        }

        Assert.Equal(42, c.Hosts[4].Values()[2]);
        Assert.False(c.Node(4).Promotable);
    }

    [Fact]
    public void S4_2_1_a_learner_does_not_count_for_the_quorum()
    {
        TestCluster c = WithLearner4(promote: false);
        SettleCommit(c, 1);
        c.AddJoiner(5);
        Propose(c, 1, EntryKind.AddLearner, 5);
        SettleCommit(c, 1);
        // Voters 1, 2, 3 and learners 4, 5: with 2 and 3 down, the leader and the learners are three boards of five,
        // but one voter of three: nothing commits.
        c.Down(2);
        c.Down(3);
        int before = c.Node(1).CommitIndex;
        Assert.Equal(ErrorCode.None, c.Set(1, 0, 7));
        c.RunUntil(() => c.Node(4).Log.LastIndex == c.Node(1).Log.LastIndex && c.Node(5).Log.LastIndex == c.Node(1).Log.LastIndex,
            what: "the learners hold the entry");
        for (int t = 0; t < 5; t++)
        {
            c.TickAll();
            c.Stabilize();
        }

        Assert.Equal(before, c.Node(1).CommitIndex);
        c.Up(2);
        c.RunUntil(() => c.Node(1).CommitIndex == c.Node(1).Log.LastIndex, what: "a second voter commits it");
    }

    [Fact]
    public void S4_2_1_a_learner_in_touch_does_not_keep_a_leader_without_its_voters_CheckQuorum()
    {
        // §6.2's CheckQuorum counts voters: a leader hearing only a learner steps down within an election timeout.
        TestCluster c = WithLearner4(promote: false);
        SettleCommit(c, 1);
        c.Down(2);
        c.Down(3);
        for (int t = 0; t <= c.Node(1).Config.ElectionTicks && c.Node(1).Role == Role.Leader; t++)
        {
            c.TickAll();
            c.Stabilize();
        }

        Assert.Equal(Role.Follower, c.Node(1).Role);
        Assert.Equal(1, c.Node(1).Stats.QuorumLosses);
    }

    [Fact]
    public void S4_2_1_a_learners_answer_does_not_confirm_a_read_index()
    {
        // §6.4: the leader confirms its leadership with a heartbeat round a majority of voters answers.
        TestCluster c = WithLearner4(promote: false);
        SettleCommit(c, 1);
        c.Down(2);
        c.Down(3);
        Assert.Equal(ErrorCode.None, c.Node(1).ReadIndex(7));
        c.Stabilize();
        Assert.DoesNotContain(c.Hosts[1].Reads, r => r.RequestId == 7);
        c.Up(2);
        c.TickAll();
        c.Stabilize();
        Assert.Contains(c.Hosts[1].Reads, r => r.RequestId == 7 && r.Status == RefusalReason.None);
    }

    [Fact]
    public void S4_2_1_a_learner_never_campaigns_and_answers_vote_requests()
    {
        TestCluster c = WithLearner4(promote: false);
        SettleCommit(c, 1);
        int term = c.Node(4).Term;
        c.Node(4).StartElection();
        Assert.Equal(Role.Follower, c.Node(4).Role);
        Assert.Equal(term, c.Node(4).Term);

        // A learner answers a vote request like a voter (as etcd): it may have been promoted by an entry it has not
        // received yet, and the voters that know it as a voter need its vote. Whether it counts is the candidate's call.
        Assert.False(VoteAnswer(c, 3).Reject);
        Assert.False(VoteAnswer(c, 4).Reject);
        Assert.Equal(2, c.Node(4).Vote);

        // Cut off from every board, the learner hears no leader for many election timeouts and still never campaigns.
        c.Isolate(4);
        for (int t = 0; t < 10 * c.Node(4).Config.ElectionTicks; t++)
        {
            c.TickAll();
            c.Stabilize();
        }

        Assert.Equal(Role.Follower, c.Node(4).Role);
        Assert.Equal(NodeId.None, c.Node(4).Leader); // it stopped naming a leader it no longer hears
        Assert.DoesNotContain(c.History, f => f.From == 4 && (f.Type == MessageType.VoteRequest || f.Type == MessageType.PreVoteRequest));
    }

    [Fact]
    public void S4_2_1_a_learners_vote_never_counts_for_a_candidate_that_knows_it_as_a_learner()
    {
        // Voters 1, 2, 3 and learner 4. Node 2 can reach only the learner: its grant must not make a majority of three.
        TestCluster c = WithLearner4(promote: false);
        SettleCommit(c, 1);
        c.Partition([1, 3], [2, 4]);
        for (int t = 0; t < 10 * c.Node(2).Config.ElectionTicks; t++)
        {
            c.TickAll();
            c.Stabilize();
        }

        Assert.NotEqual(Role.Leader, c.Node(2).Role);
        Assert.NotEqual(Role.Leader, c.Node(4).Role);
        // The learner did answer node 2's requests with grants: they were heard and not counted.
        Assert.Contains(c.History, f => f.From == 4 && f.To == 2 && (f.Type == MessageType.PreVoteResponse || f.Type == MessageType.VoteResponse));
    }

    /// <summary>Node 2's vote request of the next term with an up-to-date log, as <paramref name="voter"/> answers it.</summary>
    private static Message VoteAnswer(TestCluster c, int voter)
    {
        var codec = new FrameCodec(1, TestCluster.Key);
        RaftNode n = c.Node(voter);
        Message request = Scripted.Msg(MessageType.VoteRequest, 2, voter, n.Term + 1, index: n.Log.LastIndex, logTerm: n.Log.LastTerm);
        request.Transfer = true; // past the leader lease, as a transfer campaign is
        var frame = new byte[FrameLimits.MaxFrameBytes];
        Assert.Equal(FrameError.None, n.Step(frame, codec.Encode(request, frame)));
        SimBoard.SentFrame sent = Assert.Single(c.Hosts[voter].ProcessReady(), f => f.Type == MessageType.VoteResponse);
        var answer = new Message();
        Assert.Equal(FrameError.None, codec.Decode(sent.Bytes, sent.Bytes.Length, 2, answer));
        return answer;
    }

    [Fact]
    public void S4_2_1_a_caught_up_learner_is_promoted_by_the_leader()
    {
        TestCluster c = WithLearner4(promote: true);
        c.RunUntil(() => c.Ids.All(i => c.Node(i).Voters.Contains(4) && !c.Node(i).MembershipChangePending), maxTicks: 100, what: "4 promoted everywhere");
        foreach (int id in c.Ids)
        {
            Assert.Equal([1, 2, 3, 4], Ids(c.Node(id).Voters));
            Assert.Equal(0, c.Node(id).Learners.Count);
        }

        Assert.Equal(1, c.Node(1).Stats.LearnersPromoted);
        Assert.Equal(2, c.Node(1).Stats.MembershipChanges); // add-learner, promote-learner
        Assert.True(c.Node(4).Promotable);
        // The promotion is an entry of the log, like a client's change.
        RaftLog log = c.Node(4).Log;
        Assert.Equal(EntryKind.PromoteLearner, log.KindAt(c.Node(4).ConfigurationIndex));
        Assert.Equal(4, log.ValueAt(c.Node(4).ConfigurationIndex));
    }

    [Fact]
    public void S4_2_1_a_learner_that_is_not_in_touch_is_not_promoted_until_it_catches_up()
    {
        TestCluster c = Led(3);
        c.AddJoiner(4);
        c.Cut(1, 4);
        Propose(c, 1, EntryKind.AddLearner, 4);
        SettleCommit(c, 1, 1, 2, 3);
        for (int t = 0; t < 30; t++)
        {
            c.TickAll();
            c.Stabilize();
        }

        Assert.Equal([4], Ids(c.Node(1).Learners));
        Assert.Equal(0, c.Node(1).Stats.LearnersPromoted);
        Assert.Equal(0, c.Node(4).Log.LastIndex); // it heard nothing

        c.Heal();
        c.RunUntil(() => c.Node(1).Voters.Contains(4), maxTicks: 100, what: "4 promoted once in touch");
        Assert.True(c.Node(4).Log.LastIndex >= c.Node(1).CommitIndex - 1);
    }

    [Fact]
    public void S4_2_1_a_learner_that_holds_every_committed_entry_but_went_silent_is_not_promoted()
    {
        // Caught up means in touch too: a learner that stopped answering would, as a voter, be a voter down.
        var s = new Scripted(1, 3);
        s.BecomeLeader(2);
        RaftNode n = s.Node;
        s.Step(Scripted.Ack(2, 1, n.Term, n.Log.LastIndex));
        s.Drain();
        Assert.Equal(ErrorCode.None, n.Propose(EntryKind.AddLearner, 0, 0, 0, 4));
        int change = n.Log.LastIndex;
        s.Drain();
        s.Step(Scripted.Ack(4, 1, n.Term, change)); // the learner holds the whole log, the change is not committed
        s.Drain();
        Assert.Equal(change, n.ProgressOf(4).Match);
        for (int t = 0; t < n.Config.ElectionTicks; t++)
        {
            n.Tick();
            s.Step(Scripted.Ack(2, 1, n.Term, change - 1)); // 2 keeps the leader in its quorum, 4 is silent
            s.Drain();
        }

        Assert.False(n.ProgressOf(4).RecentActive);
        s.Step(Scripted.Ack(2, 1, n.Term, change)); // the change commits; 4 holds every committed entry
        s.Drain();
        Assert.Equal(change, n.CommitIndex);
        n.Tick(); // a heartbeat round
        s.Drain();
        Assert.Equal([4], Ids(n.Learners));
        Assert.Equal(change, n.Log.LastIndex);

        s.Step(Scripted.Ack(4, 1, n.Term, change)); // it answers again
        n.Tick();
        s.Drain();
        Assert.Equal([1, 2, 3, 4], Ids(n.Voters));
        Assert.Equal(EntryKind.PromoteLearner, n.Log.KindAt(change + 1));
    }

    [Fact]
    public void S4_2_1_with_PromoteLearners_off_a_caught_up_learner_stays_a_learner()
    {
        TestCluster c = WithLearner4(promote: false);
        for (int t = 0; t < 100; t++)
        {
            c.TickAll();
            c.Stabilize();
        }

        Assert.Equal(c.Node(1).Log.LastIndex, c.Node(4).Log.LastIndex); // caught up
        Assert.Equal([4], Ids(c.Node(1).Learners));
        Assert.Equal(0, c.Node(1).Stats.LearnersPromoted);
        // ... and the operator promotes it by hand, as an ordinary change.
        Propose(c, 1, EntryKind.PromoteLearner, 4);
        SettleCommit(c, 1);
        Assert.All(c.Ids, i => Assert.Equal([1, 2, 3, 4], Ids(c.Node(i).Voters)));
    }
}
