using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>
/// A follower that missed one frame (a lost broadcast copy) refuses the next; its hint names its last entry, which the
/// leader holds with the same term, so by the Log Matching property (§5.3) the logs agree up to there. The leader
/// resends from just after it at once, still replicating, and refusals of frames pipelined behind the same gap do not
/// each cost another resend (docs/design.md, "Replication").
/// </summary>
public class LostCopyRepairTests
{
    private static Scripted LeaderWithThreeFramesInFlight()
    {
        var s = new Scripted(1, 3);
        s.Restore(1); // a later term, so an entry of an older one can be told apart
        s.BecomeLeader(2, 3);
        s.Step(Scripted.Ack(2, 1, s.Node.Term, 1)); // node 2 holds the no-op: in step, match 1
        s.Step(Scripted.Ack(3, 1, s.Node.Term, 1));
        s.Drain();
        for (int value = 5; value <= 7; value++)
        {
            Assert.Equal(ErrorCode.None, s.Node.Propose(EntryKind.Set, 0, 0, 0, value));
            s.Drain(); // entries 2, 3 and 4, one frame each; node 3 acknowledges each, so none waits for a commit
            s.Step(Scripted.Ack(3, 1, s.Node.Term, s.Node.Log.LastIndex));
        }

        Assert.Equal(ProgressState.Replicate, s.Node.ProgressOf(2).State);
        Assert.Equal(5, s.Node.ProgressOf(2).Next);
        return s;
    }

    private static Message Refusal(Scripted s, int prevIndex, int lastHeld)
    {
        var m = Scripted.Msg(MessageType.AppendResponse, 2, 1, s.Node.Term, index: prevIndex, reject: true);
        m.HintIndex = lastHeld;
        m.HintTerm = s.Node.Log.TermAt(lastHeld);
        return m;
    }

    [Fact]
    public void S5_3_a_refusal_after_a_lost_copy_resends_the_gap_at_once_from_the_followers_last_entry()
    {
        Scripted s = LeaderWithThreeFramesInFlight();
        // Node 2 missed entry 2's frame and refused entry 3's (previous entry 2); it holds 1.
        s.Step(Refusal(s, prevIndex: 2, lastHeld: 1));
        Progress pr = s.Node.ProgressOf(2);
        Assert.Equal(ProgressState.Replicate, pr.State);
        Assert.Equal(1, pr.Match);

        var resend = s.Drain().Single(m => m.Type == MessageType.AppendEntries);
        Assert.Equal(1, resend.Index); // from just after its last entry
        Assert.Equal(3, resend.EntryCount); // the whole gap in one frame
        Assert.Equal(5, pr.Next);
    }

    [Fact]
    public void Refusals_of_frames_pipelined_behind_the_gap_cost_no_second_resend()
    {
        Scripted s = LeaderWithThreeFramesInFlight();
        s.Step(Refusal(s, prevIndex: 2, lastHeld: 1));
        s.Drain();
        s.Step(Refusal(s, prevIndex: 3, lastHeld: 1)); // entry 4's frame, sent before the resend

        Assert.DoesNotContain(s.Drain(), m => m.Type == MessageType.AppendEntries);
        Assert.Equal(5, s.Node.ProgressOf(2).Next);
    }

    [Fact]
    public void S5_3_a_refusal_whose_hint_the_leader_cannot_vouch_for_still_probes()
    {
        Scripted s = LeaderWithThreeFramesInFlight();
        var m = Refusal(s, prevIndex: 2, lastHeld: 2);
        m.HintTerm = s.Node.Term - 1; // entry 2 of an older term: the logs differ there

        s.Step(m);

        Assert.Equal(ProgressState.Probe, s.Node.ProgressOf(2).State);
        Assert.Equal(2, s.Node.ProgressOf(2).Next);
    }
}
