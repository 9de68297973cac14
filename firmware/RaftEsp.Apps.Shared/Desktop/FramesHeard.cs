using RaftEsp.Core;

namespace RaftEsp.Apps
{
    /// <summary>
    /// The collector's digest of the radio frames it overheard (desktop datagram type 8, docs/protocol.md section 2):
    /// a bounded buffer of records, each the time the frame was heard (ms after <see cref="BaseMillis"/>), its length
    /// and its first <see cref="PrefixBytes"/> bytes, which the monitor reads with FrameSummary (the same reader as
    /// the ether's mirror and the simulator's, so every source shows the same fields; the board only copies bytes).
    /// Frames heard while the buffer is full are counted in <see cref="Unreported"/>, so the monitor can say it
    /// samples. Nothing here is checked for authenticity: it is for display, as the collector's frame counters are.
    /// Fixed memory, no allocation after construction (board code, nanoFramework subset).
    /// </summary>
    public sealed class FramesHeard
    {
        /// <summary>Bytes of each frame kept: its header and an AppendEntries' fixed body.</summary>
        public const int PrefixBytes = FrameLimits.HeaderBytes + FrameLimits.AppendFixedBytes;

        /// <summary>A record before its prefix: offset u16, length u8, prefix length u8.</summary>
        public const int RecordFixedBytes = 4;

        /// <summary>The body before the records: base u32, unreported u32, count u8.</summary>
        public const int FixedBody = 9;

        /// <summary>
        /// Records per datagram: as many full-prefix records as fit 1,400 bytes with the header, the session stamp, the
        /// fixed body and the tag: (1400 − 4 − 12 − 9 − 8) / 41 = 33.
        /// </summary>
        public const int MaxFrames = (DesktopProtocol.MaxDatagramBytes - DesktopProtocol.HeaderBytes - DesktopProtocol.StampBytes - FixedBody - DesktopProtocol.TagBytes)
            / (RecordFixedBytes + PrefixBytes);

        /// <summary>The most bytes the records take.</summary>
        public const int MaxRecordBytes = MaxFrames * (RecordFixedBytes + PrefixBytes);

        /// <summary>A record's time is at most this many ms after the base (u16).</summary>
        public const int MaxOffsetMillis = 0xFFFF;

        private readonly byte[] records = new byte[MaxRecordBytes];
        private int used;

        /// <summary>Records held.</summary>
        public int Count { get; private set; }

        /// <summary>The collector's clock (ms since it started, saturating at 2^31−1) when the first record was heard.</summary>
        public int BaseMillis { get; private set; }

        /// <summary>Frames heard and not in the buffer since it was last cleared (it was full, or their time too far from the base).</summary>
        public int Unreported { get; private set; }

        /// <summary>Bytes of records held.</summary>
        public int RecordBytes => used;

        /// <summary>The records, <see cref="RecordBytes"/> of them used.</summary>
        public byte[] Records => records;

        /// <summary>True when no more record fits.</summary>
        public bool Full => Count >= MaxFrames;

        /// <summary>
        /// Keeps frame <paramref name="frame"/> (<paramref name="length"/> bytes, 1–250) heard at
        /// <paramref name="millis"/> (ms since the collector started); false, counted as unreported, when it does not fit.
        /// </summary>
        public bool Add(long millis, byte[] frame, int length)
        {
            if (frame == null || length < 1 || length > FrameLimits.MaxFrameBytes || length > frame.Length) return false;
            if (millis < 0) millis = 0;
            if (millis > int.MaxValue) millis = int.MaxValue;
            if (Count == 0) BaseMillis = (int)millis;
            long offset = millis - BaseMillis;
            if (Count >= MaxFrames || offset < 0 || offset > MaxOffsetMillis)
            {
                if (Unreported < int.MaxValue) Unreported++;
                return false;
            }

            int prefix = length < PrefixBytes ? length : PrefixBytes;
            Bytes.WriteU16(records, used, (int)offset);
            records[used + 2] = (byte)length;
            records[used + 3] = (byte)prefix;
            System.Array.Copy(frame, 0, records, used + RecordFixedBytes, prefix);
            used += RecordFixedBytes + prefix;
            Count++;
            return true;
        }

        /// <summary>Empties the buffer and the unreported count (after a send).</summary>
        public void Clear()
        {
            Count = 0;
            used = 0;
            Unreported = 0;
            BaseMillis = 0;
        }

        /// <summary>Fills the buffer from a decoded body: for the decoder only.</summary>
        internal void Load(int baseMillis, int unreported, int count, byte[] source, int offset, int bytes)
        {
            BaseMillis = baseMillis;
            Unreported = unreported;
            Count = count;
            used = bytes;
            System.Array.Copy(source, offset, records, 0, bytes);
        }

        /// <summary>The time of record <paramref name="i"/>'s frame: ms after <see cref="BaseMillis"/>. Records are read in order with <see cref="Next"/>.</summary>
        public int OffsetAt(int position) => Bytes.ReadU16(records, position);

        /// <summary>The length of the frame of the record at <paramref name="position"/>.</summary>
        public int LengthAt(int position) => records[position + 2];

        /// <summary>The prefix length of the record at <paramref name="position"/>; its bytes start at position + <see cref="RecordFixedBytes"/>.</summary>
        public int PrefixAt(int position) => records[position + 3];

        /// <summary>Where the record after the one at <paramref name="position"/> starts.</summary>
        public int Next(int position) => position + RecordFixedBytes + PrefixAt(position);
    }
}
