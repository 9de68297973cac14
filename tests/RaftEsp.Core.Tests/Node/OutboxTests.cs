using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Node;

/// <summary>The outbox keeps two drop counters apart: a full pool (the radio's normal loss) and a message the codec
/// cannot represent (a core bug).</summary>
public class OutboxTests
{
    private readonly FrameCodec codec = new(1, TestCluster.Key);

    private static Message Vote(int term) => Scripted.Msg(MessageType.VoteRequest, 1, 2, term, index: 3, logTerm: 1);

    [Fact]
    public void A_full_pool_counts_an_overflow_and_keeps_what_it_holds()
    {
        var outbox = new Outbox(2);
        Assert.True(outbox.Add(codec, Vote(4)));
        Assert.True(outbox.Add(codec, Vote(5)));
        Assert.False(outbox.Add(codec, Vote(6)));
        Assert.Equal((2, 1, 0), (outbox.Count, outbox.Overflows, outbox.EncodeFailures));
        Assert.Equal(MessageType.VoteRequest, outbox.Type(1));
        Assert.True(outbox.AfterPersist(1));
    }

    [Fact]
    public void A_message_that_cannot_be_encoded_is_an_encode_failure_not_an_overflow()
    {
        var outbox = new Outbox(2);
        Assert.False(outbox.Add(codec, Vote(-1)));
        Assert.Equal((0, 0, 1), (outbox.Count, outbox.Overflows, outbox.EncodeFailures));
        Assert.True(outbox.Add(codec, Vote(2)));
        Assert.Equal(1, outbox.Count);
    }
}
