using RaftEsp.Core;

namespace RaftEsp.Apps
{
    /// <summary>
    /// The timers and progress blocks of a status report (docs/protocol.md, "StatusReport"), between the member ids
    /// and the database page: the tick length, the election timer against its randomized timeout, the heartbeat
    /// interval and how far into it the leader is, then, on the leader, one 3-byte record per member it replicates to.
    /// Timers are varints (small in practice, bounded by <see cref="StatusReport.MaxTimerTicks"/>); the records follow
    /// the report's member list, named by a 16-bit mask of list positions rather than by id, which saves a byte each.
    /// </summary>
    public static class StatusReportTimers
    {
        /// <summary>tickMillis (u16) and four varints of one byte each: the smallest timers block.</summary>
        public const int MinTimersBytes = 6;

        /// <summary>tickMillis (u16) and four varints of at most 3 bytes (every value ≤ 200,000 &lt; 2^21).</summary>
        public const int MaxTimersBytes = 2 + 4 * 3;

        /// <summary>The progress mask: bit i set when the i-th listed member has a record.</summary>
        public const int ProgressMaskBytes = 2;

        /// <summary>One record: state and frames in flight (u8), match lag (u8), next lag (u8).</summary>
        public const int ProgressRecordBytes = 3;

        /// <summary>Records a report carries at most: a leader replicates to at most 15 others.</summary>
        public const int MaxProgressRecords = Config.MaxClusterSize - 1;

        /// <summary>The largest progress block: the mask and a record for every member but the leader.</summary>
        public const int MaxProgressBytes = ProgressMaskBytes + MaxProgressRecords * ProgressRecordBytes;

        /// <summary>Largest tick length a board runs with (BoardConfig tick-millis).</summary>
        public const int MaxTickMillis = 1000;

        private const int StateMask = 3;
        private const int InflightShift = 2;

        /// <summary>Bytes the timers and progress blocks of <paramref name="r"/> take.</summary>
        public static int Size(StatusReport r) =>
            2 + Bytes.VarintSize((uint)r.ElectionElapsed) + Bytes.VarintSize((uint)r.ElectionTimeout) + Bytes.VarintSize((uint)r.HeartbeatInterval) +
            Bytes.VarintSize((uint)r.HeartbeatElapsed) + ProgressMaskBytes + r.ProgressCount * ProgressRecordBytes;

        /// <summary>True when every timer and progress field of <paramref name="r"/> can be carried.</summary>
        public static bool Valid(StatusReport r)
        {
            if (r.TickMillis < 1 || r.TickMillis > MaxTickMillis) return false;
            if (r.ElectionTimeout < 1 || r.ElectionTimeout > StatusReport.MaxTimerTicks || r.ElectionElapsed < 0 || r.ElectionElapsed > r.ElectionTimeout) return false;
            if (r.HeartbeatInterval < 1 || r.HeartbeatInterval > StatusReport.MaxTimerTicks || r.HeartbeatElapsed < 0 || r.HeartbeatElapsed > r.HeartbeatInterval) return false;
            if (r.ProgressCount < 0 || r.ProgressCount > r.MemberCount || r.ProgressCount > MaxProgressRecords) return false;
            int position = 0;
            for (int i = 0; i < r.ProgressCount; i++)
            {
                position = PositionAfter(r, position, r.ProgressNodes[i]);
                if (position < 0) return false;
                if ((int)r.ProgressStates[i] > (int)ProgressState.Snapshot) return false;
                if (r.ProgressInflight[i] < 0 || r.ProgressInflight[i] > Config.InflightFramesLimit) return false;
                if (r.ProgressMatchLag[i] < 0 || r.ProgressMatchLag[i] > StatusReport.MaxLag) return false;
                if (r.ProgressNextLag[i] < 0 || r.ProgressNextLag[i] > StatusReport.MaxLag) return false;
            }

            return true;
        }

        /// <summary>Writes both blocks at <paramref name="p"/> (the caller checked <see cref="Valid"/> and the room); returns the end.</summary>
        public static int Write(byte[] b, int p, StatusReport r)
        {
            Bytes.WriteU16(b, p, r.TickMillis);
            p = Bytes.WriteVarint(b, p + 2, (uint)r.ElectionElapsed);
            p = Bytes.WriteVarint(b, p, (uint)r.ElectionTimeout);
            p = Bytes.WriteVarint(b, p, (uint)r.HeartbeatInterval);
            p = Bytes.WriteVarint(b, p, (uint)r.HeartbeatElapsed);
            int mask = 0;
            int position = 0;
            for (int i = 0; i < r.ProgressCount; i++)
            {
                position = PositionAfter(r, position, r.ProgressNodes[i]);
                mask |= 1 << (position - 1);
            }

            Bytes.WriteU16(b, p, mask);
            p += ProgressMaskBytes;
            for (int i = 0; i < r.ProgressCount; i++, p += ProgressRecordBytes)
            {
                b[p] = (byte)((int)r.ProgressStates[i] | (r.ProgressInflight[i] << InflightShift));
                b[p + 1] = (byte)r.ProgressMatchLag[i];
                b[p + 2] = (byte)r.ProgressNextLag[i];
            }

            return p;
        }

        /// <summary>
        /// Reads both blocks from <paramref name="p"/>: the records into <paramref name="into"/>'s progress arrays
        /// (its member ids, <paramref name="voters"/> then <paramref name="learners"/>, are already read), the timers
        /// into <paramref name="timers"/> for the caller to keep once the whole body passed (scalars of a report that is
        /// refused later stay as they were). Returns the end, or -1 with <paramref name="error"/> set
        /// (<see cref="FrameError.BadLength"/> when the body ends inside them, <see cref="FrameError.BadField"/> for a
        /// value out of range or a varint not in its shortest form).
        /// </summary>
        public static int Read(byte[] b, int p, int end, int voters, int learners, StatusReport into, out Timers timers, out FrameError error)
        {
            timers = new Timers();
            error = FrameError.BadLength;
            if (end - p < MinTimersBytes + ProgressMaskBytes) return -1;
            int tick = Bytes.ReadU16(b, p);
            p += 2;
            p = ReadTimer(b, p, end, out int electionElapsed, ref error);
            if (p < 0) return -1;
            p = ReadTimer(b, p, end, out int electionTimeout, ref error);
            if (p < 0) return -1;
            p = ReadTimer(b, p, end, out int heartbeatInterval, ref error);
            if (p < 0) return -1;
            p = ReadTimer(b, p, end, out int heartbeatElapsed, ref error);
            if (p < 0) return -1;
            error = FrameError.BadField;
            if (tick < 1 || tick > MaxTickMillis || electionTimeout < 1 || electionElapsed > electionTimeout || heartbeatInterval < 1 || heartbeatElapsed > heartbeatInterval) return -1;
            error = FrameError.BadLength;
            if (end - p < ProgressMaskBytes) return -1;
            int mask = Bytes.ReadU16(b, p);
            p += ProgressMaskBytes;
            int members = voters + learners;
            error = FrameError.BadField;
            if (members < Config.MaxClusterSize && (mask >> members) != 0) return -1;
            int count = 0;
            for (int bit = 0; bit < members; bit++) if ((mask & (1 << bit)) != 0) count++;
            if (count > MaxProgressRecords) return -1;
            error = FrameError.BadLength;
            if (end - p < count * ProgressRecordBytes) return -1;
            error = FrameError.BadField;
            int record = 0;
            for (int bit = 0; bit < members; bit++)
            {
                if ((mask & (1 << bit)) == 0) continue;
                int stateAndInflight = b[p];
                int state = stateAndInflight & StateMask;
                int inflight = stateAndInflight >> InflightShift;
                if (state > (int)ProgressState.Snapshot || inflight > Config.InflightFramesLimit) return -1;
                into.ProgressNodes[record] = bit < voters ? into.Voters[bit] : into.Learners[bit - voters];
                into.ProgressStates[record] = (ProgressState)state;
                into.ProgressInflight[record] = inflight;
                into.ProgressMatchLag[record] = b[p + 1];
                into.ProgressNextLag[record] = b[p + 2];
                record++;
                p += ProgressRecordBytes;
            }

            timers.TickMillis = tick;
            timers.ElectionElapsed = electionElapsed;
            timers.ElectionTimeout = electionTimeout;
            timers.HeartbeatInterval = heartbeatInterval;
            timers.HeartbeatElapsed = heartbeatElapsed;
            timers.ProgressCount = count;
            error = FrameError.None;
            return p;
        }

        /// <summary>Keeps what <see cref="Read"/> decoded into <paramref name="into"/>'s scalar fields.</summary>
        public static void Keep(Timers timers, StatusReport into)
        {
            into.TickMillis = timers.TickMillis;
            into.ElectionElapsed = timers.ElectionElapsed;
            into.ElectionTimeout = timers.ElectionTimeout;
            into.HeartbeatInterval = timers.HeartbeatInterval;
            into.HeartbeatElapsed = timers.HeartbeatElapsed;
            into.ProgressCount = timers.ProgressCount;
        }

        /// <summary>The scalar fields of the two blocks, as read (a struct: no allocation per report).</summary>
        public struct Timers
        {
            /// <summary>Milliseconds per tick.</summary>
            public int TickMillis;

            /// <summary>Election timer, ticks.</summary>
            public int ElectionElapsed;

            /// <summary>Randomized election timeout, ticks.</summary>
            public int ElectionTimeout;

            /// <summary>Heartbeat interval, ticks.</summary>
            public int HeartbeatInterval;

            /// <summary>Ticks into the heartbeat interval.</summary>
            public int HeartbeatElapsed;

            /// <summary>Progress records read.</summary>
            public int ProgressCount;
        }

        /// <summary>
        /// The 1-based position of <paramref name="node"/> in the report's member list, after position
        /// <paramref name="after"/>; -1 when it is not listed there (records must follow the list, each member once).
        /// </summary>
        private static int PositionAfter(StatusReport r, int after, int node)
        {
            for (int i = after; i < r.MemberCount; i++)
            {
                int id = i < r.VoterCount ? r.Voters[i] : r.Learners[i - r.VoterCount];
                if (id == node) return i + 1;
            }

            return -1;
        }

        private static int ReadTimer(byte[] b, int p, int end, out int value, ref FrameError error)
        {
            value = 0;
            int next = Bytes.ReadVarint(b, p, end, out uint raw);
            if (next < 0)
            {
                // Running off the end is a length problem; a padded or oversized varint is a field problem.
                error = EndsInside(b, p, end) ? FrameError.BadLength : FrameError.BadField;
                return -1;
            }

            if (raw > StatusReport.MaxTimerTicks)
            {
                error = FrameError.BadField;
                return -1;
            }

            value = (int)raw;
            return next;
        }

        /// <summary>True when the varint at <paramref name="p"/> has no last byte before <paramref name="end"/>.</summary>
        private static bool EndsInside(byte[] b, int p, int end)
        {
            for (int i = p; i < end && i < p + 5; i++) if ((b[i] & 0x80) == 0) return false;
            return end - p < 5;
        }
    }
}
