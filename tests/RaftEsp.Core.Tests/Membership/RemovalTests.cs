using RaftEsp.Core.Tests.Raft.Harness;
using static RaftEsp.Core.Tests.Membership.MembershipCluster;

namespace RaftEsp.Core.Tests.Membership;

/// <summary>
/// Removing a board (dissertation §4.1): a follower goes with one entry; the leader never appends its own removal but
/// hands over first (§4.2.2 with §3.10's transfer) so the cluster sees no election timeout; and a removed board, with
/// or without its removal in its log, does not disturb the cluster (§4.2.3).
/// </summary>
public class RemovalTests
{
    [Fact]
    public void S4_1_a_removed_follower_leaves_the_configuration_and_the_rest_commit_without_it()
    {
        TestCluster c = Led(3);
        Propose(c, 1, EntryKind.RemoveNode, 3);
        Assert.Equal([1, 2], Ids(c.Node(1).Voters));
        SettleCommit(c, 1, 1, 2);
        Assert.All([1, 2], i => Assert.Equal([1, 2], Ids(c.Node(i).Voters)));
        // With one follower left the leader sends it unicast frames: 3 never hears of its removal here (see the
        // §4.2.3 tests for why that is harmless).

        // Two voters now: the leader and 2 commit; 3 being gone changes nothing.
        c.Down(3);
        Assert.Equal(ErrorCode.None, c.Set(1, 1, 11));
        SettleCommit(c, 1, 1, 2);
        Assert.Equal(11, c.Hosts[2].Values()[1]);
        // ... but 2 is needed: one voter of two is no majority.
        c.Down(2);
        Assert.Equal(ErrorCode.None, c.Set(1, 1, 12));
        int commit = c.Node(1).CommitIndex;
        for (int t = 0; t < 5; t++)
        {
            c.TickAll();
            c.Stabilize();
        }

        Assert.Equal(commit, c.Node(1).CommitIndex);
    }

    [Fact]
    public void S4_2_2_a_leader_asked_to_remove_itself_hands_over_and_the_new_leader_removes_it_without_an_election_timeout()
    {
        TestCluster c = Led(5);
        int term = c.Node(1).Term;
        int last = c.Node(1).Log.LastIndex;
        Assert.Equal(ErrorCode.TransferInProgress, c.Node(1).Propose(EntryKind.RemoveNode, 0, 0, 0, 1));
        Assert.Equal(last, c.Node(1).Log.LastIndex); // the leader never appends its own removal
        Assert.Contains(c.Node(1).TransferTarget, new[] { 2, 3, 4, 5 });
        int target = c.Node(1).TransferTarget;

        // §3.10: TimeoutNow, an immediate campaign, a vote: no tick passes, so no election timeout is waited for.
        c.Stabilize();
        Assert.Equal(Role.Leader, c.Node(target).Role);
        Assert.Equal(term + 1, c.Node(target).Term);
        Assert.Equal(Role.Follower, c.Node(1).Role);
        SettleCommit(c, target);

        // The client's retry on board 1, now a follower, is forwarded to the new leader, which removes board 1.
        Assert.Equal(ErrorCode.None, c.Node(1).Propose(EntryKind.RemoveNode, 0, 0, 0, 1));
        c.Stabilize();
        Assert.Equal(EntryKind.RemoveNode, c.Node(target).Log.KindAt(c.Node(target).ConfigurationIndex));
        SettleCommit(c, target);
        Assert.All(c.Ids, i => Assert.Equal([2, 3, 4, 5], Ids(c.Node(i).Voters).Order().ToArray()));
        Assert.False(c.Node(1).Promotable); // the removal was broadcast to the three followers and to it
        Assert.Equal(term + 1, c.Node(target).Term); // one term: the transfer's, never an election of its own
        Assert.Equal(1, c.Node(1).Stats.TransfersStarted);
    }

    [Fact]
    public void S4_2_3_a_removed_board_that_knows_it_never_campaigns()
    {
        // Five boards: the leader broadcasts to its three remaining followers, and board 3 hears its removal too.
        TestCluster c = Led(5);
        Propose(c, 1, EntryKind.RemoveNode, 3);
        SettleCommit(c, 1);
        Assert.False(c.Node(3).Promotable);
        Assert.Equal([1, 2, 4, 5], Ids(c.Node(3).Voters));
        c.Isolate(3); // the leader's broadcasts would keep resetting its election timer
        int historyBefore = c.History.Count;
        int term = c.Node(1).Term;
        for (int t = 0; t < 100; t++)
        {
            c.TickAll();
            c.Stabilize();
        }

        Assert.DoesNotContain(c.History.Skip(historyBefore), f => f.From == 3 && (f.Type == MessageType.PreVoteRequest || f.Type == MessageType.VoteRequest));
        Assert.Equal(term, c.Node(1).Term);
        Assert.Equal(Role.Leader, c.Node(1).Role);
    }

    [Fact]
    public void S4_2_3_a_removed_board_that_missed_its_removal_cannot_disturb_the_leader()
    {
        // It times out and campaigns with PreVote; the voters hear their leader (the lease), so they refuse, and
        // a pre-vote raises no term: the leader keeps its term and its role (docs/design.md).
        TestCluster c = Led(3);
        c.Isolate(3);
        Propose(c, 1, EntryKind.RemoveNode, 3);
        SettleCommit(c, 1, 1, 2);
        Assert.True(c.Node(3).Promotable); // it never heard of its removal
        c.Heal();
        c.Cut(1, 3); // it hears 2, not the leader
        int term = c.Node(1).Term;
        int historyBefore = c.History.Count;
        for (int t = 0; t < 100; t++)
        {
            c.TickAll();
            c.Stabilize();
        }

        Assert.Contains(c.History.Skip(historyBefore), f => f.From == 3 && f.Type == MessageType.PreVoteRequest);
        Assert.Equal(term, c.Node(1).Term);
        Assert.Equal(term, c.Node(2).Term);
        Assert.Equal(Role.Leader, c.Node(1).Role);
        Assert.Equal(ErrorCode.None, c.Set(1, 0, 5));
        SettleCommit(c, 1, 1, 2);
    }
}
