using RaftEsp.Core.Tests.Raft.Harness;
using RaftEsp.Core.Tests.Wire;

namespace RaftEsp.Core.Tests.Membership;

/// <summary>
/// The wire side of membership changes (docs/wire-format.md): the three membership entries (class 3, operands 0, 1 and
/// 3: client u32, seq u32, node id i32), the TransferRequest frame (type 16, one byte: the target) and the reason codes
/// 20-24. Each has one encoding, fits 250 bytes, and a malformed one is refused.
/// </summary>
public class MembershipWireTests
{
    private const int EntriesAt = FrameLimits.HeaderBytes + FrameLimits.AppendFixedBytes;
    private readonly FrameCodec codec = new(1, TestCluster.Key);
    private readonly byte[] frame = new byte[FrameLimits.MaxFrameBytes];
    private readonly Message decoded = new();

    private static Message AppendOf(EntryKind kind, int nodeId, int client = 7, int seq = 9)
    {
        Message m = Scripted.Msg(MessageType.AppendEntries, 1, 2, 3, index: 4, logTerm: 3);
        m.EntriesTerm = 3;
        m.EntryCount = 1;
        m.SetEntry(0, kind, 0, client, seq, nodeId);
        return m;
    }

    private static Message TransferRequest(int target, int to = 1)
    {
        Message m = Scripted.Msg(MessageType.TransferRequest, 3, to, 5);
        m.Index = target;
        return m;
    }

    [Theory]
    [InlineData(EntryKind.AddLearner, 0xC0)]
    [InlineData(EntryKind.RemoveNode, 0xC1)]
    [InlineData(EntryKind.PromoteLearner, 0xC3)]
    public void A_membership_entry_is_13_bytes_class_3_with_its_operand_then_client_seq_and_node_id(EntryKind kind, byte first)
    {
        int length = codec.Encode(AppendOf(kind, 200, client: 0x01020304, seq: 0x0A0B0C0D), frame);
        Assert.Equal(EntriesAt + 13 + FrameLimits.TagBytes, length);
        Assert.Equal(13, EntryCodec.Size(kind));
        Assert.Equal(new byte[] { first, 4, 3, 2, 1, 0x0D, 0x0C, 0x0B, 0x0A, 200, 0, 0, 0 }, frame.AsSpan(EntriesAt, 13).ToArray());

        Assert.Equal(FrameError.None, codec.Decode(frame, length, 2, decoded));
        Assert.Equal((kind, 0, 0x01020304, 0x0A0B0C0D, 200), (decoded.Kinds[0], decoded.Slots[0], decoded.Clients[0], decoded.Seqs[0], decoded.Values[0]));
        // Canonical: decoding and encoding again gives back the same bytes.
        var again = new byte[FrameLimits.MaxFrameBytes];
        Assert.Equal(length, codec.EncodeAsDecoded(decoded, again));
        Assert.Equal(frame.AsSpan(0, length).ToArray(), again.AsSpan(0, length).ToArray());
    }

    [Fact]
    public void A_full_append_of_membership_entries_fits_250_bytes()
    {
        Message m = AppendOf(EntryKind.AddLearner, 4);
        m.EntryCount = FrameLimits.MaxEntriesPerAppend;
        for (int i = 0; i < m.EntryCount; i++) m.SetEntry(i, (EntryKind)(i % 2 == 0 ? 3 : 6), 0, int.MaxValue, int.MaxValue, NodeId.MaxId);
        int length = codec.Encode(m, frame);
        Assert.InRange(length, 1, FrameLimits.MaxFrameBytes);
        Assert.Equal(EntriesAt + 13 * FrameLimits.MaxEntriesPerAppend + FrameLimits.TagBytes, length);
    }

    [Theory]
    [InlineData(EntryKind.AddLearner, NodeId.Broadcast, 0, 0)] // no board carries 255
    [InlineData(EntryKind.RemoveNode, -1, 0, 0)]
    [InlineData(EntryKind.PromoteLearner, 1000, 0, 0)]
    [InlineData(EntryKind.AddLearner, 4, 1, 0)] // a membership entry has no slot
    [InlineData(EntryKind.RemoveNode, 4, 0, -1)] // client beyond 2^31-1
    public void A_membership_entry_the_wire_cannot_carry_is_not_encoded(EntryKind kind, int nodeId, int slot, int client)
    {
        Message m = AppendOf(kind, nodeId, client: client);
        m.SetEntry(0, kind, slot, client, 9, nodeId);
        Assert.Equal(0, codec.Encode(m, frame));
    }

    [Theory]
    [InlineData(0, 0xC0, 9, 255)] // node id 255
    [InlineData(1, 0xC1, 9, -1)] // node id negative (0xFFFFFFFF)
    [InlineData(2, 0xC3, 9, 0x100)] // node id past 254
    [InlineData(3, 0xC4, 9, 4)] // operand 4: no such control entry
    [InlineData(4, 0xFF, 9, 4)] // operand 63
    [InlineData(5, 0xC0, -5, 4)] // seq with its top bit set
    public void A_malformed_membership_entry_is_refused_BadField(int _, byte first, int seq, int nodeId)
    {
        int length = codec.Encode(AppendOf(EntryKind.AddLearner, 4), frame);
        frame[EntriesAt] = first;
        Bytes.WriteI32(frame, EntriesAt + 5, seq);
        Bytes.WriteI32(frame, EntriesAt + 9, nodeId);
        length = codec.SealFrame(frame, length - FrameLimits.TagBytes);
        Assert.Equal(FrameError.BadField, codec.Decode(frame, length, 2, decoded));
    }

    [Fact]
    public void A_membership_entry_cut_short_is_refused()
    {
        int length = codec.Encode(AppendOf(EntryKind.PromoteLearner, 4), frame);
        length = codec.SealFrame(frame, length - FrameLimits.TagBytes - 1); // 12 of its 13 bytes
        Assert.NotEqual(FrameError.None, codec.Decode(frame, length, 2, decoded));
    }

    [Fact]
    public void TransferRequest_is_the_header_one_target_byte_and_the_tag()
    {
        int length = codec.Encode(TransferRequest(target: 2), frame);
        Assert.Equal(FrameLimits.HeaderBytes + 1 + FrameLimits.TagBytes, length);
        Assert.Equal((byte)MessageType.TransferRequest, frame[3]);
        Assert.Equal(16, frame[3]);
        Assert.Equal(2, frame[FrameLimits.HeaderBytes]);
        Assert.Equal(FrameError.None, codec.Decode(frame, length, 1, decoded));
        Assert.Equal((MessageType.TransferRequest, 3, 1, 5, 2), (decoded.Type, decoded.From, decoded.To, decoded.Term, decoded.Index));
        var again = new byte[FrameLimits.MaxFrameBytes];
        Assert.Equal(length, codec.EncodeAsDecoded(decoded, again));
        Assert.Equal(frame.AsSpan(0, length).ToArray(), again.AsSpan(0, length).ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(NodeId.MaxId)]
    public void TransferRequest_carries_every_target_id_a_board_can_have(int target)
    {
        int length = codec.Encode(TransferRequest(target), frame);
        Assert.Equal(FrameError.None, codec.Decode(frame, length, 1, decoded));
        Assert.Equal(target, decoded.Index);
    }

    [Fact]
    public void TransferRequest_to_everyone_or_for_no_valid_target_is_not_encoded()
    {
        Assert.Equal(0, codec.Encode(TransferRequest(2, to: NodeId.Broadcast), frame));
        Assert.Equal(0, codec.Encode(TransferRequest(NodeId.Broadcast), frame));
        Assert.Equal(0, codec.Encode(TransferRequest(-1), frame));
    }

    [Theory]
    [InlineData(new byte[0], FrameError.BadLength)]
    [InlineData(new byte[] { 2, 0 }, FrameError.BadLength)]
    [InlineData(new byte[] { 255 }, FrameError.BadField)]
    public void A_malformed_TransferRequest_is_refused(byte[] body, FrameError expected)
    {
        Assert.True(codec.Encode(TransferRequest(2), frame) > 0);
        body.CopyTo(frame, FrameLimits.HeaderBytes);
        int length = codec.SealFrame(frame, FrameLimits.HeaderBytes + body.Length);
        Assert.Equal(expected, codec.Decode(frame, length, 1, decoded));
    }

    [Fact]
    public void A_forged_broadcast_TransferRequest_is_refused()
    {
        int length = codec.Encode(TransferRequest(2), frame);
        frame[5] = NodeId.Broadcast; // the destination byte
        length = codec.SealFrame(frame, length - FrameLimits.TagBytes);
        Assert.Equal(FrameError.BadField, codec.Decode(frame, length, 1, decoded));
    }

    [Theory]
    [InlineData(ErrorCode.MembershipChangePending, 20)]
    [InlineData(ErrorCode.AlreadyMember, 21)]
    [InlineData(ErrorCode.NotMember, 22)]
    [InlineData(ErrorCode.LastVoter, 23)]
    [InlineData(ErrorCode.ClusterFull, 24)]
    public void Each_membership_refusal_travels_as_its_error_codes_byte_in_a_ProposeReject(ErrorCode code, int wire)
    {
        Assert.Equal(wire, (int)code);
        RefusalReason reason = RefusalReasons.From(code);
        Assert.Equal(wire, (int)reason);
        Message m = Scripted.Msg(MessageType.ProposeReject, 1, 2, 3);
        m.Reason = reason;
        m.LeaderHint = 1;
        m.EntryCount = 1;
        m.Clients[0] = 5;
        m.Seqs[0] = 6;
        int length = codec.Encode(m, frame);
        Assert.Equal(wire, frame[FrameLimits.HeaderBytes]);
        Assert.Equal(FrameError.None, codec.Decode(frame, length, 2, decoded));
        Assert.Equal(reason, decoded.Reason);
    }

    [Fact]
    public void The_codes_after_24_are_no_reason_this_version_sends()
    {
        Assert.Equal(RefusalReason.Unknown, RefusalReasons.Decode(25));
        Assert.Equal(RefusalReason.Unknown, RefusalReasons.Decode(19));
    }

    [Fact]
    public void The_message_generator_makes_every_Raft_type_and_every_entry_kind()
    {
        // So the round-trip and fuzz tests in FrameCodecTests cover TransferRequest and the membership entries.
        for (int type = 1; type <= MessageTypes.MaxRaftType; type++) Assert.Contains((MessageType)type, MessageGen.AllTypes);
        var kinds = new HashSet<EntryKind>();
        var r = new Random(5);
        for (int i = 0; i < 200; i++)
        {
            Message m = MessageGen.Random(r, MessageType.AppendEntries);
            for (int k = 0; k < m.EntryCount; k++) kinds.Add(m.Kinds[k]);
        }

        for (int kind = 0; kind <= (int)EntryKind.PromoteLearner; kind++) Assert.Contains((EntryKind)kind, kinds);
        foreach (RefusalReason reason in new[] { RefusalReason.MembershipChangePending, RefusalReason.AlreadyMember, RefusalReason.NotMember, RefusalReason.LastVoter, RefusalReason.ClusterFull })
            Assert.Contains(reason, MessageGen.SentReasons);
    }
}
