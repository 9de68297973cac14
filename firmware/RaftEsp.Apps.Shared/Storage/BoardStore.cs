using RaftEsp.Core;

namespace RaftEsp.Apps
{
    /// <summary>
    /// A board's durable Raft state on flash, in two files. <c>raft.snap</c> holds the latest snapshot and is only
    /// ever replaced atomically. <c>raft.log</c> is a sequence of checksummed records, one per Ready: the hard state
    /// and/or the entries written. A power cut can tear the last record; loading stops at the first record whose
    /// checksum fails and rewrites the file without it, so a torn write is the same as a write that never happened
    /// (nothing was sent that depended on it: the board sends acknowledgements only after the write returns). When the
    /// log file grows past its budget it is rewritten as one record holding the current state. Flash wears, so every
    /// Ready costs at most one append.
    /// Record: magic 0xA9 (0xA7, the first format's, is refused as BadPersistentState), payload length u16, payload, CRC-32 of everything before it. Payload: flags u8 (bit 0 hard
    /// state, bit 1 entries); hard state: term u32, vote u8 (255 = none), commit u32; entries: first index u32, count
    /// u16, then per entry term u32, kind u8, slot u8, client u32, seq u32, value i32.
    /// </summary>
    public sealed class BoardStore : IRaftStorage
    {
        public const string LogFile = "raft.log";
        public const string SnapshotFile = "raft.snap";

        private const byte RecordMagic = 0xA9;
        // Records of the first format (8-bit client ids, 16-bit sequence numbers): refused, never misread.
        private const byte FirstFormatRecordMagic = 0xA7;
        // raft.snap format 2 holds the whole snapshot blob (configuration head, then the database); format 1 (0xA8)
        // held the database alone and is refused, never misread.
        private const byte SnapshotMagic = 0xAA;
        private const byte FirstFormatSnapshotMagic = 0xA8;
        private const int RecordHeader = 3;
        private const int Crc = 4;
        private const int HardStateBytes = 9;
        private const int EntriesHeader = 6;
        private const int EntryBytes = 18;
        private const int FlagHard = 1;
        private const int FlagEntries = 2;
        private const int SnapshotHeader = 11;

        private readonly IFlashFiles files;
        private readonly int maxLogBytes;
        private readonly byte[] record;
        private readonly byte[] snapshot;
        private readonly int[] terms;
        private readonly EntryKind[] kinds;
        private readonly int[] slots;
        private readonly int[] clients;
        private readonly int[] seqs;
        private readonly int[] values;
        private int savedTerm;
        private int savedVote = NodeId.None;
        private int savedCommit;
        private int logBytes;

        /// <summary>Creates a store for a node of this configuration; the log file is kept under <paramref name="maxLogBytes"/>.</summary>
        public BoardStore(IFlashFiles files, Config config, int maxLogBytes)
        {
            this.files = files;
            int largestRecord = RecordHeader + 1 + HardStateBytes + EntriesHeader + config.LogCapacity * EntryBytes + Crc;
            if (maxLogBytes < 2 * largestRecord) maxLogBytes = 2 * largestRecord;
            this.maxLogBytes = maxLogBytes;
            record = new byte[largestRecord];
            snapshot = new byte[SnapshotHeader + config.SnapshotBufferBytes + Crc];
            terms = new int[config.LogCapacity];
            kinds = new EntryKind[config.LogCapacity];
            slots = new int[config.LogCapacity];
            clients = new int[config.LogCapacity];
            seqs = new int[config.LogCapacity];
            values = new int[config.LogCapacity];
        }

        /// <summary>Records dropped by the last <see cref="Load"/> because a power cut tore them.</summary>
        public int TornRecordsDropped { get; private set; }

        /// <summary>The commit index of the last hard state written (or loaded).</summary>
        public int SavedCommit => savedCommit;

        /// <summary>Bytes in the log file now.</summary>
        public int LogBytes => logBytes;

        /// <summary>
        /// Restores <paramref name="node"/> and <paramref name="database"/> from flash (both freshly constructed).
        /// A fresh board (no files) starts empty. Returns <see cref="ErrorCode.BadPersistentState"/> when the files
        /// contradict themselves: such a board must not rejoin the cluster with state it cannot vouch for.
        /// </summary>
        public ErrorCode Load(RaftNode node, Database database)
        {
            TornRecordsDropped = 0;
            int snapIndex = 0;
            int snapTerm = 0;
            int snapLength = 0;
            int length = files.Length(SnapshotFile);
            if (length >= 0)
            {
                if (length < SnapshotHeader + Crc || length > snapshot.Length) return ErrorCode.BadPersistentState;
                if (files.Read(SnapshotFile, 0, snapshot, 0, length) != length) return ErrorCode.BadPersistentState;
                if (snapshot[0] != SnapshotMagic || Crc32.Compute(snapshot, 0, length - Crc) != (uint)Bytes.ReadI32(snapshot, length - Crc)) return ErrorCode.BadPersistentState;
                snapIndex = Bytes.ReadI32(snapshot, 1);
                snapTerm = Bytes.ReadI32(snapshot, 5);
                snapLength = Bytes.ReadU16(snapshot, 9);
                if (SnapshotHeader + snapLength + Crc != length) return ErrorCode.BadPersistentState;
            }

            int first = snapIndex + 1;
            int last = snapIndex;
            int position = 0;
            int fileLength = files.Length(LogFile);
            if (fileLength > 0 && files.Read(LogFile, 0, record, 0, 1) == 1 && record[0] == FirstFormatRecordMagic) return ErrorCode.BadPersistentState;
            while (fileLength > 0 && position < fileLength)
            {
                int size = ReadRecord(position, fileLength);
                if (size <= 0)
                {
                    TornRecordsDropped++;
                    break;
                }

                int p = RecordHeader;
                int flags = record[p++];
                if ((flags & FlagHard) != 0)
                {
                    savedTerm = Bytes.ReadI32(record, p);
                    savedVote = record[p + 4] == NodeId.Broadcast ? NodeId.None : record[p + 4];
                    savedCommit = Bytes.ReadI32(record, p + 5);
                    p += HardStateBytes;
                }

                if ((flags & FlagEntries) != 0)
                {
                    int from = Bytes.ReadI32(record, p);
                    int count = Bytes.ReadU16(record, p + 4);
                    p += EntriesHeader;
                    if (from > last + 1) return ErrorCode.BadPersistentState;
                    if (from <= last) last = from - 1 < snapIndex ? snapIndex : from - 1; // a later record overwrote a suffix
                    for (int k = 0; k < count; k++, p += EntryBytes)
                    {
                        int index = from + k;
                        if (index <= snapIndex) continue; // covered by the snapshot
                        if (index - first >= terms.Length) return ErrorCode.BadPersistentState;
                        int at = index - first;
                        terms[at] = Bytes.ReadI32(record, p);
                        kinds[at] = (EntryKind)record[p + 4];
                        slots[at] = record[p + 5];
                        clients[at] = Bytes.ReadI32(record, p + 6);
                        seqs[at] = Bytes.ReadI32(record, p + 10);
                        values[at] = Bytes.ReadI32(record, p + 14);
                        last = index;
                    }
                }

                position += size;
            }

            logBytes = position;
            if (fileLength > position) RewriteLog(first, last); // drop the torn tail before anything is appended after it

            ErrorCode code = node.RestoreHardState(savedTerm, savedVote, savedCommit);
            if (code != ErrorCode.None) return code;
            if (snapIndex > 0)
            {
                code = node.RestoreSnapshot(snapIndex, snapTerm, snapshot, SnapshotHeader, snapLength);
                if (code != ErrorCode.None) return code;
                int state = RaftNode.SnapshotStateOffset(snapshot, SnapshotHeader, snapLength);
                if (state < 0) return ErrorCode.BadPersistentState;
                code = database.RestoreSnapshot(snapIndex, snapshot, state, SnapshotHeader + snapLength - state);
                if (code != ErrorCode.None) return ErrorCode.BadPersistentState;
            }

            for (int index = first; index <= last; index++)
            {
                int at = index - first;
                code = node.RestoreEntry(index, terms[at], kinds[at], slots[at], clients[at], seqs[at], values[at]);
                if (code != ErrorCode.None) return code;
            }

            return ErrorCode.None;
        }

        /// <summary>
        /// Makes a Ready's state durable: at most one append (or, when a snapshot arrived or the file is over its
        /// budget, one atomic rewrite). Call before sending the frames that must follow persistence.
        /// </summary>
        public void Save(Ready ready, RaftLog log)
        {
            if (ready.HardStateChanged)
            {
                savedTerm = ready.HardTerm;
                savedVote = ready.HardVote;
                savedCommit = ready.HardCommit;
            }

            if (ready.HasSnapshot)
            {
                // Reset the log first: a power cut between the two leaves an older snapshot and no entries (behind,
                // never inconsistent); the other order could leave entries of an older log after the new snapshot.
                int n = BuildRecord(true, 0, -1, log);
                files.Replace(LogFile, record, 0, n);
                logBytes = n;
                WriteSnapshot(ready.SnapshotIndex, ready.SnapshotTerm, ready.SnapshotData, 0, ready.SnapshotLength);
                if (ready.PersistCount > 0) Append(false, ready.PersistFrom, ready.PersistTo, log);
                return;
            }

            if (!ready.HardStateChanged && ready.PersistCount == 0) return;
            Append(ready.HardStateChanged, ready.PersistFrom, ready.PersistTo, log);
        }

        /// <summary>Saves the host's snapshot taken for compaction (atomic replace); the log file keeps its entries.</summary>
        public void SaveSnapshot(int index, int term, byte[] data, int offset, int length) => WriteSnapshot(index, term, data, offset, length);

        private void Append(bool hard, int from, int to, RaftLog log)
        {
            int n = BuildRecord(hard, from, to, log);
            if (logBytes + n > maxLogBytes)
            {
                RewriteFromLog(log);
                return;
            }

            files.Append(LogFile, record, 0, n);
            logBytes += n;
        }

        /// <summary>Rewrites the log file as one record: the current hard state and every entry the node holds.</summary>
        private void RewriteFromLog(RaftLog log)
        {
            int n = BuildRecord(true, log.FirstIndex, log.LastIndex, log);
            files.Replace(LogFile, record, 0, n);
            logBytes = n;
        }

        private void RewriteLog(int first, int last)
        {
            int p = RecordHeader;
            record[p++] = FlagHard | FlagEntries;
            p = WriteHardState(p);
            Bytes.WriteI32(record, p, first);
            Bytes.WriteU16(record, p + 4, last - first + 1);
            p += EntriesHeader;
            for (int index = first; index <= last; index++, p += EntryBytes)
            {
                int at = index - first;
                WriteEntry(p, terms[at], kinds[at], slots[at], clients[at], seqs[at], values[at]);
            }

            int n = Seal(p);
            files.Replace(LogFile, record, 0, n);
            logBytes = n;
        }

        private int BuildRecord(bool hard, int from, int to, RaftLog log)
        {
            int p = RecordHeader;
            bool entries = to >= from && from > 0;
            record[p++] = (byte)((hard ? FlagHard : 0) | (entries ? FlagEntries : 0));
            if (hard) p = WriteHardState(p);
            if (entries)
            {
                Bytes.WriteI32(record, p, from);
                Bytes.WriteU16(record, p + 4, to - from + 1);
                p += EntriesHeader;
                for (int index = from; index <= to; index++, p += EntryBytes)
                    WriteEntry(p, log.TermAt(index), log.KindAt(index), log.SlotAt(index), log.ClientAt(index), log.SeqAt(index), log.ValueAt(index));
            }

            return Seal(p);
        }

        private int WriteHardState(int p)
        {
            Bytes.WriteI32(record, p, savedTerm);
            record[p + 4] = savedVote == NodeId.None ? (byte)NodeId.Broadcast : (byte)savedVote;
            Bytes.WriteI32(record, p + 5, savedCommit);
            return p + HardStateBytes;
        }

        private void WriteEntry(int p, int term, EntryKind kind, int slot, int client, int seq, int value)
        {
            Bytes.WriteI32(record, p, term);
            record[p + 4] = (byte)kind;
            record[p + 5] = (byte)slot;
            Bytes.WriteI32(record, p + 6, client);
            Bytes.WriteI32(record, p + 10, seq);
            Bytes.WriteI32(record, p + 14, value);
        }

        private int Seal(int end)
        {
            record[0] = RecordMagic;
            Bytes.WriteU16(record, 1, end - RecordHeader);
            Bytes.WriteI32(record, end, (int)Crc32.Compute(record, 0, end));
            return end + Crc;
        }

        /// <summary>Reads and checks the record at <paramref name="position"/>; its size, or 0 when torn or corrupt.</summary>
        private int ReadRecord(int position, int fileLength)
        {
            if (fileLength - position < RecordHeader + 1 + Crc) return 0;
            if (files.Read(LogFile, position, record, 0, RecordHeader) != RecordHeader || record[0] != RecordMagic) return 0;
            int payload = Bytes.ReadU16(record, 1);
            int size = RecordHeader + payload + Crc;
            if (payload < 1 || size > record.Length || size > fileLength - position) return 0;
            if (files.Read(LogFile, position + RecordHeader, record, RecordHeader, payload + Crc) != payload + Crc) return 0;
            if (Crc32.Compute(record, 0, RecordHeader + payload) != (uint)Bytes.ReadI32(record, RecordHeader + payload)) return 0;
            int flags = record[RecordHeader];
            int expected = 1 + ((flags & FlagHard) != 0 ? HardStateBytes : 0);
            if ((flags & FlagEntries) != 0)
            {
                if (payload < expected + EntriesHeader) return 0;
                expected += EntriesHeader + Bytes.ReadU16(record, RecordHeader + expected + 4) * EntryBytes;
            }

            return (flags & ~(FlagHard | FlagEntries)) == 0 && expected == payload ? size : 0;
        }

        private void WriteSnapshot(int index, int term, byte[] data, int offset, int length)
        {
            snapshot[0] = SnapshotMagic;
            Bytes.WriteI32(snapshot, 1, index);
            Bytes.WriteI32(snapshot, 5, term);
            Bytes.WriteU16(snapshot, 9, length);
            System.Array.Copy(data, offset, snapshot, SnapshotHeader, length);
            int end = SnapshotHeader + length;
            Bytes.WriteI32(snapshot, end, (int)Crc32.Compute(snapshot, 0, end));
            files.Replace(SnapshotFile, snapshot, 0, end + Crc);
        }
    }
}
