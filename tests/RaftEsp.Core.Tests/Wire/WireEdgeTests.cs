namespace RaftEsp.Core.Tests.Wire;

/// <summary>
/// The codec's refusals one field at a time (each invalid field alone makes Encode return 0 or Decode drop the
/// frame), the exact limits that are still accepted, and the varint edge cases (docs/wire-format.md).
/// </summary>
public class WireEdgeTests
{
    private static readonly byte[] Key = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
    private readonly FrameCodec codec = new(7, Key);

    private static Message Of(MessageType type, int term = 3)
    {
        var m = new Message();
        m.Reset();
        m.Type = type;
        m.From = 1;
        m.To = 2;
        m.Term = term;
        return m;
    }

    private int Encode(Message m) => codec.Encode(m, new byte[FrameLimits.MaxFrameBytes]);

    private FrameError RoundTrip(Message m, out Message decoded)
    {
        var frame = new byte[FrameLimits.MaxFrameBytes];
        int length = codec.Encode(m, frame);
        Assert.True(length > 0, "the message must encode");
        decoded = new Message();
        return codec.Decode(frame, length, 2, decoded);
    }

    [Fact]
    public void A_codec_needs_a_16_byte_key_and_a_16_bit_cluster_id()
    {
        Assert.Throws<ArgumentException>(() => new FrameCodec(1, null!));
        Assert.Throws<ArgumentException>(() => new FrameCodec(1, new byte[15]));
        Assert.Throws<ArgumentException>(() => new FrameCodec(-1, Key));
        Assert.Throws<ArgumentException>(() => new FrameCodec(0x10000, Key));
        Assert.Equal(0, new FrameCodec(0, Key).ClusterId);
        Assert.Equal(0xFFFF, new FrameCodec(0xFFFF, Key).ClusterId);
    }

    [Fact]
    public void A_frame_to_node_0_encodes()
    {
        Message m = Of(MessageType.VoteResponse);
        m.To = 0;
        Assert.True(Encode(m) > 0);
    }

    public static TheoryData<string, Action<Message>, MessageType> OneBadField => new()
    {
        { "append response hint term", m => m.HintTerm = -1, MessageType.AppendResponse },
        { "append response round", m => m.Round = -1, MessageType.AppendResponse },
        { "snapshot response offset below 0", m => m.Offset = -1, MessageType.SnapshotResponse },
        { "snapshot response offset past 64 KiB", m => m.Offset = FrameLimits.MaxSnapshotBytes + 1, MessageType.SnapshotResponse },
        { "propose reject with no entry", m => { m.Reason = RefusalReason.NotLeader; m.EntryCount = 0; }, MessageType.ProposeReject },
        { "propose reject with 27 entries", m => { m.Reason = RefusalReason.NotLeader; m.EntryCount = 27; }, MessageType.ProposeReject },
        { "read response of a reason this version does not send", m => m.Reason = (RefusalReason)200, MessageType.ReadIndexResponse },
        { "append commit", m => m.Commit = -1, MessageType.AppendEntries },
        { "append round", m => m.Round = -1, MessageType.AppendEntries },
        { "append entries term", m => m.EntriesTerm = -1, MessageType.AppendEntries },
        { "propose with no entry", m => m.EntryCount = 0, MessageType.Propose },
        { "chunk round", m => m.Round = -1, MessageType.SnapshotChunk },
        { "chunk total 0", m => m.TotalLength = 0, MessageType.SnapshotChunk },
        { "chunk with no data", m => m.DataLength = 0, MessageType.SnapshotChunk },
        { "chunk data past 216 bytes", m => m.DataLength = FrameLimits.MaxSnapshotChunkData + 1, MessageType.SnapshotChunk },
        { "chunk offset below 0", m => m.Offset = -1, MessageType.SnapshotChunk },
        { "chunk data past the total", m => { m.Offset = 5; m.DataLength = 10; m.TotalLength = 10; }, MessageType.SnapshotChunk },
    };

    private static Message Valid(MessageType type)
    {
        Message m = Of(type);
        switch (type)
        {
            case MessageType.AppendResponse:
            case MessageType.SnapshotResponse:
                m.Index = 4;
                break;
            case MessageType.ProposeReject:
                m.Reason = RefusalReason.NotLeader;
                m.EntryCount = 1;
                break;
            case MessageType.Propose:
                m.EntryCount = 1;
                m.SetEntry(0, EntryKind.Set, 1, 2, 3, 4);
                break;
            case MessageType.SnapshotChunk:
                m.TotalLength = 10;
                m.DataLength = 10;
                break;
        }

        return m;
    }

    [Theory]
    [MemberData(nameof(OneBadField))]
    public void One_unrepresentable_field_alone_makes_encode_refuse(string what, Action<Message> spoil, MessageType type)
    {
        Message good = Valid(type);
        Assert.True(Encode(good) > 0, what + ": the valid form must encode");
        Message bad = Valid(type);
        spoil(bad);
        Assert.Equal(0, Encode(bad));
    }

    [Fact]
    public void The_limits_themselves_are_representable()
    {
        Message response = Valid(MessageType.SnapshotResponse);
        response.Offset = FrameLimits.MaxSnapshotBytes;
        Assert.Equal(FrameError.None, RoundTrip(response, out Message r));
        Assert.Equal(FrameLimits.MaxSnapshotBytes, r.Offset);

        Message chunk = Valid(MessageType.SnapshotChunk);
        chunk.TotalLength = 1;
        chunk.DataLength = 1;
        Assert.Equal(FrameError.None, RoundTrip(chunk, out Message c));
        Assert.Equal(1, c.TotalLength);

        Message append = Of(MessageType.AppendEntries);
        append.Index = int.MaxValue - 1; // one more entry still has an index
        append.EntriesTerm = 3;
        append.EntryCount = 1;
        append.SetEntry(0, EntryKind.Noop, 0, 0, 0, 0);
        Assert.Equal(FrameError.None, RoundTrip(append, out _));
    }

    [Fact]
    public void An_unencodable_first_entry_spoils_the_whole_frame()
    {
        foreach (MessageType type in new[] { MessageType.AppendEntries, MessageType.Propose })
        {
            Message m = Of(type);
            m.EntriesTerm = 3;
            m.EntryCount = 2;
            m.SetEntry(0, EntryKind.Set, 64, 0, 0, 1); // slot 64 does not fit 6 bits
            m.SetEntry(1, EntryKind.Set, 1, 0, 0, 1);
            Assert.Equal(0, Encode(m));
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(FrameCodec.MaxNodeId + 1)]
    public void A_membership_entry_naming_an_impossible_node_does_not_encode(int node)
    {
        Message m = Of(MessageType.AppendEntries);
        m.EntriesTerm = 3;
        m.EntryCount = 1;
        m.SetEntry(0, EntryKind.AddLearner, 0, 0, 0, node);
        Assert.Equal(0, Encode(m));
        m.SetEntry(0, EntryKind.AddLearner, 0, 0, 0, FrameCodec.MaxNodeId);
        Assert.True(Encode(m) > 0);
    }

    [Theory]
    [InlineData(5, 1)] // entries from a term after the frame's own term
    [InlineData(1, 2)] // entries from a term before the previous entry's term
    public void Entries_whose_term_cannot_follow_the_frame_are_dropped(int entriesTerm, int prevTerm)
    {
        Message m = Of(MessageType.AppendEntries, term: 3);
        m.Index = 4;
        m.LogTerm = prevTerm;
        m.EntriesTerm = entriesTerm;
        m.EntryCount = 1;
        m.SetEntry(0, EntryKind.Noop, 0, 0, 0, 0);
        Assert.Equal(FrameError.BadField, RoundTrip(m, out _));

        m.EntryCount = 0; // a heartbeat carries no entries: its entriesTerm is 0, the one canonical encoding
        m.EntriesTerm = 0;
        Assert.Equal(FrameError.None, RoundTrip(m, out _));
    }

    [Fact]
    public void A_heartbeat_with_an_entries_term_is_not_canonical()
    {
        Message m = Of(MessageType.AppendEntries, term: 3);
        m.Index = 4;
        m.LogTerm = 3;
        m.EntriesTerm = 3;
        Assert.Equal(0, codec.Encode(m, new byte[FrameLimits.MaxFrameBytes])); // never sent
        m.EntriesTerm = 0;
        var frame = new byte[FrameLimits.MaxFrameBytes];
        int length = codec.Encode(m, frame);
        Bytes.WriteI32(frame, FrameLimits.HeaderBytes + 16, 3);
        codec.SealAsWritten(frame, length - FrameLimits.TagBytes);
        Assert.Equal(FrameError.BadField, codec.Decode(frame, length, 2, new Message()));
    }

    [Fact]
    public void Fields_without_meaning_are_zero_so_each_frame_has_one_encoding()
    {
        var frame = new byte[FrameLimits.MaxFrameBytes];
        var d = new Message();

        // AppendResponse: hints only on a reject.
        Message ok = Of(MessageType.AppendResponse, term: 3);
        ok.Index = 9;
        ok.HintIndex = 4;
        Assert.Equal(0, codec.Encode(ok, frame));
        ok.HintIndex = 0;
        int length = codec.Encode(ok, frame);
        Bytes.WriteI32(frame, FrameLimits.HeaderBytes + 9, 2); // hintTerm on a success
        codec.SealAsWritten(frame, length - FrameLimits.TagBytes);
        Assert.Equal(FrameError.BadField, codec.Decode(frame, length, 2, d));
        ok.Reject = true;
        ok.HintIndex = 4;
        ok.HintTerm = 2;
        Assert.Equal(FrameError.None, RoundTrip(ok, out _));

        // ReadIndexResponse: a refusal carries index 0.
        Message refused = Of(MessageType.ReadIndexResponse, term: 3);
        refused.RequestId = 5;
        refused.Reason = RefusalReason.NotLeader;
        refused.Index = 7;
        Assert.Equal(0, codec.Encode(refused, frame));
        refused.Index = 0;
        Assert.Equal(FrameError.None, RoundTrip(refused, out _));

        // SnapshotChunk: the snapshot's term is at most the header's term.
        Message chunk = Of(MessageType.SnapshotChunk, term: 3);
        chunk.Index = 10;
        chunk.LogTerm = 4;
        chunk.TotalLength = 5;
        chunk.DataLength = 5;
        Assert.Equal(0, codec.Encode(chunk, frame));
        chunk.LogTerm = 3;
        length = codec.Encode(chunk, frame);
        Bytes.WriteI32(frame, FrameLimits.HeaderBytes + 4, 4);
        codec.SealAsWritten(frame, length - FrameLimits.TagBytes);
        Assert.Equal(FrameError.BadField, codec.Decode(frame, length, 2, d));
    }

    [Fact]
    public void A_frame_with_an_empty_body_passes_the_envelope_check()
    {
        var frame = new byte[FrameLimits.MaxFrameBytes];
        int body = codec.WriteHeader(frame, 40, 1, 2, 3);
        int length = codec.SealFrame(frame, body);
        Assert.Equal(FrameLimits.HeaderBytes + FrameLimits.TagBytes, length);
        Assert.Equal(FrameError.None, codec.CheckEnvelope(frame, length, 2));
        Assert.Equal(FrameError.TooShort, codec.CheckEnvelope(frame, length - 1, 2));
    }

    [Fact]
    public void Decoding_into_a_used_message_leaves_nothing_of_the_previous_one()
    {
        Message append = Of(MessageType.AppendEntries);
        append.Commit = 9;
        append.Round = 4;
        Assert.Equal(FrameError.None, RoundTrip(append, out Message target));
        Message vote = Of(MessageType.VoteRequest);
        vote.Index = 2;
        var frame = new byte[FrameLimits.MaxFrameBytes];
        int length = codec.Encode(vote, frame);
        Assert.Equal(FrameError.None, codec.Decode(frame, length, 2, target));
        Assert.Equal(0, target.Commit);
        Assert.Equal(0, target.Round);
        Assert.Equal(2, target.Index);
    }

    // ---- varints (database snapshots) ----

    [Theory]
    [InlineData(0x7Fu, 1)]
    [InlineData(0x80u, 2)]
    [InlineData(0x3FFFu, 2)]
    [InlineData(0x4000u, 3)]
    [InlineData(uint.MaxValue, 5)]
    public void A_varint_takes_one_byte_per_7_bits(uint value, int size)
    {
        Assert.Equal(size, Bytes.VarintSize(value));
        var buffer = new byte[8];
        Assert.Equal(size, Bytes.WriteVarint(buffer, 0, value));
        Assert.Equal(size, Bytes.ReadVarint(buffer, 0, 8, out uint back));
        Assert.Equal(value, back);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x00 })] // not the shortest form of 0
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x10 })] // overflows 32 bits
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 })] // longer than 5 bytes
    public void A_malformed_varint_is_refused(byte[] bytes)
    {
        Assert.Equal(-1, Bytes.ReadVarint(bytes, 0, bytes.Length, out _));
    }

    [Fact]
    public void The_largest_5_byte_varint_is_accepted()
    {
        byte[] bytes = [0xFF, 0xFF, 0xFF, 0xFF, 0x0F];
        Assert.Equal(5, Bytes.ReadVarint(bytes, 0, 5, out uint value));
        Assert.Equal(uint.MaxValue, value);
    }

    [Fact]
    public void A_varint_that_runs_past_its_end_is_refused_even_if_the_buffer_goes_on()
    {
        byte[] bytes = [0x80, 0x01];
        Assert.Equal(-1, Bytes.ReadVarint(bytes, 0, 1, out _));
        Assert.Equal(2, Bytes.ReadVarint(bytes, 0, 2, out uint value));
        Assert.Equal(128u, value);
    }

    [Fact]
    public void A_forwarded_proposal_frame_with_no_command_is_dropped()
    {
        var frame = new byte[FrameLimits.MaxFrameBytes];
        int o = codec.WriteHeader(frame, (int)MessageType.Propose, 1, 2, 3);
        frame[o++] = 0; // count 0: the encoder never writes this
        int length = codec.SealFrame(frame, o);
        Assert.Equal(FrameError.BadField, codec.Decode(frame, length, 2, new Message()));
    }

    [Fact]
    public void A_snapshot_over_64_KiB_cannot_be_described_by_a_chunk()
    {
        Message chunk = Valid(MessageType.SnapshotChunk);
        chunk.TotalLength = FrameLimits.MaxSnapshotBytes + 1;
        Assert.Equal(0, Encode(chunk));
        chunk.TotalLength = FrameLimits.MaxSnapshotBytes;
        Assert.True(Encode(chunk) > 0);
    }

    // The set entries of an AppendEntries are read in one loop (EntryCodec.DecodeAll) and every other kind by the
    // single-entry decoder: both must refuse the same things, wherever the entry sits in the frame.
    private static Message AppendOf(params EntryKind[] kinds)
    {
        Message m = Of(MessageType.AppendEntries, 5);
        m.Index = 10;
        m.LogTerm = 5;
        m.EntriesTerm = 5;
        m.EntryCount = kinds.Length;
        for (int i = 0; i < kinds.Length; i++)
        {
            switch (kinds[i])
            {
                case EntryKind.Set: m.SetEntry(i, EntryKind.Set, i % 64, 100 + i, 200 + i, -300 - i); break;
                case EntryKind.Remove: m.SetEntry(i, EntryKind.Remove, 7, 100 + i, 200 + i, 0); break;
                case EntryKind.Register: m.SetEntry(i, EntryKind.Register, 0, 0, 1 + i, 0); break;
                default: m.SetEntry(i, EntryKind.Noop, 0, 0, 0, 0); break;
            }
        }

        return m;
    }

    [Fact]
    public void Set_entries_between_other_kinds_decode_field_for_field()
    {
        Message m = AppendOf(EntryKind.Set, EntryKind.Noop, EntryKind.Set, EntryKind.Remove, EntryKind.Register, EntryKind.Set);
        Assert.Equal(FrameError.None, RoundTrip(m, out Message decoded));
        Assert.Equal(m.EntryCount, decoded.EntryCount);
        for (int i = 0; i < m.EntryCount; i++)
        {
            Assert.Equal((m.Kinds[i], m.Slots[i], m.Clients[i], m.Seqs[i], m.Values[i]),
                (decoded.Kinds[i], decoded.Slots[i], decoded.Clients[i], decoded.Seqs[i], decoded.Values[i]));
        }
    }

    [Theory]
    [InlineData(1)] // the client id's top byte
    [InlineData(5)] // the sequence number's top byte
    public void A_set_entry_with_a_u32_field_past_2_pow_31_is_refused(int topByteOfField)
    {
        var frame = new byte[FrameLimits.MaxFrameBytes];
        int length = codec.Encode(AppendOf(EntryKind.Noop, EntryKind.Set), frame);
        int body = length - FrameLimits.TagBytes;
        int setEntry = FrameLimits.HeaderBytes + FrameLimits.AppendFixedBytes + 1; // after the no-op
        frame[setEntry + topByteOfField + 3] = 0x80;
        codec.SealAsWritten(frame, body);
        Assert.Equal(FrameError.BadField, codec.Decode(frame, length, 2, new Message()));
    }

    [Fact]
    public void A_set_entry_cut_short_is_refused_as_a_bad_length()
    {
        var frame = new byte[FrameLimits.MaxFrameBytes];
        int length = codec.Encode(AppendOf(EntryKind.Set, EntryKind.Set), frame);
        // Drop the last 4 bytes of the second entry (its value) and tag what is left: the count still says 2.
        int body = length - FrameLimits.TagBytes - 4;
        int shortLength = codec.SealAsWritten(frame, body);
        Assert.Equal(FrameError.BadLength, codec.Decode(frame, shortLength, 2, new Message()));
    }
}
