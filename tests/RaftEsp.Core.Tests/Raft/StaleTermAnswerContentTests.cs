using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>
/// The answer to a leader of an older term (docs/design.md, "Stale-term frames") carries the newer term and the
/// round, nothing else: every outgoing frame starts blank, so nothing of the frame built before it leaks into it.
/// </summary>
public class StaleTermAnswerContentTests
{
    [Fact]
    public void S5_1_a_stale_term_answer_right_after_a_refusal_carries_no_field_of_that_refusal()
    {
        var s = new Scripted(1, 3);
        s.Restore(5, 1, 1);
        // Node 2, leader of term 5, probes at index 4: refused, with a backtracking hint.
        s.Step(Scripted.Msg(MessageType.AppendEntries, 2, 1, 5, index: 4, logTerm: 5));
        var refusal = Assert.Single(s.Drain());
        Assert.True(refusal.Reject);
        Assert.Equal(4, refusal.Index);

        // Node 3 still leads term 3 as far as it knows.
        var stale = Scripted.Msg(MessageType.AppendEntries, 3, 1, 3);
        stale.Round = 9;
        Assert.Equal(FrameError.StaleTerm, s.Step(stale));
        var answer = Assert.Single(s.Drain());
        Assert.Equal(MessageType.AppendResponse, answer.Type);
        Assert.Equal(3, answer.To);
        Assert.Equal(5, answer.Term);
        Assert.Equal(9, answer.Round);
        Assert.False(answer.Reject);
        Assert.Equal(0, answer.Index);
        Assert.Equal(0, answer.HintIndex);
        Assert.Equal(0, answer.HintTerm);
    }
}
