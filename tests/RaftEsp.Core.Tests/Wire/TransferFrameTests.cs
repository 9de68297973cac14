using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Wire;

/// <summary>
/// The frames of leadership transfer (§3.10; docs/wire-format.md): TimeoutNow has no body and one target, and a vote
/// request carries its transfer flag in a trailing flags byte that is there only when the flag is set.
/// </summary>
public class TransferFrameTests
{
    private readonly FrameCodec codec = new(1, TestCluster.Key);
    private readonly byte[] frame = new byte[FrameLimits.MaxFrameBytes];
    private readonly Message decoded = new();

    private static Message Vote(MessageType type, bool transfer)
    {
        Message m = Scripted.Msg(type, 3, 2, 5, index: 9, logTerm: 4);
        m.Transfer = transfer;
        return m;
    }

    /// <summary>Replaces the body of the encoded <paramref name="m"/> by <paramref name="body"/> and seals it again.</summary>
    private int WithBody(Message m, params byte[] body)
    {
        Assert.True(codec.Encode(m, frame) > 0);
        body.CopyTo(frame, FrameLimits.HeaderBytes);
        return codec.SealFrame(frame, FrameLimits.HeaderBytes + body.Length);
    }

    [Fact]
    public void TimeoutNow_is_a_bare_header_and_tag()
    {
        Message m = Scripted.Msg(MessageType.TimeoutNow, 1, 2, 7);
        Assert.Equal(FrameLimits.HeaderBytes + FrameLimits.TagBytes, codec.Encode(m, frame));
        Assert.Equal(FrameError.None, codec.Decode(frame, FrameLimits.HeaderBytes + FrameLimits.TagBytes, 2, decoded));
        Assert.Equal((MessageType.TimeoutNow, 1, 2, 7), (decoded.Type, decoded.From, decoded.To, decoded.Term));
    }

    [Fact]
    public void TimeoutNow_is_never_broadcast()
    {
        Message m = Scripted.Msg(MessageType.TimeoutNow, 1, NodeId.Broadcast, 7);
        Assert.Equal(0, codec.Encode(m, frame));
        // A forged broadcast one (well tagged) is malformed.
        Message unicast = Scripted.Msg(MessageType.TimeoutNow, 1, 2, 7);
        codec.Encode(unicast, frame);
        frame[5] = NodeId.Broadcast;
        int length = codec.SealFrame(frame, FrameLimits.HeaderBytes);
        Assert.Equal(FrameError.BadField, codec.Decode(frame, length, 2, decoded));
    }

    [Fact]
    public void TimeoutNow_with_a_body_is_malformed()
    {
        int length = WithBody(Scripted.Msg(MessageType.TimeoutNow, 1, 2, 7), 0);
        Assert.Equal(FrameError.BadLength, codec.Decode(frame, length, 2, decoded));
    }

    [Fact]
    public void An_ordinary_vote_keeps_its_8_byte_body_and_a_transfer_vote_adds_one_flags_byte()
    {
        int plain = codec.Encode(Vote(MessageType.VoteRequest, false), new byte[FrameLimits.MaxFrameBytes]);
        int transfer = codec.Encode(Vote(MessageType.VoteRequest, true), frame);
        Assert.Equal(FrameLimits.HeaderBytes + 8 + FrameLimits.TagBytes, plain);
        Assert.Equal(plain + 1, transfer);
        Assert.Equal(1, frame[FrameLimits.HeaderBytes + 8]);
        Assert.Equal(FrameError.None, codec.Decode(frame, transfer, 2, decoded));
        Assert.True(decoded.Transfer);
    }

    [Fact]
    public void A_pre_vote_never_carries_the_transfer_flag()
    {
        Assert.Equal(0, codec.Encode(Vote(MessageType.PreVoteRequest, true), frame));
        int length = WithBody(Vote(MessageType.PreVoteRequest, false), 9, 0, 0, 0, 4, 0, 0, 0, 1);
        Assert.Equal(FrameError.BadField, codec.Decode(frame, length, 2, decoded));
    }

    [Theory]
    [InlineData(0)] // an empty flags byte: the 8-byte body is the one encoding of "no flag"
    [InlineData(2)] // a flag this version does not define
    [InlineData(3)]
    public void A_flags_byte_with_anything_but_the_transfer_flag_is_malformed(byte flags)
    {
        int length = WithBody(Vote(MessageType.VoteRequest, true), 9, 0, 0, 0, 4, 0, 0, 0, flags);
        Assert.Equal(FrameError.BadField, codec.Decode(frame, length, 2, decoded));
    }

    [Fact]
    public void A_vote_body_of_another_length_is_malformed()
    {
        int length = WithBody(Vote(MessageType.VoteRequest, true), 9, 0, 0, 0, 4, 0, 0, 0, 1, 0);
        Assert.Equal(FrameError.BadLength, codec.Decode(frame, length, 2, decoded));
    }

    [Fact]
    public void The_transfer_refusal_travels_with_the_byte_of_its_error_code()
    {
        Assert.Equal((byte)ErrorCode.TransferInProgress, (byte)RefusalReasons.From(ErrorCode.TransferInProgress));
        Assert.Equal(RefusalReason.TransferInProgress, RefusalReasons.Decode((int)ErrorCode.TransferInProgress));
        Assert.Equal(RefusalReason.Unknown, RefusalReasons.From(ErrorCode.TransferTargetNotVoter)); // an API answer, never on the wire
    }
}
