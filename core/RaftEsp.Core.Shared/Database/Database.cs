namespace RaftEsp.Core
{
    /// <summary>
    /// The replicated state machine: a small array of integers plus a table of client sessions, so a retried command
    /// is applied once and its retry gets the first result (Raft dissertation §6.3). Clients register through the log
    /// (a register entry's index is the new client id); the table's size is fixed and the least recently used session
    /// is evicted by log index, so every node holds the same sessions. Deterministic: every node that applies the
    /// same entries in the same order holds the same bytes. Sizes are fixed at construction.
    /// </summary>
    public sealed class Database : IAppliedSessions
    {
        /// <summary>Snapshot format version, first byte of every snapshot (2: u32 client ids and sequence numbers).</summary>
        public const byte SnapshotVersion = 2;

        private readonly int[] slots;
        private readonly SessionTable sessions;
        private int applied;

        /// <summary>Creates an all-zero database of <paramref name="slotCount"/> slots and room for <paramref name="clientSessions"/> sessions.</summary>
        public Database(int slotCount, int clientSessions)
        {
            if (slotCount < 1 || slotCount > Config.MaxDatabaseSlots) throw new System.ArgumentException("slot count must be 1.." + Config.MaxDatabaseSlots);
            if (clientSessions < 1 || clientSessions > Config.MaxClientSessions) throw new System.ArgumentException("client sessions must be 1.." + Config.MaxClientSessions);
            slots = new int[slotCount];
            sessions = new SessionTable(clientSessions);
        }

        /// <summary>Number of slots.</summary>
        public int SlotCount => slots.Length;

        /// <summary>Most sessions held at once.</summary>
        public int ClientSessions => sessions.Capacity;

        /// <summary>The sessions (read-only use: status, tests).</summary>
        public SessionTable Sessions => sessions;

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
        public ErrorCode ValidateCommand(EntryKind kind, int slot, int client, int seq) =>
            CommandRules.Validate(kind, slot, client, seq, slots.Length);

        /// <summary>True when client <paramref name="client"/> has a session; <paramref name="lastSeq"/> is its last applied sequence (0 before its first command).</summary>
        public bool SessionOf(int client, out int lastSeq)
        {
            int at = client > 0 ? sessions.Find(client) : -1;
            lastSeq = at < 0 ? 0 : sessions.SeqAt(at);
            return at >= 0;
        }

        /// <inheritdoc />
        public bool Answered(int client, int seq) => SessionOf(client, out int lastSeq) && seq <= lastSeq;

        /// <summary>
        /// Applies the committed entry at <paramref name="index"/>, which must be <see cref="AppliedIndex"/> + 1 (else
        /// <see cref="ErrorCode.InvalidState"/> and nothing changes). A command that is itself invalid, or whose
        /// client has no session, still consumes its index, deterministically on every node, and reports why in
        /// <paramref name="result"/>.
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
            if (kind == EntryKind.Noop) return ErrorCode.None;
            if (EntryKinds.IsMembership(kind)) return ApplyMembership(index, client, seq, value, result);

            ErrorCode valid = ValidateCommand(kind, slot, client, seq);
            if (valid != ErrorCode.None)
            {
                result.Status = valid;
                return ErrorCode.None;
            }

            if (kind == EntryKind.Register)
            {
                result.Client = index;
                result.Value = sessions.Register(index);
                result.ResultIndex = index;
                return ErrorCode.None;
            }

            if (client == 0)
            {
                result.Value = slots[slot];
                result.ResultIndex = index;
                slots[slot] = kind == EntryKind.Set ? value : 0;
                return ErrorCode.None;
            }

            int at = sessions.Find(client);
            if (at < 0)
            {
                result.Status = ErrorCode.SessionExpired;
                return ErrorCode.None;
            }

            int last = sessions.SeqAt(at);
            if (seq == last)
            {
                result.Duplicate = true;
                result.Status = sessions.StatusAt(at);
                result.Value = sessions.ValueAt(at);
                result.ResultIndex = sessions.LastUseAt(at);
                return ErrorCode.None;
            }

            if (seq < last)
            {
                result.Status = ErrorCode.StaleSequence;
                result.Value = last;
                return ErrorCode.None;
            }

            result.Value = slots[slot];
            result.ResultIndex = index;
            slots[slot] = kind == EntryKind.Set ? value : 0;
            sessions.Record(at, seq, ErrorCode.None, result.Value, index);
            return ErrorCode.None;
        }

        /// <summary>
        /// A membership entry took effect in the Raft layer when it was appended (docs/design.md, "Membership changes");
        /// here it only answers its client: the node id as the value, and, under a session, a record so a retry gets the
        /// same answer. A session that expired meanwhile cannot undo the change, so it is reported as done all the same.
        /// </summary>
        private ErrorCode ApplyMembership(int index, int client, int seq, int value, ApplyResult result)
        {
            result.Value = value;
            result.ResultIndex = index;
            int at = client > 0 ? sessions.Find(client) : -1;
            if (at < 0) return ErrorCode.None;
            int last = sessions.SeqAt(at);
            if (seq == last)
            {
                result.Duplicate = true;
                result.ResultIndex = sessions.LastUseAt(at);
                return ErrorCode.None;
            }

            if (seq > last) sessions.Record(at, seq, ErrorCode.None, value, index);
            return ErrorCode.None;
        }

        /// <summary>Largest snapshot a database of this shape can produce: every slot and every session at its longest.</summary>
        public static int MaxSnapshotSize(int slotCount, int clientSessions) =>
            1 + Bytes.VarintSize((uint)slotCount) + 5 * slotCount + Bytes.VarintSize((uint)clientSessions) + SessionTable.MaxSnapshotBytesPerSession * clientSessions;

        /// <summary>Exact size <see cref="WriteSnapshot"/> will write now.</summary>
        public int SnapshotSize()
        {
            int size = 1 + Bytes.VarintSize((uint)slots.Length);
            for (int i = 0; i < slots.Length; i++) size += Bytes.VarintSize(Bytes.ZigZag(slots[i]));
            return size + sessions.SnapshotSize();
        }

        /// <summary>
        /// Writes the state as of <see cref="AppliedIndex"/> (the index itself travels beside it). Layout: version u8,
        /// varint slot count, zigzag varint per slot, then the sessions (<see cref="SessionTable.Write"/>). Returns the
        /// bytes written.
        /// </summary>
        public int WriteSnapshot(byte[] buffer, int offset)
        {
            int o = offset;
            buffer[o++] = SnapshotVersion;
            o = Bytes.WriteVarint(buffer, o, (uint)slots.Length);
            for (int i = 0; i < slots.Length; i++) o = Bytes.WriteVarint(buffer, o, Bytes.ZigZag(slots[i]));
            return sessions.Write(buffer, o) - offset;
        }

        /// <summary>
        /// Replaces the whole state with a snapshot taken at <paramref name="appliedIndex"/>. All or nothing: a
        /// malformed snapshot, or one of another shape, returns <see cref="ErrorCode.BadSnapshot"/> and changes nothing.
        /// </summary>
        public ErrorCode RestoreSnapshot(int appliedIndex, byte[] buffer, int offset, int length)
        {
            if (appliedIndex < 0 || buffer == null || offset < 0 || length < 0 || offset + length > buffer.Length) return ErrorCode.BadSnapshot;
            if (!Parse(buffer, offset, offset + length, appliedIndex, false)) return ErrorCode.BadSnapshot;
            Parse(buffer, offset, offset + length, appliedIndex, true);
            applied = appliedIndex;
            return ErrorCode.None;
        }

        // Two passes over the same bytes, the first only checking, so a bad snapshot changes nothing without a scratch copy.
        private bool Parse(byte[] b, int o, int end, int appliedIndex, bool commit)
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

            o = sessions.Read(b, o, end, appliedIndex, commit);
            return o == end;
        }
    }
}
