using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>
/// A follower that missed a broadcast refuses the broadcasts pipelined behind it once per heartbeat round (issue 14:
/// the repeats told the leader nothing and only filled the air); a unicast frame is always answered, and the next
/// round's broadcast is refused again.
/// </summary>
public class GapRefusalTests
{
    private static Message Append(int to, int prevIndex, int round)
    {
        Message m = Scripted.Msg(MessageType.AppendEntries, 2, to, 2, index: prevIndex, logTerm: 2);
        m.Round = round;
        return m;
    }

    [Fact]
    public void A_gap_behind_broadcasts_is_refused_once_per_round_and_every_unicast_is_answered()
    {
        var s = new Scripted(1, 3);
        s.Step(Scripted.FourSetsFromLeader2(0));
        Assert.Equal(4, s.Node.Log.LastIndex);
        s.Drain();

        s.Step(Append(NodeId.Broadcast, 6, 3)); // the frame carrying 5..6 was lost
        s.Step(Append(NodeId.Broadcast, 8, 3)); // pipelined behind it, same round: same gap
        var first = s.Drain();
        Assert.Single(first, m => m.Type == MessageType.AppendResponse && m.Reject && m.Index == 6);
        Assert.DoesNotContain(first, m => m.Index == 8);

        s.Step(Append(1, 8, 3)); // unicast: always answered
        Assert.Single(s.Drain(), m => m.Type == MessageType.AppendResponse && m.Reject && m.Index == 8);

        s.Step(Append(NodeId.Broadcast, 10, 4)); // next round: refused again, should the first refusal be lost
        Assert.Single(s.Drain(), m => m.Type == MessageType.AppendResponse && m.Reject && m.Index == 10);
    }
}
