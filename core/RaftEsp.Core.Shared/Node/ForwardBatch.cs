namespace RaftEsp.Core
{
    /// <summary>
    /// Commands a follower (typically the server node) collected for the leader since the last Ready. They leave
    /// together in one Propose frame of up to 26 commands instead of one frame each: on a shared radio channel the
    /// frame count, not the bytes, is what costs.
    /// </summary>
    public sealed class ForwardBatch
    {
        private readonly EntryKind[] kinds = new EntryKind[FrameLimits.MaxEntriesPerAppend];
        private readonly int[] slots = new int[FrameLimits.MaxEntriesPerAppend];
        private readonly int[] clients = new int[FrameLimits.MaxEntriesPerAppend];
        private readonly int[] seqs = new int[FrameLimits.MaxEntriesPerAppend];
        private readonly int[] values = new int[FrameLimits.MaxEntriesPerAppend];
        private int count;

        /// <summary>Commands waiting.</summary>
        public int Count => count;

        /// <summary>True when one more command would not fit one frame.</summary>
        public bool Full => count == kinds.Length;

        /// <summary>Adds a command; false when full.</summary>
        public bool Add(EntryKind kind, int slot, int client, int seq, int value)
        {
            if (count == kinds.Length) return false;
            kinds[count] = kind;
            slots[count] = slot;
            clients[count] = client;
            seqs[count] = seq;
            values[count] = value;
            count++;
            return true;
        }

        public EntryKind Kind(int i) => kinds[i];

        public int Slot(int i) => slots[i];

        public int Client(int i) => clients[i];

        public int Seq(int i) => seqs[i];

        public int Value(int i) => values[i];

        /// <summary>Copies every command into <paramref name="m"/>'s entries.</summary>
        public void CopyTo(Message m)
        {
            for (int i = 0; i < count; i++) m.SetEntry(i, kinds[i], slots[i], clients[i], seqs[i], values[i]);
            m.EntryCount = count;
        }

        public void Clear() => count = 0;
    }
}
