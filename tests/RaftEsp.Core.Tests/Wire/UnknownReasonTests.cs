using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Wire;

/// <summary>
/// The rule for reason bytes this version does not define (docs/wire-format.md, "Reason codes"): the frame is
/// accepted and the reason reads as <see cref="RefusalReason.Unknown"/>, so a newer board's new reason cannot make an
/// older board drop its refusals. Known reasons keep the bytes they had as ErrorCode values.
/// </summary>
public class UnknownReasonTests
{
    private const int ProposeRejectReasonAt = FrameLimits.HeaderBytes;
    private const int ReadResponseReasonAt = FrameLimits.HeaderBytes + 8;
    private readonly FrameCodec codec = new(1, TestCluster.Key);

    private static Message Reject(byte client, int seq)
    {
        Message m = Scripted.Msg(MessageType.ProposeReject, 2, 1, 3);
        m.Reason = RefusalReason.NotLeader;
        m.LeaderHint = 3;
        m.EntryCount = 1;
        m.Clients[0] = client;
        m.Seqs[0] = seq;
        return m;
    }

    private static Message ReadResponse(int requestId, int index)
    {
        Message m = Scripted.Msg(MessageType.ReadIndexResponse, 2, 1, 3);
        m.RequestId = requestId;
        m.Index = index;
        m.Reason = RefusalReason.None;
        return m;
    }

    /// <summary>Encodes <paramref name="m"/>, then puts <paramref name="reason"/> at <paramref name="at"/> and seals the frame again.</summary>
    private byte[] WithReasonByte(Message m, int at, byte reason, out int length)
    {
        var frame = new byte[FrameLimits.MaxFrameBytes];
        length = codec.Encode(m, frame);
        Assert.True(length > 0, "the frame must encode before its reason is replaced");
        frame[at] = reason;
        Assert.Equal(length, codec.SealFrame(frame, length - FrameLimits.TagBytes));
        return frame;
    }

    [Theory]
    [InlineData(5)]
    [InlineData(11)]
    [InlineData(77)]
    [InlineData(254)]
    [InlineData(255)]
    public void A_propose_reject_with_an_unknown_reason_is_accepted_as_a_refusal_of_unknown_reason(byte reason)
    {
        byte[] frame = WithReasonByte(Reject(client: 4, seq: 900), ProposeRejectReasonAt, reason, out int length);
        var decoded = new Message();
        Assert.Equal(FrameError.None, codec.Decode(frame, length, 1, decoded));
        Assert.Equal(RefusalReason.Unknown, decoded.Reason);
        Assert.Equal(3, decoded.LeaderHint);
        Assert.Equal(1, decoded.EntryCount);
        Assert.Equal(4, decoded.Clients[0]);
        Assert.Equal(900, decoded.Seqs[0]);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(12)]
    [InlineData(200)]
    public void A_read_index_response_with_an_unknown_reason_is_accepted_as_refused(byte reason)
    {
        // A refusal carries index 0, whatever its reason (docs/wire-format.md, ReadIndexResponse).
        byte[] frame = WithReasonByte(ReadResponse(requestId: 41, index: 0), ReadResponseReasonAt, reason, out int length);
        var decoded = new Message();
        Assert.Equal(FrameError.None, codec.Decode(frame, length, 1, decoded));
        Assert.Equal(RefusalReason.Unknown, decoded.Reason);
        Assert.Equal(41, decoded.RequestId);
        Assert.Equal(0, decoded.Index);
        byte[] withIndex = WithReasonByte(ReadResponse(requestId: 41, index: 17), ReadResponseReasonAt, reason, out length);
        Assert.Equal(FrameError.BadField, codec.Decode(withIndex, length, 1, decoded));
    }

    [Fact]
    public void A_propose_reject_without_a_reason_is_still_malformed()
    {
        byte[] frame = WithReasonByte(Reject(client: 4, seq: 1), ProposeRejectReasonAt, 0, out int length);
        Assert.Equal(FrameError.BadField, codec.Decode(frame, length, 1, new Message()));
    }

    [Fact]
    public void Unknown_is_never_sent()
    {
        var frame = new byte[FrameLimits.MaxFrameBytes];
        Message reject = Reject(client: 4, seq: 1);
        reject.Reason = RefusalReason.Unknown;
        Assert.Equal(0, codec.Encode(reject, frame));
        Message read = ReadResponse(requestId: 1, index: 1);
        read.Reason = RefusalReason.Unknown;
        Assert.Equal(0, codec.Encode(read, frame));
    }

    [Fact]
    public void Every_reason_sent_keeps_the_byte_of_the_same_named_error_code()
    {
        var frame = new byte[FrameLimits.MaxFrameBytes];
        foreach (RefusalReason reason in MessageGen.SentReasons)
        {
            ErrorCode code = Enum.Parse<ErrorCode>(reason.ToString());
            Message read = ReadResponse(requestId: 1, index: reason == RefusalReason.None ? 1 : 0);
            read.Reason = reason;
            Assert.True(codec.Encode(read, frame) > 0, reason.ToString());
            Assert.Equal((byte)code, frame[ReadResponseReasonAt]);
            Assert.Equal(reason, RefusalReasons.Decode((byte)code));
            if (code != ErrorCode.None) Assert.Equal(reason, RefusalReasons.From(code));
        }
    }

    [Fact]
    public void Error_codes_that_are_no_refusal_have_no_reason_to_send()
    {
        foreach (ErrorCode code in new[] { ErrorCode.None, ErrorCode.SlotOutOfRange, ErrorCode.StaleSequence, ErrorCode.BadPersistentState })
        {
            Assert.Equal(RefusalReason.Unknown, RefusalReasons.From(code));
        }
    }

    [Fact]
    public void A_follower_hands_a_refusal_of_unknown_reason_to_its_host_instead_of_dropping_the_frame()
    {
        var s = new Scripted(1, 3);
        s.Restore(3);
        byte[] frame = WithReasonByte(Reject(client: 4, seq: 900), ProposeRejectReasonAt, 99, out int length);
        Assert.Equal(FrameError.None, s.Node.Step(frame, length));
        s.Drain();
        Assert.Equal([(4, 900, RefusalReason.Unknown)], s.Host.Rejections);
        Assert.Equal(0, s.Node.Drops.Total);
    }
}
