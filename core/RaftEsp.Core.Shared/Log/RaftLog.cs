namespace RaftEsp.Core
{
    /// <summary>
    /// The in-memory log: a ring of fixed-size entries after the latest snapshot. Entries are stored in parallel
    /// arrays (18 bytes an entry: term, client, seq and value 4 bytes each, kind and slot 1), so the log never allocates after construction and its size is bounded by its
    /// capacity. Index 0 with term 0 is the empty log's sentinel, as in the paper.
    /// </summary>
    public sealed class RaftLog
    {
        private readonly int capacity;
        private readonly int[] terms;
        private readonly EntryKind[] kinds;
        private readonly byte[] slots;
        private readonly int[] clients;
        private readonly int[] seqs;
        private readonly int[] values;
        private int snapshotIndex;
        private int snapshotTerm;
        private int lastIndex;
        private int stableIndex;

        /// <summary>Creates an empty log that holds at most <paramref name="capacity"/> entries.</summary>
        public RaftLog(int capacity)
        {
            this.capacity = capacity;
            terms = new int[capacity];
            kinds = new EntryKind[capacity];
            slots = new byte[capacity];
            clients = new int[capacity];
            seqs = new int[capacity];
            values = new int[capacity];
        }

        /// <summary>Most entries the log holds.</summary>
        public int Capacity => capacity;

        /// <summary>Index of the last entry covered by the snapshot (0 when none).</summary>
        public int SnapshotIndex => snapshotIndex;

        /// <summary>Term of the entry at <see cref="SnapshotIndex"/>.</summary>
        public int SnapshotTerm => snapshotTerm;

        /// <summary>First index held in memory.</summary>
        public int FirstIndex => snapshotIndex + 1;

        /// <summary>Index of the last entry (the snapshot index when the ring is empty).</summary>
        public int LastIndex => lastIndex;

        /// <summary>Term of the last entry.</summary>
        public int LastTerm => TermAt(lastIndex);

        /// <summary>Entries held in memory.</summary>
        public int Count => lastIndex - snapshotIndex;

        /// <summary>Entries that still fit.</summary>
        public int Free => capacity - (lastIndex - snapshotIndex);

        /// <summary>Highest index the host has made durable.</summary>
        public int StableIndex => stableIndex;

        /// <summary>Term of the entry at <paramref name="index"/>, or -1 when it is compacted away or beyond the end.</summary>
        public int TermAt(int index)
        {
            if (index == snapshotIndex) return snapshotTerm;
            if (index < snapshotIndex || index > lastIndex) return -1;
            return terms[index % capacity];
        }

        /// <summary>True when the entry at <paramref name="index"/> exists with <paramref name="term"/> (§5.3 consistency check).</summary>
        public bool MatchTerm(int index, int term) => term >= 0 && TermAt(index) == term;

        /// <summary>Kind of the entry at <paramref name="index"/> (which must be held).</summary>
        public EntryKind KindAt(int index) => kinds[index % capacity];

        /// <summary>Slot of the entry at <paramref name="index"/>.</summary>
        public int SlotAt(int index) => slots[index % capacity];

        /// <summary>Client id of the entry at <paramref name="index"/>.</summary>
        public int ClientAt(int index) => clients[index % capacity];

        /// <summary>Client sequence number of the entry at <paramref name="index"/> (a register entry's nonce).</summary>
        public int SeqAt(int index) => seqs[index % capacity];

        /// <summary>Value of the entry at <paramref name="index"/>.</summary>
        public int ValueAt(int index) => values[index % capacity];

        /// <summary>True when <paramref name="index"/> is held in memory.</summary>
        public bool Holds(int index) => index > snapshotIndex && index <= lastIndex;

        /// <summary>§5.4.1: a candidate's log is at least as up to date as ours.</summary>
        public bool IsUpToDate(int candidateLastIndex, int candidateLastTerm)
        {
            int myLastTerm = LastTerm;
            return candidateLastTerm > myLastTerm || (candidateLastTerm == myLastTerm && candidateLastIndex >= lastIndex);
        }

        /// <summary>Appends one entry after the last. False when the ring is full.</summary>
        public bool Append(int term, EntryKind kind, int slot, int client, int seq, int value)
        {
            if (lastIndex - snapshotIndex >= capacity) return false;
            lastIndex++;
            int p = lastIndex % capacity;
            terms[p] = term;
            kinds[p] = kind;
            slots[p] = (byte)slot;
            clients[p] = client;
            seqs[p] = seq;
            values[p] = value;
            return true;
        }

        /// <summary>Drops every entry after <paramref name="index"/> (a conflicting suffix, §5.3).</summary>
        public void TruncateAfter(int index)
        {
            if (index >= lastIndex || index < snapshotIndex) return;
            lastIndex = index;
            if (stableIndex > index) stableIndex = index;
        }

        /// <summary>
        /// Fast backtracking: the largest index at or below <paramref name="index"/> whose term is at or below
        /// <paramref name="term"/>. Every entry above it is known not to match a log whose entry at
        /// <paramref name="index"/> has <paramref name="term"/>, so a whole term is skipped per round trip.
        /// </summary>
        public int FindConflictByTerm(int index, int term)
        {
            if (index > lastIndex) index = lastIndex;
            while (index > snapshotIndex && terms[index % capacity] > term) index--;
            return index;
        }

        /// <summary>Marks entries up to <paramref name="index"/> as durable.</summary>
        public void StableTo(int index)
        {
            if (index > lastIndex) index = lastIndex;
            if (index > stableIndex) stableIndex = index;
        }

        /// <summary>Discards entries up to <paramref name="index"/>, which a snapshot now covers.</summary>
        public void CompactTo(int index)
        {
            if (index <= snapshotIndex || index > lastIndex) return;
            snapshotTerm = TermAt(index);
            snapshotIndex = index;
            if (stableIndex < index) stableIndex = index;
        }

        /// <summary>Replaces the whole log with a snapshot's position (InstallSnapshot, §7).</summary>
        public void ResetToSnapshot(int index, int term)
        {
            snapshotIndex = index;
            snapshotTerm = term;
            lastIndex = index;
            stableIndex = index;
        }
    }
}
