namespace RaftEsp.Core
{
    /// <summary>
    /// The replicated state machine: a small array of integers plus one session per client id, so a retried command
    /// is applied once and its retry gets the first result (Raft §8, "linearizable semantics"). Deterministic: every
    /// node that applies the same entries in the same order holds the same bytes. Sizes are fixed at construction.
    /// </summary>
    public sealed class Database
    {
        /// <summary>Snapshot format version, first byte of every snapshot.</summary>
        public const byte SnapshotVersion = 1;

        private readonly int[] slots;
        private readonly bool[] hasSession;
        private readonly int[] sessionSeq;
        private readonly ErrorCode[] sessionStatus;
        private readonly int[] sessionValue;
        private int applied;

        /// <summary>Creates an all-zero database of <paramref name="slotCount"/> slots and <paramref name="clientSessions"/> client ids (id 0 has no session).</summary>
        public Database(int slotCount, int clientSessions)
        {
            if (slotCount < 1 || slotCount > Config.MaxDatabaseSlots) throw new System.ArgumentException("slot count must be 1.." + Config.MaxDatabaseSlots);
            if (clientSessions < 1 || clientSessions > Config.MaxClientSessions) throw new System.ArgumentException("client sessions must be 1.." + Config.MaxClientSessions);
            slots = new int[slotCount];
            hasSession = new bool[clientSessions];
            sessionSeq = new int[clientSessions];
            sessionStatus = new ErrorCode[clientSessions];
            sessionValue = new int[clientSessions];
        }

        /// <summary>Number of slots.</summary>
        public int SlotCount => slots.Length;

        /// <summary>Number of client ids (0 .. ClientSessions-1).</summary>
        public int ClientSessions => hasSession.Length;

        /// <summary>Index of the last entry applied (or restored from a snapshot).</summary>
        public int AppliedIndex => applied;

        /// <summary>Reads a slot: a local read; for a linearizable one, wait for a ReadIndex first.</summary>
        public ErrorCode Read(int slot, out int value)
        {
            value = 0;
            if (slot < 0 || slot >= slots.Length) return ErrorCode.SlotOutOfRange;
            value = slots[slot];
            return ErrorCode.None;
        }

        /// <summary>Checks a client command before it is proposed; the same rule is applied again at apply time.</summary>
        public ErrorCode ValidateCommand(EntryKind kind, int slot, int client) =>
            CommandRules.Validate(kind, slot, client, slots.Length, hasSession.Length);

        /// <summary>True when client <paramref name="client"/> has a session; <paramref name="lastSeq"/> is its last applied sequence.</summary>
        public bool SessionOf(int client, out int lastSeq)
        {
            lastSeq = 0;
            if (client <= 0 || client >= hasSession.Length || !hasSession[client]) return false;
            lastSeq = sessionSeq[client];
            return true;
        }

        /// <summary>
        /// Applies the committed entry at <paramref name="index"/>, which must be <see cref="AppliedIndex"/> + 1 (else
        /// <see cref="ErrorCode.InvalidState"/> and nothing changes). A command that is itself invalid still consumes
        /// its index, deterministically on every node, and reports why in <paramref name="result"/>.
        /// </summary>
        public ErrorCode Apply(int index, EntryKind kind, int slot, int client, int seq, int value, ApplyResult result)
        {
            if (index != applied + 1) return ErrorCode.InvalidState;
            result.Reset();
            result.Index = index;
            result.Kind = kind;
            result.Slot = slot;
            result.Client = client;
            result.Seq = seq;
            applied = index;
            if (kind == EntryKind.Noop || kind == EntryKind.AddNode || kind == EntryKind.RemoveNode) return ErrorCode.None;

            ErrorCode valid = ValidateCommand(kind, slot, client);
            if (valid != ErrorCode.None)
            {
                result.Status = valid;
                return ErrorCode.None;
            }

            if (client > 0 && hasSession[client])
            {
                int behind = (short)(seq - sessionSeq[client]);
                if (behind == 0)
                {
                    result.Duplicate = true;
                    result.Status = sessionStatus[client];
                    result.Value = sessionValue[client];
                    return ErrorCode.None;
                }

                if (behind < 0)
                {
                    result.Status = ErrorCode.StaleSequence;
                    result.Value = sessionSeq[client];
                    return ErrorCode.None;
                }
            }

            result.Value = slots[slot];
            slots[slot] = kind == EntryKind.Set ? value : 0;
            if (client > 0)
            {
                hasSession[client] = true;
                sessionSeq[client] = seq & 0xFFFF;
                sessionStatus[client] = ErrorCode.None;
                sessionValue[client] = result.Value;
            }

            return ErrorCode.None;
        }

        /// <summary>Largest snapshot a database of this shape can produce.</summary>
        public static int MaxSnapshotSize(int slotCount, int clientSessions) =>
            1 + Bytes.VarintSize((uint)slotCount) + 5 * slotCount + Bytes.VarintSize((uint)clientSessions) + 9 * clientSessions;

        /// <summary>Exact size <see cref="WriteSnapshot"/> will write now.</summary>
        public int SnapshotSize()
        {
            int size = 1 + Bytes.VarintSize((uint)slots.Length);
            for (int i = 0; i < slots.Length; i++) size += Bytes.VarintSize(Bytes.ZigZag(slots[i]));
            int active = 0;
            for (int c = 1; c < hasSession.Length; c++)
            {
                if (!hasSession[c]) continue;
                active++;
                size += 4 + Bytes.VarintSize(Bytes.ZigZag(sessionValue[c]));
            }

            return size + Bytes.VarintSize((uint)active);
        }

        /// <summary>
        /// Writes the state as of <see cref="AppliedIndex"/> (the index itself travels beside it). Layout: version u8,
        /// varint slot count, zigzag varint per slot, varint session count, then per session client u8, seq u16, status
        /// u8, zigzag varint value. Returns the bytes written.
        /// </summary>
        public int WriteSnapshot(byte[] buffer, int offset)
        {
            int o = offset;
            buffer[o++] = SnapshotVersion;
            o = Bytes.WriteVarint(buffer, o, (uint)slots.Length);
            for (int i = 0; i < slots.Length; i++) o = Bytes.WriteVarint(buffer, o, Bytes.ZigZag(slots[i]));
            int active = 0;
            for (int c = 1; c < hasSession.Length; c++) if (hasSession[c]) active++;
            o = Bytes.WriteVarint(buffer, o, (uint)active);
            for (int c = 1; c < hasSession.Length; c++)
            {
                if (!hasSession[c]) continue;
                buffer[o] = (byte)c;
                Bytes.WriteU16(buffer, o + 1, sessionSeq[c]);
                buffer[o + 3] = (byte)sessionStatus[c];
                o = Bytes.WriteVarint(buffer, o + 4, Bytes.ZigZag(sessionValue[c]));
            }

            return o - offset;
        }

        /// <summary>
        /// Replaces the whole state with a snapshot taken at <paramref name="appliedIndex"/>. All or nothing: a
        /// malformed snapshot, or one of another shape, returns <see cref="ErrorCode.BadSnapshot"/> and changes nothing.
        /// </summary>
        public ErrorCode RestoreSnapshot(int appliedIndex, byte[] buffer, int offset, int length)
        {
            if (appliedIndex < 0 || buffer == null || offset < 0 || length < 0 || offset + length > buffer.Length) return ErrorCode.BadSnapshot;
            if (!Parse(buffer, offset, offset + length, false)) return ErrorCode.BadSnapshot;
            Parse(buffer, offset, offset + length, true);
            applied = appliedIndex;
            return ErrorCode.None;
        }

        // Two passes over the same bytes, the first only checking, so a bad snapshot changes nothing without a scratch copy.
        private bool Parse(byte[] b, int o, int end, bool commit)
        {
            if (o >= end || b[o++] != SnapshotVersion) return false;
            o = Bytes.ReadVarint(b, o, end, out uint count);
            if (o < 0 || count != (uint)slots.Length) return false;
            for (int i = 0; i < slots.Length; i++)
            {
                o = Bytes.ReadVarint(b, o, end, out uint zig);
                if (o < 0) return false;
                if (commit) slots[i] = Bytes.UnZigZag(zig);
            }

            o = Bytes.ReadVarint(b, o, end, out uint active);
            if (o < 0 || active >= (uint)hasSession.Length) return false;
            if (commit) System.Array.Clear(hasSession, 0, hasSession.Length);
            int previous = 0;
            for (uint s = 0; s < active; s++)
            {
                if (end - o < 5) return false;
                int client = b[o];
                int status = b[o + 3];
                if (client <= previous || client >= hasSession.Length || status > (int)ErrorCodes.Last) return false;
                int seq = Bytes.ReadU16(b, o + 1);
                o = Bytes.ReadVarint(b, o + 4, end, out uint zig);
                if (o < 0) return false;
                previous = client;
                if (!commit) continue;
                hasSession[client] = true;
                sessionSeq[client] = seq;
                sessionStatus[client] = (ErrorCode)status;
                sessionValue[client] = Bytes.UnZigZag(zig);
            }

            return o == end;
        }
    }
}
