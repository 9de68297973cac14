using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>
/// A follower in probe whose answer names the index the leader already knows it holds (§5.3; etcd does the same) is in
/// step again. Found by the simulator's membership runs: a learner that caught up in an idle cluster answered every
/// heartbeat at its match, stayed in probe, and was never promoted (§4.2.1 promotes learners in the replicate state).
/// </summary>
public class ProbeAnsweredAtMatchTests
{
    [Fact]
    public void S5_3_a_probe_answered_at_the_known_match_puts_the_follower_back_in_step()
    {
        var s = new Scripted(1, 3);
        s.Restore(1); // a later term, so node 2 can hold an entry of an older one
        s.BecomeLeader(2, 3);
        s.Step(Scripted.Ack(2, 1, s.Node.Term, 1)); // node 2 holds the no-op: in step, match 1
        s.Drain();
        Assert.Equal(ProgressState.Replicate, s.Node.ProgressOf(2).State);

        // Two entries in flight to node 2 in two frames; it refuses the second (prev index 2), holding an entry 2 of
        // an older term (a hint the leader cannot vouch for, so not a lost copy): back to probing from 2.
        Assert.True(s.Node.Term > 1);
        Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 0, 0, 0, 5));
        s.Drain();
        Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 0, 0, 0, 6));
        s.Drain();
        var refusal = Scripted.Msg(MessageType.AppendResponse, 2, 1, s.Node.Term, index: 2, reject: true);
        refusal.HintIndex = 2;
        refusal.HintTerm = 1;
        s.Step(refusal);
        s.Drain();
        Assert.Equal(ProgressState.Probe, s.Node.ProgressOf(2).State);
        Assert.Equal(1, s.Node.ProgressOf(2).Match);

        // It answers at its match (the index the leader knows it holds): the logs agree up to there, so it is in step.
        s.Step(Scripted.Ack(2, 1, s.Node.Term, 1));
        Assert.Equal(ProgressState.Replicate, s.Node.ProgressOf(2).State);
        Assert.Equal(2, s.Node.ProgressOf(2).Next);
    }
}
