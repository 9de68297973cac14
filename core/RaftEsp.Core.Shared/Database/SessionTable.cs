namespace RaftEsp.Core
{
    /// <summary>
    /// The database's client sessions (Raft dissertation §6.3): at most <see cref="Capacity"/>, each holding the
    /// client's last applied sequence number and that command's result. A client id is the log index of the register
    /// entry that created it, so ids only grow and the table stays sorted by id: a new session always goes last and
    /// lookups are binary searches. When the table is full, a register evicts the session used least recently, by
    /// log index of its last applied command (or registration): every node applies the same entries, so every node
    /// evicts the same session, with no clock involved. Fixed arrays: nothing is allocated after construction.
    /// </summary>
    public sealed class SessionTable
    {
        /// <summary>Largest encoded session in a snapshot: client u32, seq u32, last-use index u32, status u8, value (zigzag varint, at most 5).</summary>
        public const int MaxSnapshotBytesPerSession = 13 + 5;

        private readonly int[] clients;
        private readonly int[] seqs;
        private readonly ErrorCode[] statuses;
        private readonly int[] values;
        private readonly int[] lastUse;
        private int count;

        /// <summary>Creates an empty table of <paramref name="capacity"/> sessions.</summary>
        public SessionTable(int capacity)
        {
            clients = new int[capacity];
            seqs = new int[capacity];
            statuses = new ErrorCode[capacity];
            values = new int[capacity];
            lastUse = new int[capacity];
        }

        /// <summary>Most sessions held at once.</summary>
        public int Capacity => clients.Length;

        /// <summary>Sessions held now.</summary>
        public int Count => count;

        /// <summary>Position of client <paramref name="client"/>'s session, or -1 when it has none.</summary>
        public int Find(int client)
        {
            int low = 0;
            int high = count - 1;
            while (low <= high)
            {
                int mid = (low + high) >> 1;
                int id = clients[mid];
                if (id == client) return mid;
                if (id < client) low = mid + 1;
                else high = mid - 1;
            }

            return -1;
        }

        /// <summary>Client id of the session at <paramref name="at"/>.</summary>
        public int ClientAt(int at) => clients[at];

        /// <summary>Last applied sequence number of the session at <paramref name="at"/> (0 before its first command).</summary>
        public int SeqAt(int at) => seqs[at];

        /// <summary>Status of the last applied command of the session at <paramref name="at"/>.</summary>
        public ErrorCode StatusAt(int at) => statuses[at];

        /// <summary>Result value of the last applied command of the session at <paramref name="at"/>.</summary>
        public int ValueAt(int at) => values[at];

        /// <summary>Log index of the last applied command (or the registration) of the session at <paramref name="at"/>.</summary>
        public int LastUseAt(int at) => lastUse[at];

        /// <summary>
        /// Opens a session for the register entry at <paramref name="index"/>, whose id is the index. Returns the id
        /// of the session evicted to make room, or 0. The caller applies entries in order, so the index is larger
        /// than every id held.
        /// </summary>
        public int Register(int index)
        {
            int evicted = 0;
            if (count == clients.Length)
            {
                int oldest = 0;
                for (int i = 1; i < count; i++) if (lastUse[i] < lastUse[oldest]) oldest = i;
                evicted = clients[oldest];
                RemoveAt(oldest);
            }

            Put(count, index, 0, ErrorCode.None, 0, index);
            count++;
            return evicted;
        }

        /// <summary>Records the command <paramref name="seq"/> applied at <paramref name="index"/> for the session at <paramref name="at"/>.</summary>
        public void Record(int at, int seq, ErrorCode status, int value, int index)
        {
            seqs[at] = seq;
            statuses[at] = status;
            values[at] = value;
            lastUse[at] = index;
        }

        /// <summary>Bytes <see cref="Write"/> writes now.</summary>
        public int SnapshotSize()
        {
            int size = Bytes.VarintSize((uint)count);
            for (int i = 0; i < count; i++) size += 13 + Bytes.VarintSize(Bytes.ZigZag(values[i]));
            return size;
        }

        /// <summary>Writes varint count, then per session (ascending id) client u32, seq u32, last use u32, status u8, zigzag varint value.</summary>
        public int Write(byte[] b, int o)
        {
            o = Bytes.WriteVarint(b, o, (uint)count);
            for (int i = 0; i < count; i++)
            {
                Bytes.WriteI32(b, o, clients[i]);
                Bytes.WriteI32(b, o + 4, seqs[i]);
                Bytes.WriteI32(b, o + 8, lastUse[i]);
                b[o + 12] = (byte)statuses[i];
                o = Bytes.WriteVarint(b, o + 13, Bytes.ZigZag(values[i]));
            }

            return o;
        }

        /// <summary>
        /// Reads what <see cref="Write"/> wrote, for a snapshot taken at <paramref name="appliedIndex"/>; the offset
        /// after it, or -1 when malformed (ids not ascending, a last use before the registration or after the
        /// snapshot, an unknown status, more sessions than fit). Changes the table only when <paramref name="commit"/>.
        /// </summary>
        public int Read(byte[] b, int o, int end, int appliedIndex, bool commit)
        {
            o = Bytes.ReadVarint(b, o, end, out uint sessions);
            if (o < 0 || sessions > (uint)clients.Length) return -1;
            if (commit) count = (int)sessions;
            int previous = 0;
            for (int i = 0; i < (int)sessions; i++)
            {
                if (end - o < 14) return -1;
                int client = Bytes.ReadI32(b, o);
                int seq = Bytes.ReadI32(b, o + 4);
                int used = Bytes.ReadI32(b, o + 8);
                int status = b[o + 12];
                if (client <= previous || seq < 0 || used < client || used > appliedIndex || status > (int)ErrorCodes.Last) return -1;
                o = Bytes.ReadVarint(b, o + 13, end, out uint zig);
                if (o < 0) return -1;
                previous = client;
                if (commit) Put(i, client, seq, (ErrorCode)status, Bytes.UnZigZag(zig), used);
            }

            return o;
        }

        private void Put(int at, int client, int seq, ErrorCode status, int value, int used)
        {
            clients[at] = client;
            Record(at, seq, status, value, used);
        }

        private void RemoveAt(int at)
        {
            // An element-wise shift: no reliance on overlapping Array.Copy on the boards' runtime.
            for (int i = at + 1; i < count; i++) Put(i - 1, clients[i], seqs[i], statuses[i], values[i], lastUse[i]);
            count--;
        }
    }
}
