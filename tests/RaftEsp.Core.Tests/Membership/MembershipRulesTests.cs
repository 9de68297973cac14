using RaftEsp.Core.Tests.Raft.Harness;
using static RaftEsp.Core.Tests.Membership.MembershipCluster;

namespace RaftEsp.Core.Tests.Membership;

/// <summary>
/// What a leader checks before it appends a membership change (docs/design.md, "One change at a time"): one change
/// at a time (dissertation §4.1), an entry of its own term committed first (Ongaro's 2015 raft-dev fix to §4.1), and
/// a change valid for the latest configuration. A refused change appends nothing and changes nothing.
/// </summary>
public class MembershipRulesTests
{
    private static void AssertNothingAppended(RaftNode leader, int lastIndex, int[] voters, int[] learners)
    {
        Assert.Equal(lastIndex, leader.Log.LastIndex);
        Assert.Equal(voters, Ids(leader.Voters));
        Assert.Equal(learners, Ids(leader.Learners));
    }

    [Fact]
    public void S4_1_a_second_change_waits_until_the_first_is_committed()
    {
        TestCluster c = Led(3);
        Propose(c, 1, EntryKind.AddLearner, 4);
        int last = c.Node(1).Log.LastIndex;
        Assert.True(c.Node(1).MembershipChangePending);
        Assert.Equal(ErrorCode.MembershipChangePending, c.Node(1).Propose(EntryKind.AddLearner, 0, 0, 0, 5));
        Assert.Equal(ErrorCode.MembershipChangePending, c.Node(1).Propose(EntryKind.RemoveNode, 0, 0, 0, 4));
        AssertNothingAppended(c.Node(1), last, [1, 2, 3], [4]);
        // Ordinary commands are not held up by a pending change.
        Assert.Equal(ErrorCode.None, c.Set(1, 0, 1));

        SettleCommit(c, 1, 1, 2, 3);
        Assert.False(c.Node(1).MembershipChangePending);
        Propose(c, 1, EntryKind.AddLearner, 5);
        Assert.Equal([4, 5], Ids(c.Node(1).Learners));
    }

    [Fact]
    public void The_2015_fix_a_new_leader_takes_no_change_until_an_entry_of_its_term_commits()
    {
        // §4.1's single-server rule is unsafe across leader changes unless a new leader first commits an entry of its
        // own term (Ongaro, raft-dev, 2015): before that it answers LeaderNotReady.
        var s = new Scripted(1, 3);
        s.BecomeLeader(2);
        RaftNode n = s.Node;
        int noop = n.Log.LastIndex;
        Assert.Equal(n.Term, n.Log.TermAt(noop));
        Assert.True(n.CommitIndex < noop);
        Assert.Equal(ErrorCode.LeaderNotReady, n.Propose(EntryKind.AddLearner, 0, 0, 0, 4));
        Assert.Equal(ErrorCode.LeaderNotReady, n.Propose(EntryKind.RemoveNode, 0, 0, 0, 3));
        Assert.Equal(noop, n.Log.LastIndex);
        Assert.False(n.MembershipChangePending);
        Assert.Equal(ErrorCode.None, n.Propose(EntryKind.Set, 0, 0, 0, 5)); // commands are taken meanwhile
        s.Drain();

        s.Step(Scripted.Ack(2, 1, n.Term, noop));
        s.Drain();
        Assert.Equal(noop, n.CommitIndex);
        Assert.Equal(ErrorCode.None, n.Propose(EntryKind.AddLearner, 0, 0, 0, 4));
        Assert.Equal([4], Ids(n.Learners));
    }

    [Fact]
    public void The_2015_fix_applies_after_every_election_not_only_the_first()
    {
        TestCluster c = Led(3);
        Assert.Equal(ErrorCode.None, c.Node(1).TransferLeadership(2));
        for (int i = 0; i < 20 && c.Node(2).Role != Role.Leader; i++) c.DeliverOnce();
        Assert.Equal(Role.Leader, c.Node(2).Role);
        // The new leader's no-op is on the air; no acknowledgement of it has come back yet.
        RaftNode n = c.Node(2);
        Assert.NotEqual(n.Term, n.Log.TermAt(n.CommitIndex));
        Assert.Equal(ErrorCode.LeaderNotReady, n.Propose(EntryKind.AddLearner, 0, 0, 0, 4));
        SettleCommit(c, 2);
        Assert.Equal(ErrorCode.None, c.Node(2).Propose(EntryKind.AddLearner, 0, 0, 0, 4));
    }

    [Theory]
    [InlineData(EntryKind.AddLearner, 2, ErrorCode.AlreadyMember)]
    [InlineData(EntryKind.AddLearner, 4, ErrorCode.AlreadyMember)] // a learner already
    [InlineData(EntryKind.PromoteLearner, 3, ErrorCode.AlreadyMember)]
    [InlineData(EntryKind.PromoteLearner, 9, ErrorCode.NotMember)]
    [InlineData(EntryKind.RemoveNode, 9, ErrorCode.NotMember)]
    [InlineData(EntryKind.AddLearner, NodeId.Broadcast, ErrorCode.InvalidCommand)]
    [InlineData(EntryKind.AddLearner, 5, ErrorCode.None)] // the fifth member: founders + 2
    public void An_invalid_change_is_refused_with_its_reason_and_appends_nothing(EntryKind kind, int nodeId, ErrorCode expected)
    {
        TestCluster c = Led(3, cfg => cfg.PromoteLearners = false);
        Propose(c, 1, EntryKind.AddLearner, 4);
        SettleCommit(c, 1, 1, 2, 3);
        int last = c.Node(1).Log.LastIndex;
        Assert.Equal(expected, c.Node(1).Propose(kind, 0, 0, 0, nodeId));
        if (expected != ErrorCode.None) AssertNothingAppended(c.Node(1), last, [1, 2, 3], [4]);
        else Assert.Equal([4, nodeId], Ids(c.Node(1).Learners));
    }

    [Fact]
    public void A_full_cluster_refuses_another_learner_ClusterFull()
    {
        // Capacity founders + 2 = 5 by default: room to add one board before removing one in a replace.
        TestCluster c = Led(3, cfg => cfg.PromoteLearners = false);
        Assert.Equal(5, c.Node(1).Config.MemberCapacity);
        Propose(c, 1, EntryKind.AddLearner, 4);
        SettleCommit(c, 1, 1, 2, 3);
        Propose(c, 1, EntryKind.AddLearner, 5);
        SettleCommit(c, 1, 1, 2, 3);
        int last = c.Node(1).Log.LastIndex;
        Assert.Equal(ErrorCode.ClusterFull, c.Node(1).Propose(EntryKind.AddLearner, 0, 0, 0, 6));
        AssertNothingAppended(c.Node(1), last, [1, 2, 3], [4, 5]);
        // Removing one makes room again.
        Propose(c, 1, EntryKind.RemoveNode, 5);
        SettleCommit(c, 1, 1, 2, 3);
        Assert.Equal(ErrorCode.None, c.Node(1).Propose(EntryKind.AddLearner, 0, 0, 0, 6));
    }

    [Fact]
    public void The_only_voter_cannot_remove_itself_LastVoter()
    {
        TestCluster c = Led(1, cfg => cfg.PromoteLearners = false);
        Propose(c, 1, EntryKind.AddLearner, 2);
        SettleCommit(c, 1, 1);
        int last = c.Node(1).Log.LastIndex;
        Assert.Equal(ErrorCode.LastVoter, c.Node(1).Propose(EntryKind.RemoveNode, 0, 0, 0, 1));
        AssertNothingAppended(c.Node(1), last, [1], [2]);
        Assert.Equal(NodeId.None, c.Node(1).TransferTarget); // no transfer to a learner either
    }

    [Fact]
    public void A_change_proposed_on_a_follower_is_forwarded_and_a_refusal_comes_back_with_its_reason()
    {
        TestCluster c = Led(3, cfg => cfg.PromoteLearners = false);
        // Forwarded to the leader like any command; the follower never appends it itself.
        Assert.Equal(ErrorCode.None, c.Node(2).Propose(EntryKind.AddLearner, 0, 0, 1, 4));
        Assert.Equal(0, c.Node(2).Learners.Count);
        SettleCommit(c, 1);
        Assert.All(c.Ids, i => Assert.Equal([4], Ids(c.Node(i).Learners)));

        Assert.Equal(ErrorCode.None, c.Node(2).Propose(EntryKind.AddLearner, 0, 0, 2, 3));
        c.Stabilize();
        Assert.Contains((0, 2, RefusalReason.AlreadyMember), c.Hosts[2].Rejections);
        Assert.Equal([1, 2, 3], Ids(c.Node(1).Voters));
    }
}
