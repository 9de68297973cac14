using RaftEsp.Core.Tests.Raft.Harness;
using static RaftEsp.Core.Tests.Membership.MembershipCluster;

namespace RaftEsp.Core.Tests.Membership;

/// <summary>
/// <see cref="RaftNode.RequestTransfer"/> (§3.10 from any board): the leader starts the transfer itself; a follower
/// sends its leader a TransferRequest (type 16), which the leader takes as its own request (docs/design.md,
/// "Transfers from anywhere").
/// </summary>
public class RequestTransferTests
{
    [Fact]
    public void S3_10_a_follower_asks_the_leader_and_the_leadership_moves_to_the_target()
    {
        TestCluster c = Led(3);
        int term = c.Node(1).Term;
        Assert.Equal(ErrorCode.None, c.Node(3).RequestTransfer(2));
        c.Flush();
        SimBoard.SentFrame request = Assert.Single(c.InFlight, f => f.Type == MessageType.TransferRequest);
        Assert.Equal((3, 1), (request.From, request.To));
        c.Stabilize(); // no tick: TimeoutNow, not an election timeout
        Assert.Equal(Role.Leader, c.Node(2).Role);
        Assert.Equal(term + 1, c.Node(2).Term);
        Assert.Equal(1, c.Node(1).Stats.TransfersStarted);
    }

    [Fact]
    public void S3_10_on_the_leader_RequestTransfer_is_TransferLeadership()
    {
        TestCluster c = Led(3);
        Assert.Equal(ErrorCode.TransferTargetIsSelf, c.Node(1).RequestTransfer(1));
        Assert.Equal(ErrorCode.None, c.Node(1).RequestTransfer(3));
        Assert.Equal(3, c.Node(1).TransferTarget);
        Assert.Equal(ErrorCode.TransferInProgress, c.Node(1).RequestTransfer(2));
        c.Stabilize();
        Assert.Equal(Role.Leader, c.Node(3).Role);
    }

    [Fact]
    public void A_follower_refuses_a_target_that_is_no_voter_and_asks_nothing()
    {
        TestCluster c = Led(3, cfg => cfg.PromoteLearners = false);
        c.AddJoiner(4);
        Propose(c, 1, EntryKind.AddLearner, 4);
        SettleCommit(c, 1);
        Assert.Equal(ErrorCode.TransferTargetNotVoter, c.Node(2).RequestTransfer(4)); // a learner
        Assert.Equal(ErrorCode.TransferTargetNotVoter, c.Node(2).RequestTransfer(9)); // no member
        Assert.Equal(ErrorCode.TransferTargetNotVoter, c.Node(2).RequestTransfer(NodeId.Broadcast));
        Assert.Equal(ErrorCode.TransferTargetNotVoter, c.Node(4).RequestTransfer(4)); // a learner asking for itself
        Assert.Equal(ErrorCode.None, c.Node(2).RequestTransfer(1)); // it leads already: nothing to ask
        c.Flush();
        Assert.DoesNotContain(c.InFlight, f => f.Type == MessageType.TransferRequest);
    }

    [Fact]
    public void A_follower_that_knows_no_leader_answers_NoLeader()
    {
        var c = new TestCluster(3);
        Assert.Equal(ErrorCode.NoLeader, c.Node(2).RequestTransfer(3));
    }

    [Fact]
    public void A_TransferRequest_reaching_a_board_that_does_not_lead_is_ignored()
    {
        TestCluster c = Led(3);
        var codec = new FrameCodec(1, TestCluster.Key);
        Message m = Scripted.Msg(MessageType.TransferRequest, 3, 2, c.Node(2).Term);
        m.Index = 3;
        var frame = new byte[FrameLimits.MaxFrameBytes];
        Assert.Equal(FrameError.None, c.Node(2).Step(frame, codec.Encode(m, frame)));
        c.Stabilize();
        Assert.Equal(Role.Leader, c.Node(1).Role);
        Assert.Equal(0, c.Node(2).Stats.TransfersStarted);
    }
}
