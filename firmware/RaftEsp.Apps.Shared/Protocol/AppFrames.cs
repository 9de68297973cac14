using RaftEsp.Core;

namespace RaftEsp.Apps
{
    /// <summary>
    /// The board apps' radio frames (types 32..35), in the Raft frames' envelope: the same header (version, cluster
    /// id, type, from, to, term, epoch, counter), a fixed or bounded body, and the SipHash-2-4 tag keyed by the cluster
    /// key, written and checked by <see cref="FrameCodec"/>; a decoder's last check is the codec's replay window. docs/protocol.md gives every byte. Decoders never throw: they
    /// answer a <see cref="FrameError"/>, and on an error the object they fill holds nothing useful.
    /// </summary>
    public static class AppFrames
    {
        /// <summary>Collector to a board: asks for a <see cref="StatusReport"/>.</summary>
        public const int StatusPollType = MessageTypes.FirstAppType;

        /// <summary>Board to collector: the answer to a poll.</summary>
        public const int StatusReportType = 33;

        /// <summary>Collector to the server node: a client command.</summary>
        public const int ClientCommandType = 34;

        /// <summary>Server node to collector: a command's result.</summary>
        public const int ClientResultType = 35;

        /// <summary>Body bytes of a status poll.</summary>
        public const int StatusPollBody = 3;

        /// <summary>Body bytes of a client command (the same as the desktop's command request).</summary>
        public const int ClientCommandBody = 18;

        /// <summary>Body bytes of a client result (the same as the desktop's command result).</summary>
        public const int ClientResultBody = 23;

        /// <summary>Status report bytes before the entries: sequence .. elections, then the entry count.</summary>
        public const int ReportFixedBytes = 52;

        /// <summary>Bytes per log entry in a report: term u32, kind u8, slot u8, value i32.</summary>
        public const int ReportEntryBytes = 10;

        /// <summary>Bytes of the membership block before the ids: configuration index u32, voter count u8, learner count u8.</summary>
        public const int ReportMembershipFixedBytes = 6;

        /// <summary>Largest membership block: its fixed part and one byte per member, at most <see cref="Config.MaxClusterSize"/>.</summary>
        public const int MaxReportMembershipBytes = ReportMembershipFixedBytes + Config.MaxClusterSize;

        /// <summary>Bytes of the database page header: slot count, first slot, page count.</summary>
        public const int ReportPageHeaderBytes = 3;

        /// <summary>Largest status report body: what a 250-byte frame leaves after header and tag.</summary>
        public const int MaxReportBody = FrameLimits.MaxFrameBytes - FrameLimits.HeaderBytes - FrameLimits.TagBytes;

        /// <summary>
        /// Slots a report always has room for, even with 4 entries, 16 members and every slot at its longest (5 bytes):
        /// 21, so 64 slots take at most four reports (docs/protocol.md, "Paging").
        /// </summary>
        public const int GuaranteedSlotsPerReport = (MaxReportBody - ReportFixedBytes - StatusReport.MaxEntries * ReportEntryBytes - MaxReportMembershipBytes -
                                                      StatusReportTimers.MaxTimersBytes - StatusReportTimers.MaxProgressBytes - ReportPageHeaderBytes) / 5;

        private const int FlagServer = 1;
        private const int FlagChangePending = 2;
        private const int FlagWaitingToJoin = 4;
        private const int FlagRemoved = 8;

        /// <summary>
        /// Set in every report of this layout (timers and progress blocks after the member ids). A report without it
        /// comes from firmware that predates them: refused as BadVersion rather than read with the wrong offsets.
        /// </summary>
        private const int FlagTimersLayout = 16;
        private const int KnownFlags = FlagServer | FlagChangePending | FlagWaitingToJoin | FlagRemoved | FlagTimersLayout;

        private const int MaxU16 = 0xFFFF;

        /// <summary>True when the frame's type byte names an app frame (32..255), so the host hands it here, not to Raft.</summary>
        public static bool IsAppFrame(byte[] frame, int length) => frame != null && length > 3 && length <= frame.Length && frame[3] >= MessageTypes.FirstAppType;

        /// <summary>Seals a status poll into <paramref name="frame"/> (≥ 250 bytes); returns its length, or 0 for a field out of range.</summary>
        public static int EncodeStatusPoll(FrameCodec codec, byte[] frame, int from, int to, StatusPoll poll)
        {
            if (!Addressable(frame, from, to) || poll.Sequence < 0 || poll.Sequence > MaxU16 || poll.FirstSlot < 0 || poll.FirstSlot >= Config.MaxDatabaseSlots) return 0;
            int o = codec.WriteHeader(frame, StatusPollType, from, to, 0);
            Bytes.WriteU16(frame, o, poll.Sequence);
            frame[o + 2] = (byte)poll.FirstSlot;
            return codec.SealFrame(frame, o + StatusPollBody);
        }

        /// <summary>Checks and reads a status poll addressed to <paramref name="localId"/>.</summary>
        public static FrameError DecodeStatusPoll(FrameCodec codec, byte[] frame, int length, int localId, StatusPoll into)
        {
            FrameError error = Open(codec, frame, length, localId, StatusPollType, StatusPollBody);
            if (error != FrameError.None) return error;
            int o = FrameLimits.HeaderBytes;
            if (frame[o + 2] >= Config.MaxDatabaseSlots || Bytes.ReadI32(frame, 6) != 0) return FrameError.BadField;
            into.Sequence = Bytes.ReadU16(frame, o);
            into.FirstSlot = frame[o + 2];
            into.From = frame[4];
            return codec.Admit(frame);
        }

        /// <summary>Seals a client command; returns its length, or 0 for a field out of range.</summary>
        public static int EncodeClientCommand(FrameCodec codec, byte[] frame, int from, int to, ClientCommand command)
        {
            if (!Addressable(frame, from, to)) return 0;
            int o = codec.WriteHeader(frame, ClientCommandType, from, to, 0);
            if (WriteCommandBody(frame, o, command) < 0) return 0;
            return codec.SealFrame(frame, o + ClientCommandBody);
        }

        /// <summary>Checks and reads a client command addressed to <paramref name="localId"/>; <paramref name="from"/> is its sender.</summary>
        public static FrameError DecodeClientCommand(FrameCodec codec, byte[] frame, int length, int localId, ClientCommand into, out int from)
        {
            from = -1;
            FrameError error = Open(codec, frame, length, localId, ClientCommandType, ClientCommandBody);
            if (error != FrameError.None) return error;
            if (Bytes.ReadI32(frame, 6) != 0) return FrameError.BadField;
            error = ReadCommandBody(frame, FrameLimits.HeaderBytes, into);
            if (error == FrameError.None) error = codec.Admit(frame);
            if (error == FrameError.None) from = frame[4];
            return error;
        }

        /// <summary>Seals a client result, stamped with the server node's <paramref name="term"/>; returns its length, or 0.</summary>
        public static int EncodeClientResult(FrameCodec codec, byte[] frame, int from, int to, int term, ClientResult result)
        {
            if (!Addressable(frame, from, to) || term < 0) return 0;
            int o = codec.WriteHeader(frame, ClientResultType, from, to, term);
            if (WriteResultBody(frame, o, result) < 0) return 0;
            return codec.SealFrame(frame, o + ClientResultBody);
        }

        /// <summary>Checks and reads a client result addressed to <paramref name="localId"/>.</summary>
        public static FrameError DecodeClientResult(FrameCodec codec, byte[] frame, int length, int localId, ClientResult into)
        {
            FrameError error = Open(codec, frame, length, localId, ClientResultType, ClientResultBody);
            if (error != FrameError.None) return error;
            error = ReadResultBody(frame, FrameLimits.HeaderBytes, into);
            if (error == FrameError.None) error = codec.Admit(frame);
            if (error == FrameError.None) into.ReplyTo = frame[5];
            return error;
        }

        /// <summary>Seals a status report (node id and term from the report go in the header); returns its length, or 0 when a field is out of range or the page does not fit.</summary>
        public static int EncodeStatusReport(FrameCodec codec, byte[] frame, int to, StatusReport report)
        {
            if (!Addressable(frame, report.NodeId, to) || report.Term < 0) return 0;
            int o = codec.WriteHeader(frame, StatusReportType, report.NodeId, to, report.Term);
            int end = WriteReportBody(frame, o, FrameLimits.MaxFrameBytes - FrameLimits.TagBytes, report);
            if (end < 0) return 0;
            return codec.SealFrame(frame, end);
        }

        /// <summary>Checks and reads a status report addressed to <paramref name="localId"/>.</summary>
        public static FrameError DecodeStatusReport(FrameCodec codec, byte[] frame, int length, int localId, StatusReport into)
        {
            FrameError error = Open(codec, frame, length, localId, StatusReportType, -1);
            if (error != FrameError.None) return error;
            into.NodeId = frame[4];
            into.Term = Bytes.ReadI32(frame, 6);
            error = ReadReportBody(frame, FrameLimits.HeaderBytes, length - FrameLimits.TagBytes, into);
            return error == FrameError.None ? codec.Admit(frame) : error;
        }

        /// <summary>
        /// How many of <paramref name="available"/> values, starting at <paramref name="values"/>[<paramref name="first"/>],
        /// fit in a report carrying <paramref name="entryCount"/> entries, <paramref name="memberCount"/> member ids and
        /// timers and progress blocks of <paramref name="timersBytes"/> (<see cref="StatusReportTimers.Size"/>), each value
        /// as a zigzag varint. At least <see cref="GuaranteedSlotsPerReport"/> whenever that many are available.
        /// </summary>
        public static int SlotsThatFit(int[] values, int first, int available, int entryCount, int memberCount, int timersBytes)
        {
            int budget = MaxReportBody - ReportFixedBytes - entryCount * ReportEntryBytes - ReportMembershipFixedBytes - memberCount - timersBytes - ReportPageHeaderBytes;
            int count = 0;
            while (count < available)
            {
                int size = Bytes.VarintSize(Bytes.ZigZag(values[first + count]));
                if (size > budget) break;
                budget -= size;
                count++;
            }

            return count;
        }

        /// <summary>Writes a command body (<see cref="ClientCommandBody"/> bytes) at <paramref name="o"/>; returns the end, or -1 for a field out of range.</summary>
        public static int WriteCommandBody(byte[] b, int o, ClientCommand c)
        {
            if (c.RequestId < 0 || !CommandKinds.IsKnown((int)c.Kind) || !CommandFits((int)c.Kind, c.Client, c.Seq, c.Slot, c.Value)) return -1;
            Bytes.WriteI32(b, o, c.RequestId);
            Bytes.WriteI32(b, o + 4, c.Client);
            Bytes.WriteI32(b, o + 8, c.Seq);
            b[o + 12] = (byte)c.Kind;
            b[o + 13] = (byte)c.Slot;
            Bytes.WriteI32(b, o + 14, c.Value);
            return o + ClientCommandBody;
        }

        /// <summary>Reads a command body at <paramref name="o"/> (the caller checked its length).</summary>
        public static FrameError ReadCommandBody(byte[] b, int o, ClientCommand into)
        {
            int requestId = Bytes.ReadI32(b, o);
            int client = Bytes.ReadI32(b, o + 4);
            int seq = Bytes.ReadI32(b, o + 8);
            int kind = b[o + 12];
            int slot = b[o + 13];
            int value = Bytes.ReadI32(b, o + 14);
            if (requestId < 0 || !CommandKinds.IsKnown(kind) || !CommandFits(kind, client, seq, slot, value)) return FrameError.BadField;
            into.RequestId = requestId;
            into.Client = client;
            into.Seq = seq;
            into.Kind = (CommandKind)kind;
            into.Slot = slot;
            into.Value = value;
            return FrameError.None;
        }

        /// <summary>Writes a result body (<see cref="ClientResultBody"/> bytes) at <paramref name="o"/>; returns the end, or -1 for a field out of range.</summary>
        public static int WriteResultBody(byte[] b, int o, ClientResult r)
        {
            if (r.RequestId < 0 || r.Client < 0 || r.Seq < 0 || !CommandKinds.IsKnown((int)r.Kind) || !CommandStatuses.IsKnown((int)r.Status) || r.Index < 0) return -1;
            if (r.Leader < NodeId.None || r.Leader > FrameCodec.MaxNodeId) return -1;
            Bytes.WriteI32(b, o, r.RequestId);
            Bytes.WriteI32(b, o + 4, r.Client);
            Bytes.WriteI32(b, o + 8, r.Seq);
            b[o + 12] = (byte)r.Kind;
            b[o + 13] = (byte)r.Status;
            Bytes.WriteI32(b, o + 14, r.Value);
            Bytes.WriteI32(b, o + 18, r.Index);
            b[o + 22] = r.Leader == NodeId.None ? (byte)NodeId.Broadcast : (byte)r.Leader;
            return o + ClientResultBody;
        }

        /// <summary>Reads a result body at <paramref name="o"/> (the caller checked its length).</summary>
        public static FrameError ReadResultBody(byte[] b, int o, ClientResult into)
        {
            int requestId = Bytes.ReadI32(b, o);
            int client = Bytes.ReadI32(b, o + 4);
            int seq = Bytes.ReadI32(b, o + 8);
            int kind = b[o + 12];
            int status = b[o + 13];
            int index = Bytes.ReadI32(b, o + 18);
            if (requestId < 0 || client < 0 || seq < 0 || !CommandKinds.IsKnown(kind) || !CommandStatuses.IsKnown(status) || index < 0) return FrameError.BadField;
            into.RequestId = requestId;
            into.Client = client;
            into.Seq = seq;
            into.Kind = (CommandKind)kind;
            into.Status = (CommandStatus)status;
            into.Value = Bytes.ReadI32(b, o + 14);
            into.Index = index;
            into.Leader = b[o + 22] == NodeId.Broadcast ? NodeId.None : b[o + 22];
            return FrameError.None;
        }

        /// <summary>
        /// The canonical form of a command's fields: a register names no client, sequence, slot or value (the cluster
        /// assigns the id); every other command names a client id (1..2^31-1) and a sequence number (0..2^31-1); only a
        /// set carries a value; join, leave and transfer carry slot 0 and the node id (0..254) in the value.
        /// </summary>
        private static bool CommandFits(int kind, int client, int seq, int slot, int value)
        {
            if (kind == (int)CommandKind.Register) return client == 0 && seq == 0 && slot == 0 && value == 0;
            if (client < 1 || seq < 0 || slot < 0 || slot >= Config.MaxDatabaseSlots) return false;
            if (CommandKinds.IsMembership((CommandKind)kind)) return slot == 0 && NodeId.IsValid(value);
            return kind == (int)CommandKind.Set || value == 0;
        }

        /// <summary>
        /// Writes a status report body at <paramref name="o"/>, not past <paramref name="limit"/>. Returns the end, or
        /// -1 for a field out of range or a page that does not fit.
        /// </summary>
        public static int WriteReportBody(byte[] b, int o, int limit, StatusReport r)
        {
            if (!ReportFieldsValid(r)) return -1;
            int fixedEnd = o + ReportFixedBytes + r.EntryCount * ReportEntryBytes + ReportMembershipFixedBytes + r.MemberCount + StatusReportTimers.Size(r) + ReportPageHeaderBytes;
            if (fixedEnd > limit) return -1;
            Bytes.WriteU16(b, o, r.Sequence);
            b[o + 2] = (byte)r.Role;
            b[o + 3] = OptionalId(r.Leader);
            b[o + 4] = OptionalId(r.Vote);
            b[o + 5] = (byte)((r.IsServer ? FlagServer : 0) | (r.ChangePending ? FlagChangePending : 0) | (r.WaitingToJoin ? FlagWaitingToJoin : 0) | (r.Removed ? FlagRemoved : 0) | FlagTimersLayout);
            b[o + 6] = (byte)r.Fault;
            Bytes.WriteI32(b, o + 7, r.Commit);
            Bytes.WriteI32(b, o + 11, r.Applied);
            Bytes.WriteI32(b, o + 15, r.LastIndex);
            Bytes.WriteI32(b, o + 19, r.LastTerm);
            Bytes.WriteI32(b, o + 23, r.SnapshotIndex);
            Bytes.WriteI32(b, o + 27, r.UptimeSeconds);
            Bytes.WriteI32(b, o + 31, r.FramesReceived);
            Bytes.WriteI32(b, o + 35, r.FramesSent);
            Bytes.WriteI32(b, o + 39, r.DropsTotal);
            Bytes.WriteU16(b, o + 43, Saturate(r.DropsBadTag));
            Bytes.WriteU16(b, o + 45, Saturate(r.DropsStaleTerm));
            Bytes.WriteU16(b, o + 47, Saturate(r.SendFailures));
            Bytes.WriteU16(b, o + 49, Saturate(r.Elections));
            b[o + 51] = (byte)r.EntryCount;
            int p = o + ReportFixedBytes;
            for (int i = 0; i < r.EntryCount; i++, p += ReportEntryBytes)
            {
                Bytes.WriteI32(b, p, r.EntryTerms[i]);
                b[p + 4] = (byte)r.EntryKinds[i];
                b[p + 5] = (byte)r.EntrySlots[i];
                Bytes.WriteI32(b, p + 6, r.EntryValues[i]);
            }

            Bytes.WriteI32(b, p, r.ConfigurationIndex);
            b[p + 4] = (byte)r.VoterCount;
            b[p + 5] = (byte)r.LearnerCount;
            p += ReportMembershipFixedBytes;
            for (int i = 0; i < r.VoterCount; i++) b[p++] = (byte)r.Voters[i];
            for (int i = 0; i < r.LearnerCount; i++) b[p++] = (byte)r.Learners[i];
            p = StatusReportTimers.Write(b, p, r);
            b[p] = (byte)r.SlotCount;
            b[p + 1] = (byte)r.FirstSlot;
            b[p + 2] = (byte)r.PageCount;
            p += ReportPageHeaderBytes;
            for (int i = 0; i < r.PageCount; i++)
            {
                uint zig = Bytes.ZigZag(r.PageValues[i]);
                if (p + Bytes.VarintSize(zig) > limit) return -1;
                p = Bytes.WriteVarint(b, p, zig);
            }

            return p;
        }

        /// <summary>Reads a status report body from <paramref name="o"/> to exactly <paramref name="end"/>.</summary>
        public static FrameError ReadReportBody(byte[] b, int o, int end, StatusReport into)
        {
            if (end - o < ReportFixedBytes || end - o > MaxReportBody) return FrameError.BadLength;
            int flags = b[o + 5];
            if ((flags & FlagTimersLayout) == 0) return FrameError.BadVersion;
            if (end - o < ReportFixedBytes + ReportMembershipFixedBytes + StatusReportTimers.MinTimersBytes + StatusReportTimers.ProgressMaskBytes + ReportPageHeaderBytes) return FrameError.BadLength;
            int role = b[o + 2];
            int fault = b[o + 6];
            int entries = b[o + 51];
            if (role > (int)Role.Leader || (flags & ~KnownFlags) != 0 || fault > (int)ErrorCodes.Last || entries > StatusReport.MaxEntries) return FrameError.BadField;
            for (int f = 7; f < 43; f += 4) if (Bytes.ReadI32(b, o + f) < 0) return FrameError.BadField;
            int p = o + ReportFixedBytes;
            if (end - p < entries * ReportEntryBytes + ReportMembershipFixedBytes + StatusReportTimers.MinTimersBytes + StatusReportTimers.ProgressMaskBytes + ReportPageHeaderBytes) return FrameError.BadLength;
            for (int i = 0; i < entries; i++, p += ReportEntryBytes)
            {
                if (Bytes.ReadI32(b, p) < 0 || !EntryKinds.IsKnown(b[p + 4]) || b[p + 5] >= Config.MaxDatabaseSlots) return FrameError.BadField;
                into.EntryTerms[i] = Bytes.ReadI32(b, p);
                into.EntryKinds[i] = (EntryKind)b[p + 4];
                into.EntrySlots[i] = b[p + 5];
                into.EntryValues[i] = Bytes.ReadI32(b, p + 6);
            }

            int configurationIndex = Bytes.ReadI32(b, p);
            int voters = b[p + 4];
            int learners = b[p + 5];
            p += ReportMembershipFixedBytes;
            if (configurationIndex < 0 || voters + learners > Config.MaxClusterSize) return FrameError.BadField;
            if (end - p < voters + learners + StatusReportTimers.MinTimersBytes + StatusReportTimers.ProgressMaskBytes + ReportPageHeaderBytes) return FrameError.BadLength;
            if (!DistinctIds(b, p, voters + learners)) return FrameError.BadField;
            for (int i = 0; i < voters; i++) into.Voters[i] = b[p++];
            for (int i = 0; i < learners; i++) into.Learners[i] = b[p++];
            p = StatusReportTimers.Read(b, p, end, voters, learners, into, out StatusReportTimers.Timers timers, out FrameError timersError);
            if (p < 0) return timersError;
            if (end - p < ReportPageHeaderBytes) return FrameError.BadLength;
            int slotCount = b[p];
            int first = b[p + 1];
            int page = b[p + 2];
            if (slotCount < 1 || slotCount > Config.MaxDatabaseSlots || first >= slotCount || first + page > slotCount) return FrameError.BadField;
            p += ReportPageHeaderBytes;
            for (int i = 0; i < page; i++)
            {
                p = Bytes.ReadVarint(b, p, end, out uint zig);
                if (p < 0) return FrameError.BadField;
                into.PageValues[i] = Bytes.UnZigZag(zig);
            }

            if (p != end) return FrameError.BadLength;
            into.Sequence = Bytes.ReadU16(b, o);
            into.Role = (Role)role;
            into.Leader = ReadOptionalId(b[o + 3]);
            into.Vote = ReadOptionalId(b[o + 4]);
            into.IsServer = (flags & FlagServer) != 0;
            into.ChangePending = (flags & FlagChangePending) != 0;
            into.WaitingToJoin = (flags & FlagWaitingToJoin) != 0;
            into.Removed = (flags & FlagRemoved) != 0;
            into.ConfigurationIndex = configurationIndex;
            into.VoterCount = voters;
            into.LearnerCount = learners;
            into.Fault = (ErrorCode)fault;
            into.Commit = Bytes.ReadI32(b, o + 7);
            into.Applied = Bytes.ReadI32(b, o + 11);
            into.LastIndex = Bytes.ReadI32(b, o + 15);
            into.LastTerm = Bytes.ReadI32(b, o + 19);
            into.SnapshotIndex = Bytes.ReadI32(b, o + 23);
            into.UptimeSeconds = Bytes.ReadI32(b, o + 27);
            into.FramesReceived = Bytes.ReadI32(b, o + 31);
            into.FramesSent = Bytes.ReadI32(b, o + 35);
            into.DropsTotal = Bytes.ReadI32(b, o + 39);
            into.DropsBadTag = Bytes.ReadU16(b, o + 43);
            into.DropsStaleTerm = Bytes.ReadU16(b, o + 45);
            into.SendFailures = Bytes.ReadU16(b, o + 47);
            into.Elections = Bytes.ReadU16(b, o + 49);
            into.EntryCount = entries;
            into.SlotCount = slotCount;
            into.FirstSlot = first;
            into.PageCount = page;
            StatusReportTimers.Keep(timers, into);
            return FrameError.None;
        }

        private static bool ReportFieldsValid(StatusReport r)
        {
            if (r.Sequence < 0 || r.Sequence > MaxU16 || (int)r.Role > (int)Role.Leader || (int)r.Fault > (int)ErrorCodes.Last) return false;
            if (r.Leader < NodeId.None || r.Leader > FrameCodec.MaxNodeId || r.Vote < NodeId.None || r.Vote > FrameCodec.MaxNodeId) return false;
            if ((r.Commit | r.Applied | r.LastIndex | r.LastTerm | r.SnapshotIndex | r.UptimeSeconds | r.FramesReceived | r.FramesSent | r.DropsTotal) < 0) return false;
            if ((r.DropsBadTag | r.DropsStaleTerm | r.SendFailures | r.Elections) < 0) return false;
            if (r.EntryCount < 0 || r.EntryCount > StatusReport.MaxEntries) return false;
            for (int i = 0; i < r.EntryCount; i++)
            {
                if (r.EntryTerms[i] < 0 || !EntryKinds.IsKnown((int)r.EntryKinds[i]) || r.EntrySlots[i] < 0 || r.EntrySlots[i] >= Config.MaxDatabaseSlots) return false;
            }

            if (r.ConfigurationIndex < 0 || r.VoterCount < 0 || r.LearnerCount < 0 || r.MemberCount > Config.MaxClusterSize) return false;
            for (int i = 0; i < r.MemberCount; i++)
            {
                int id = i < r.VoterCount ? r.Voters[i] : r.Learners[i - r.VoterCount];
                if (!NodeId.IsValid(id)) return false;
                for (int j = 0; j < i; j++) if ((j < r.VoterCount ? r.Voters[j] : r.Learners[j - r.VoterCount]) == id) return false;
            }

            if (!StatusReportTimers.Valid(r)) return false;
            return r.SlotCount >= 1 && r.SlotCount <= Config.MaxDatabaseSlots && r.FirstSlot >= 0 && r.FirstSlot < r.SlotCount &&
                   r.PageCount >= 0 && r.FirstSlot + r.PageCount <= r.SlotCount;
        }

        /// <summary>True when the <paramref name="count"/> bytes at <paramref name="o"/> are node ids (0..254), no two alike.</summary>
        private static bool DistinctIds(byte[] b, int o, int count)
        {
            for (int i = 0; i < count; i++)
            {
                if (!NodeId.IsValid(b[o + i])) return false;
                for (int j = 0; j < i; j++) if (b[o + j] == b[o + i]) return false;
            }

            return true;
        }

        private static FrameError Open(FrameCodec codec, byte[] frame, int length, int localId, int type, int body)
        {
            FrameError error = codec.CheckEnvelope(frame, length, localId);
            if (error != FrameError.None) return error;
            if (frame[3] != type) return FrameError.UnknownType;
            if (body >= 0 && length != FrameLimits.HeaderBytes + body + FrameLimits.TagBytes) return FrameError.BadLength;
            return FrameError.None;
        }

        private static bool Addressable(byte[] frame, int from, int to) =>
            frame != null && frame.Length >= FrameLimits.MaxFrameBytes && from >= 0 && from <= FrameCodec.MaxNodeId && to >= 0 && to <= NodeId.Broadcast;

        private static byte OptionalId(int id) => id == NodeId.None ? (byte)NodeId.Broadcast : (byte)id;

        private static int ReadOptionalId(int b) => b == NodeId.Broadcast ? NodeId.None : b;

        private static int Saturate(int value) => value > MaxU16 ? MaxU16 : value;
    }
}
