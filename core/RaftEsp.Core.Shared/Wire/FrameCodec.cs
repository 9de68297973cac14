namespace RaftEsp.Core
{
    /// <summary>
    /// Encodes <see cref="Message"/>s into authenticated frames of at most 250 bytes and decodes them back.
    /// Layout (docs/wire-format.md): a 16-byte header (version, cluster id, type, from, to, term, epoch, counter), a
    /// body whose size the type fixes, and an 8-byte SipHash-2-4 tag over everything before it. Decoding never throws:
    /// it returns a <see cref="FrameError"/>, and checks the cheap header fields before it spends time on the tag.
    /// Sealing stamps the <see cref="Sequencer"/>'s epoch and counter; with a <see cref="Guard"/>, a decoded frame must
    /// also be new to the receiver's replay window (checked last, so nothing but a fully valid frame moves it).
    /// </summary>
    public sealed class FrameCodec
    {
        /// <summary>Highest node id a frame may name as its sender (255 is the broadcast address).</summary>
        public const int MaxNodeId = 254;

        private const int VoteBody = 8;
        private const int TransferVoteBody = VoteBody + 1;
        private const int FlagTransfer = 1;
        private const int VoteResponseBody = 1;
        private const int AppendResponseBody = 17;
        private const int SnapshotResponseBody = 11;
        private const int ProposeRejectFixedBody = 3;
        private const int ProposeRejectPerEntry = 8;
        private const int ReadIndexRequestBody = 4;
        private const int ReadIndexResponseBody = 9;
        private const int SyncBody = 4;
        private const int SyncAckBody = 10;
        private const int TransferRequestBody = 1;
        private const int FlagReject = 1;

        private readonly int clusterId;
        private readonly ulong k0;
        private readonly ulong k1;
        private readonly FrameSequencer sequencer;
        private readonly ReplayGuard guard;

        /// <summary>
        /// Creates a codec for one cluster (its 16-bit id and 16-byte key) without a replay window, sealing in epoch 1:
        /// for tools and tests that craft frames. A board's codec comes from the other constructor.
        /// </summary>
        public FrameCodec(int clusterId, byte[] key)
            : this(clusterId, key, FrameLimits.MaxCounter, 0)
        {
            sequencer.Start(1);
        }

        /// <summary>
        /// Creates a board's codec: it seals nothing until the host starts a durable epoch
        /// (<see cref="FrameSequencer.Start"/>), and, when <paramref name="syncIntervalTicks"/> is above 0, admits only
        /// frames its <see cref="ReplayGuard"/> has not seen (the guard's Sync repeats every that many ticks).
        /// </summary>
        public FrameCodec(int clusterId, byte[] key, int counterLimit, int syncIntervalTicks)
        {
            if (key == null || key.Length != 16) throw new System.ArgumentException("the cluster key must be 16 bytes");
            // Decoding reads fields with the runtime's native BitConverter (one call instead of a dozen interpreted
            // instructions per field), which follows the machine's byte order; the wire's is little-endian, as is
            // every ESP32 and every host this runs on.
            if (!System.BitConverter.IsLittleEndian) throw new System.NotSupportedException("the frame codec needs a little-endian machine");
            if (clusterId < 0 || clusterId > 0xFFFF) throw new System.ArgumentException("the cluster id must fit 16 bits");
            this.clusterId = clusterId;
            k0 = SipHash24.KeyHalf(key, 0);
            k1 = SipHash24.KeyHalf(key, 1);
            sequencer = new FrameSequencer(counterLimit);
            // No nullable annotations in portable code: null! marks a codec without replay protection.
            guard = syncIntervalTicks > 0 ? new ReplayGuard(sequencer, syncIntervalTicks) : null!;
        }

        /// <summary>The cluster id every frame of this codec carries.</summary>
        public int ClusterId => clusterId;

        /// <summary>Stamps the epoch and counter of every frame this codec seals.</summary>
        public FrameSequencer Sequencer => sequencer;

        /// <summary>The receiver's replay window and Sync state; null for a codec without replay protection.</summary>
        public ReplayGuard Guard => guard;

        /// <summary>
        /// The host's first step after boot: <paramref name="epoch"/> is on flash (durable, never used before), so
        /// sealing may start; the guard forgets every sender and a Sync with <paramref name="nonce"/> (fresh from the
        /// host's random source) is due. False, and nothing changes, for an epoch not above the current one.
        /// </summary>
        public bool Boot(int epoch, int nonce)
        {
            if (!sequencer.Start(epoch)) return false;
            if (guard != null) guard.Begin(nonce);
            return true;
        }

        /// <summary>True when decoded frames must pass the replay window.</summary>
        public bool Guarded => guard != null;

        /// <summary>
        /// Encodes <paramref name="m"/> into <paramref name="frame"/> (≥ 250 bytes), stamps the next epoch and counter,
        /// and tags it. Returns the frame length, or 0 when a field cannot be represented (the caller's bug) or the
        /// sequencer cannot stamp (no durable epoch yet, or the counter ran out): nothing is sent.
        /// </summary>
        public int Encode(Message m, byte[] frame)
        {
            int o = EncodeUnsealed(m, frame);
            return o <= 0 ? 0 : SealFrame(frame, o);
        }

        /// <summary>
        /// Encodes <paramref name="m"/> with its own <see cref="Message.Epoch"/> and <see cref="Message.Counter"/> (as
        /// decoded), without touching the sequencer: decode then this gives back the same bytes (canonical form).
        /// </summary>
        internal int EncodeAsDecoded(Message m, byte[] frame)
        {
            if (m.Epoch < 1 || m.Epoch > FrameLimits.MaxEpoch || m.Counter < 1) return 0;
            int o = EncodeUnsealed(m, frame);
            if (o <= 0) return 0;
            Bytes.WriteU16(frame, FrameLimits.EpochOffset, m.Epoch);
            Bytes.WriteI32(frame, FrameLimits.CounterOffset, m.Counter);
            return Tag(frame, o);
        }

        private int EncodeUnsealed(Message m, byte[] frame)
        {
            if (frame == null || frame.Length < FrameLimits.MaxFrameBytes) return 0;
            if (m.From < 0 || m.From > MaxNodeId || m.To < 0 || m.To > NodeId.Broadcast || m.Term < 0) return 0;
            if (IsSync(m.Type) && (m.Term != 0 || (m.To == NodeId.Broadcast) != (m.Type == MessageType.Sync))) return 0;
            int o = WriteHeader(frame, (int)m.Type, m.From, m.To, m.Term);
            return EncodeBody(m, frame, o);
        }

        /// <summary>
        /// Writes the header with the epoch and counter left zero (<see cref="SealFrame"/> stamps them); returns the
        /// body's offset. Board apps use it for their own frame types.
        /// </summary>
        public int WriteHeader(byte[] frame, int type, int from, int to, int term)
        {
            frame[0] = FrameLimits.ProtocolVersion;
            Bytes.WriteU16(frame, 1, clusterId);
            frame[FrameLimits.TypeOffset] = (byte)type;
            frame[FrameLimits.FromOffset] = (byte)from;
            frame[FrameLimits.ToOffset] = (byte)to;
            Bytes.WriteI32(frame, 6, term);
            Bytes.WriteU16(frame, FrameLimits.EpochOffset, 0);
            Bytes.WriteI32(frame, FrameLimits.CounterOffset, 0);
            return FrameLimits.HeaderBytes;
        }

        /// <summary>
        /// Stamps the sequencer's epoch and next counter into the header and appends the tag over the first
        /// <paramref name="length"/> bytes; returns the sealed frame's length, or 0 when the sequencer cannot stamp.
        /// </summary>
        public int SealFrame(byte[] frame, int length)
        {
            if (!sequencer.Stamp(frame)) return 0;
            return Tag(frame, length);
        }

        /// <summary>
        /// Tags the first <paramref name="length"/> bytes with the header exactly as written, epoch and counter included:
        /// for tests that craft frames byte by byte. Boards seal with <see cref="SealFrame"/>.
        /// </summary>
        internal int SealAsWritten(byte[] frame, int length) => Tag(frame, length);

        private int Tag(byte[] frame, int length)
        {
            Bytes.WriteU64(frame, length, SipHash24.Compute(k0, k1, frame, 0, length));
            return length + FrameLimits.TagBytes;
        }

        /// <summary>
        /// The last check of a board app's frame, after its body checks: with a <see cref="Guard"/>, the frame must be
        /// new to the replay window, which then records it. <see cref="FrameError.None"/> without a guard.
        /// </summary>
        public FrameError Admit(byte[] frame)
        {
            if (guard == null) return FrameError.None;
            return guard.Admit(frame[4], System.BitConverter.ToUInt16(frame, FrameLimits.EpochOffset), System.BitConverter.ToInt32(frame, FrameLimits.CounterOffset));
        }

        /// <summary>
        /// Checks everything but the body: size, version, cluster, addressing and tag. Board apps use it for their own
        /// frame types (≥ 32) before reading the body at <see cref="FrameLimits.HeaderBytes"/>.
        /// </summary>
        public FrameError CheckEnvelope(byte[] frame, int length, int localId)
        {
            if (frame == null || length < FrameLimits.HeaderBytes + FrameLimits.TagBytes || length > frame.Length) return FrameError.TooShort;
            if (length > FrameLimits.MaxFrameBytes) return FrameError.TooLong;
            if (frame[0] != FrameLimits.ProtocolVersion) return FrameError.BadVersion;
            if (System.BitConverter.ToUInt16(frame, 1) != clusterId) return FrameError.WrongCluster;
            int from = frame[4];
            int to = frame[5];
            if (to != localId && to != NodeId.Broadcast) return FrameError.NotForMe;
            if (from == localId) return FrameError.FromSelf;
            if (from > MaxNodeId) return FrameError.BadField;
            int body = length - FrameLimits.TagBytes;
            if (SipHash24.Compute(k0, k1, frame, 0, body) != System.BitConverter.ToUInt64(frame, body)) return FrameError.BadTag;
            if (System.BitConverter.ToInt32(frame, 6) < 0) return FrameError.BadField;
            if (System.BitConverter.ToUInt16(frame, FrameLimits.EpochOffset) == 0 || System.BitConverter.ToInt32(frame, FrameLimits.CounterOffset) <= 0) return FrameError.BadField;
            return FrameError.None;
        }

        /// <summary>
        /// Decodes a frame addressed to <paramref name="localId"/> (or broadcast) into <paramref name="m"/>. Returns
        /// <see cref="FrameError.None"/> or why the frame is dropped; on a drop <paramref name="m"/> holds nothing useful.
        /// </summary>
        public FrameError Decode(byte[] frame, int length, int localId, Message m)
        {
            FrameError error = CheckEnvelope(frame, length, localId);
            if (error != FrameError.None) return error;
            m.Reset();
            m.Type = (MessageType)frame[3];
            m.From = frame[4];
            m.To = frame[5];
            m.Term = System.BitConverter.ToInt32(frame, 6);
            m.Epoch = System.BitConverter.ToUInt16(frame, FrameLimits.EpochOffset);
            m.Counter = System.BitConverter.ToInt32(frame, FrameLimits.CounterOffset);
            error = DecodeBody(m, frame, FrameLimits.HeaderBytes, length - FrameLimits.TagBytes);
            if (error != FrameError.None) return error;
            if (IsSync(m.Type) && (m.Term != 0 || (m.To == NodeId.Broadcast) != (m.Type == MessageType.Sync))) return FrameError.BadField;
            return guard == null ? FrameError.None : guard.Admit(m);
        }

        private static bool IsSync(MessageType type) => type == MessageType.Sync || type == MessageType.SyncAck;

        private static int EncodeBody(Message m, byte[] f, int o)
        {
            switch (m.Type)
            {
                case MessageType.PreVoteRequest:
                case MessageType.VoteRequest:
                    if (!NonNegative(m.Index, m.LogTerm) || (m.Transfer && m.Type != MessageType.VoteRequest)) return 0;
                    Bytes.WriteI32(f, o, m.Index);
                    Bytes.WriteI32(f, o + 4, m.LogTerm);
                    if (!m.Transfer) return o + VoteBody;
                    // The flags byte is there only when a flag is set: an ordinary vote keeps its 8 bytes.
                    f[o + VoteBody] = FlagTransfer;
                    return o + TransferVoteBody;
                case MessageType.PreVoteResponse:
                case MessageType.VoteResponse:
                    f[o] = m.Reject ? (byte)FlagReject : (byte)0;
                    return o + VoteResponseBody;
                case MessageType.AppendEntries:
                    return EncodeAppend(m, f, o);
                case MessageType.AppendResponse:
                    if (!NonNegative(m.Index, m.HintIndex) || !NonNegative(m.HintTerm, m.Round)) return 0;
                    if (!m.Reject && (m.HintIndex | m.HintTerm) != 0) return 0;
                    f[o] = m.Reject ? (byte)FlagReject : (byte)0;
                    Bytes.WriteI32(f, o + 1, m.Index);
                    Bytes.WriteI32(f, o + 5, m.HintIndex);
                    Bytes.WriteI32(f, o + 9, m.HintTerm);
                    Bytes.WriteI32(f, o + 13, m.Round);
                    return o + AppendResponseBody;
                case MessageType.SnapshotChunk:
                    return EncodeSnapshotChunk(m, f, o);
                case MessageType.SnapshotResponse:
                    if (!NonNegative(m.Index, m.Round) || m.Offset < 0 || m.Offset > FrameLimits.MaxSnapshotBytes) return 0;
                    f[o] = m.Reject ? (byte)FlagReject : (byte)0;
                    Bytes.WriteI32(f, o + 1, m.Index);
                    Bytes.WriteU16(f, o + 5, m.Offset);
                    Bytes.WriteI32(f, o + 7, m.Round);
                    return o + SnapshotResponseBody;
                case MessageType.Propose:
                    return EncodePropose(m, f, o);
                case MessageType.ProposeReject:
                    if (!Sendable(m.Reason) || m.Reason == RefusalReason.None || m.LeaderHint < NodeId.None || m.LeaderHint > MaxNodeId) return 0;
                    if (m.EntryCount < 1 || m.EntryCount > FrameLimits.MaxEntriesPerAppend) return 0;
                    f[o] = (byte)m.Reason;
                    f[o + 1] = m.LeaderHint == NodeId.None ? (byte)NodeId.Broadcast : (byte)m.LeaderHint;
                    f[o + 2] = (byte)m.EntryCount;
                    o += ProposeRejectFixedBody;
                    for (int i = 0; i < m.EntryCount; i++, o += ProposeRejectPerEntry)
                    {
                        if (m.Clients[i] < 0 || m.Seqs[i] < 0) return 0;
                        Bytes.WriteI32(f, o, m.Clients[i]);
                        Bytes.WriteI32(f, o + 4, m.Seqs[i]);
                    }

                    return o;
                case MessageType.ReadIndexRequest:
                    if (m.RequestId < 0) return 0;
                    Bytes.WriteI32(f, o, m.RequestId);
                    return o + ReadIndexRequestBody;
                case MessageType.ReadIndexResponse:
                    if (!NonNegative(m.RequestId, m.Index) || !Sendable(m.Reason)) return 0;
                    if (m.Reason != RefusalReason.None && m.Index != 0) return 0;
                    Bytes.WriteI32(f, o, m.RequestId);
                    Bytes.WriteI32(f, o + 4, m.Index);
                    f[o + 8] = (byte)m.Reason;
                    return o + ReadIndexResponseBody;
                case MessageType.Sync:
                    if (m.SyncNonce < 1) return 0;
                    Bytes.WriteI32(f, o, m.SyncNonce);
                    return o + SyncBody;
                case MessageType.SyncAck:
                    if (m.SyncNonce < 1 || m.KnownEpoch < 0 || m.KnownEpoch > FrameLimits.MaxEpoch || m.KnownCounter < 0) return 0;
                    if ((m.KnownEpoch == 0) != (m.KnownCounter == 0)) return 0;
                    Bytes.WriteI32(f, o, m.SyncNonce);
                    Bytes.WriteU16(f, o + 4, m.KnownEpoch);
                    Bytes.WriteI32(f, o + 6, m.KnownCounter);
                    return o + SyncAckBody;
                case MessageType.TimeoutNow:
                    return m.To == NodeId.Broadcast ? 0 : o; // no body; one target, never everyone
                case MessageType.TransferRequest:
                    if (m.To == NodeId.Broadcast || !NodeId.IsValid(m.Index)) return 0;
                    f[o] = (byte)m.Index;
                    return o + TransferRequestBody;
                default:
                    return 0;
            }
        }

        private static int EncodeAppend(Message m, byte[] f, int o)
        {
            if (m.EntryCount < 0 || m.EntryCount > FrameLimits.MaxEntriesPerAppend) return 0;
            if (!NonNegative(m.Index, m.LogTerm) || !NonNegative(m.Commit, m.Round) || m.EntriesTerm < 0) return 0;
            if (m.EntryCount == 0 && m.EntriesTerm != 0) return 0;
            Bytes.WriteI32(f, o, m.Index);
            Bytes.WriteI32(f, o + 4, m.LogTerm);
            Bytes.WriteI32(f, o + 8, m.Commit);
            Bytes.WriteI32(f, o + 12, m.Round);
            Bytes.WriteI32(f, o + 16, m.EntriesTerm);
            f[o + 20] = (byte)m.EntryCount;
            o += FrameLimits.AppendFixedBytes;
            for (int i = 0; i < m.EntryCount; i++)
            {
                o = EntryCodec.Encode(m, i, f, o);
                if (o <= 0) return 0;
            }

            return o;
        }

        private static int EncodePropose(Message m, byte[] f, int o)
        {
            if (m.EntryCount < 1 || m.EntryCount > FrameLimits.MaxEntriesPerAppend) return 0;
            f[o++] = (byte)m.EntryCount;
            for (int i = 0; i < m.EntryCount; i++)
            {
                if (m.Kinds[i] == EntryKind.Noop) return 0;
                o = EntryCodec.Encode(m, i, f, o);
                if (o <= 0) return 0;
            }

            return o;
        }

        private static FrameError DecodePropose(Message m, byte[] f, int o, int end)
        {
            if (end - o < 1) return FrameError.BadLength;
            int count = f[o++];
            if (count < 1 || count > FrameLimits.MaxEntriesPerAppend) return FrameError.BadField;
            m.EntryCount = count;
            for (int i = 0; i < count; i++)
            {
                FrameError error = EntryCodec.Decode(f, o, end, m, i, out o);
                if (error != FrameError.None) return error;
                if (m.Kinds[i] == EntryKind.Noop) return FrameError.BadField;
            }

            return o == end ? FrameError.None : FrameError.BadLength;
        }

        private static FrameError DecodeProposeReject(Message m, byte[] f, int o, int end)
        {
            if (end - o < ProposeRejectFixedBody) return FrameError.BadLength;
            // An unknown reason decodes as RefusalReason.Unknown: a newer board's reason must not get its frame dropped.
            m.Reason = RefusalReasons.Decode(f[o]);
            m.LeaderHint = f[o + 1] == NodeId.Broadcast ? NodeId.None : f[o + 1];
            int count = f[o + 2];
            if (m.Reason == RefusalReason.None || count < 1 || count > FrameLimits.MaxEntriesPerAppend) return FrameError.BadField;
            if (end - o != ProposeRejectFixedBody + count * ProposeRejectPerEntry) return FrameError.BadLength;
            m.EntryCount = count;
            o += ProposeRejectFixedBody;
            for (int i = 0; i < count; i++, o += ProposeRejectPerEntry)
            {
                m.Clients[i] = System.BitConverter.ToInt32(f, o);
                m.Seqs[i] = System.BitConverter.ToInt32(f, o + 4);
                if (m.Clients[i] < 0 || m.Seqs[i] < 0) return FrameError.BadField; // u32 fields stop at 2^31-1
            }

            return FrameError.None;
        }

        private static int EncodeSnapshotChunk(Message m, byte[] f, int o)
        {
            if (!NonNegative(m.Index, m.LogTerm) || m.Round < 0 || m.LogTerm > m.Term) return 0;
            if (m.TotalLength < 1 || m.TotalLength > FrameLimits.MaxSnapshotBytes) return 0;
            if (m.DataLength < 1 || m.DataLength > FrameLimits.MaxSnapshotChunkData) return 0;
            if (m.Offset < 0 || m.Offset + m.DataLength > m.TotalLength) return 0;
            Bytes.WriteI32(f, o, m.Index);
            Bytes.WriteI32(f, o + 4, m.LogTerm);
            Bytes.WriteU16(f, o + 8, m.TotalLength);
            Bytes.WriteU16(f, o + 10, m.Offset);
            Bytes.WriteI32(f, o + 12, m.Round);
            o += FrameLimits.SnapshotChunkFixedBytes;
            System.Array.Copy(m.Data, 0, f, o, m.DataLength);
            return o + m.DataLength;
        }

        private static FrameError DecodeBody(Message m, byte[] f, int o, int end)
        {
            int size = end - o;
            switch (m.Type)
            {
                case MessageType.PreVoteRequest:
                case MessageType.VoteRequest:
                    if (size != VoteBody && size != TransferVoteBody) return FrameError.BadLength;
                    m.Index = System.BitConverter.ToInt32(f, o);
                    m.LogTerm = System.BitConverter.ToInt32(f, o + 4);
                    if (!NonNegative(m.Index, m.LogTerm)) return FrameError.BadField;
                    if (size == VoteBody) return FrameError.None;
                    // Present only to carry a flag, and only a vote (not a pre-vote) campaigns on a transfer.
                    if (f[o + VoteBody] != FlagTransfer || m.Type != MessageType.VoteRequest) return FrameError.BadField;
                    m.Transfer = true;
                    return FrameError.None;
                case MessageType.PreVoteResponse:
                case MessageType.VoteResponse:
                    if (size != VoteResponseBody) return FrameError.BadLength;
                    return ReadFlags(f[o], m);
                case MessageType.AppendEntries:
                    return DecodeAppend(m, f, o, end);
                case MessageType.AppendResponse:
                    if (size != AppendResponseBody) return FrameError.BadLength;
                    m.Index = System.BitConverter.ToInt32(f, o + 1);
                    m.HintIndex = System.BitConverter.ToInt32(f, o + 5);
                    m.HintTerm = System.BitConverter.ToInt32(f, o + 9);
                    m.Round = System.BitConverter.ToInt32(f, o + 13);
                    if (!NonNegative(m.Index, m.HintIndex) || !NonNegative(m.HintTerm, m.Round)) return FrameError.BadField;
                    FrameError flags = ReadFlags(f[o], m);
                    // Hints only mean something on a reject: a success carries zeros (one encoding per frame).
                    if (flags == FrameError.None && !m.Reject && (m.HintIndex | m.HintTerm) != 0) return FrameError.BadField;
                    return flags;
                case MessageType.SnapshotChunk:
                    return DecodeSnapshotChunk(m, f, o, end);
                case MessageType.SnapshotResponse:
                    if (size != SnapshotResponseBody) return FrameError.BadLength;
                    m.Index = System.BitConverter.ToInt32(f, o + 1);
                    m.Offset = System.BitConverter.ToUInt16(f, o + 5);
                    m.Round = System.BitConverter.ToInt32(f, o + 7);
                    if (!NonNegative(m.Index, m.Round)) return FrameError.BadField;
                    return ReadFlags(f[o], m);
                case MessageType.Propose:
                    return DecodePropose(m, f, o, end);
                case MessageType.ProposeReject:
                    return DecodeProposeReject(m, f, o, end);
                case MessageType.ReadIndexRequest:
                    if (size != ReadIndexRequestBody) return FrameError.BadLength;
                    m.RequestId = System.BitConverter.ToInt32(f, o);
                    return m.RequestId >= 0 ? FrameError.None : FrameError.BadField;
                case MessageType.ReadIndexResponse:
                    if (size != ReadIndexResponseBody) return FrameError.BadLength;
                    m.RequestId = System.BitConverter.ToInt32(f, o);
                    m.Index = System.BitConverter.ToInt32(f, o + 4);
                    m.Reason = RefusalReasons.Decode(f[o + 8]);
                    if (!NonNegative(m.RequestId, m.Index)) return FrameError.BadField;
                    // A refusal (any reason, unknown ones too) carries index 0.
                    return m.Reason != RefusalReason.None && m.Index != 0 ? FrameError.BadField : FrameError.None;
                case MessageType.Sync:
                    if (size != SyncBody) return FrameError.BadLength;
                    m.SyncNonce = System.BitConverter.ToInt32(f, o);
                    return m.SyncNonce > 0 ? FrameError.None : FrameError.BadField;
                case MessageType.SyncAck:
                    if (size != SyncAckBody) return FrameError.BadLength;
                    m.SyncNonce = System.BitConverter.ToInt32(f, o);
                    m.KnownEpoch = System.BitConverter.ToUInt16(f, o + 4);
                    m.KnownCounter = System.BitConverter.ToInt32(f, o + 6);
                    if (m.SyncNonce < 1 || m.KnownCounter < 0) return FrameError.BadField;
                    // Either nothing is known of the asker (both 0) or both are: one encoding per answer.
                    return (m.KnownEpoch == 0) != (m.KnownCounter == 0) ? FrameError.BadField : FrameError.None;
                case MessageType.TimeoutNow:
                    if (size != 0) return FrameError.BadLength;
                    return m.To == NodeId.Broadcast ? FrameError.BadField : FrameError.None;
                case MessageType.TransferRequest:
                    if (size != TransferRequestBody) return FrameError.BadLength;
                    m.Index = f[o];
                    return m.To == NodeId.Broadcast || !NodeId.IsValid(m.Index) ? FrameError.BadField : FrameError.None;
                default:
                    return FrameError.UnknownType;
            }
        }

        private static FrameError DecodeAppend(Message m, byte[] f, int o, int end)
        {
            if (end - o < FrameLimits.AppendFixedBytes) return FrameError.BadLength;
            m.Index = System.BitConverter.ToInt32(f, o);
            m.LogTerm = System.BitConverter.ToInt32(f, o + 4);
            m.Commit = System.BitConverter.ToInt32(f, o + 8);
            m.Round = System.BitConverter.ToInt32(f, o + 12);
            m.EntriesTerm = System.BitConverter.ToInt32(f, o + 16);
            int count = f[o + 20];
            if (!NonNegative(m.Index, m.LogTerm) || !NonNegative(m.Commit, m.Round) || m.EntriesTerm < 0) return FrameError.BadField;
            if (count > FrameLimits.MaxEntriesPerAppend) return FrameError.BadField;
            // A heartbeat carries entriesTerm 0: one encoding per frame (the canonical-form rule).
            if (count == 0 && m.EntriesTerm != 0) return FrameError.BadField;
            // Entries carry the leader's term and follow prevIndex; a term from the future or a count that would
            // overflow the index space is a forgery the tag already makes unlikely, but costs nothing to refuse.
            if (count > 0 && (m.EntriesTerm > m.Term || m.EntriesTerm < m.LogTerm)) return FrameError.BadField;
            if (count > int.MaxValue - m.Index) return FrameError.BadField;
            m.EntryCount = count;
            FrameError error = EntryCodec.DecodeAll(f, o + FrameLimits.AppendFixedBytes, end, m, count, out o);
            if (error != FrameError.None) return error;
            return o == end ? FrameError.None : FrameError.BadLength;
        }

        private static FrameError DecodeSnapshotChunk(Message m, byte[] f, int o, int end)
        {
            int data = end - o - FrameLimits.SnapshotChunkFixedBytes;
            if (data < 1 || data > FrameLimits.MaxSnapshotChunkData) return FrameError.BadLength;
            m.Index = System.BitConverter.ToInt32(f, o);
            m.LogTerm = System.BitConverter.ToInt32(f, o + 4);
            m.TotalLength = System.BitConverter.ToUInt16(f, o + 8);
            m.Offset = System.BitConverter.ToUInt16(f, o + 10);
            m.Round = System.BitConverter.ToInt32(f, o + 12);
            if (!NonNegative(m.Index, m.LogTerm) || m.Round < 0 || m.LogTerm > m.Term) return FrameError.BadField;
            if (m.TotalLength < 1 || m.Offset + data > m.TotalLength) return FrameError.BadField;
            m.DataLength = data;
            System.Array.Copy(f, o + FrameLimits.SnapshotChunkFixedBytes, m.Data, 0, data);
            return FrameError.None;
        }

        private static FrameError ReadFlags(byte flags, Message m)
        {
            if ((flags & ~FlagReject) != 0) return FrameError.BadField;
            m.Reject = (flags & FlagReject) != 0;
            return FrameError.None;
        }

        private static bool NonNegative(int a, int b) => (a | b) >= 0;

        private static bool Sendable(RefusalReason reason) => reason != RefusalReason.Unknown && RefusalReasons.Decode((int)reason) == reason;
    }
}
