namespace RaftEsp.Apps
{
    /// <summary>
    /// A bounded ring of frames with storage allocated once: what a radio adapter fills from its receive callback and
    /// the app loop drains. Not thread-safe by itself: an adapter whose callback runs on another thread locks the
    /// queue around <see cref="Write"/> and <see cref="Read"/>. A full queue drops the new frame and counts it.
    /// </summary>
    public sealed class FrameQueue
    {
        private readonly byte[][] slots;
        private readonly int[] lengths;
        private readonly long[] stamps;
        private int head;
        private int count;

        /// <summary>Creates a queue of <paramref name="capacity"/> frames of up to <paramref name="maxFrameBytes"/> bytes each.</summary>
        public FrameQueue(int capacity, int maxFrameBytes)
        {
            if (capacity < 1) capacity = 1;
            slots = new byte[capacity][];
            for (int i = 0; i < capacity; i++) slots[i] = new byte[maxFrameBytes];
            lengths = new int[capacity];
            stamps = new long[capacity];
            MaxFrameBytes = maxFrameBytes;
        }

        /// <summary>Largest frame the queue holds.</summary>
        public int MaxFrameBytes { get; }

        /// <summary>Frames waiting.</summary>
        public int Count => count;

        /// <summary>Frames refused because the queue was full.</summary>
        public int Overflows { get; private set; }

        /// <summary>Frames refused because they were empty or longer than <see cref="MaxFrameBytes"/>.</summary>
        public int Oversized { get; private set; }

        /// <summary>When the frame last returned by <see cref="Read"/> arrived (the stamp it was written with; 0 if none).</summary>
        public long LastReadStamp { get; private set; }

        /// <summary>Copies a frame in. Returns false (and counts why) when it is refused.</summary>
        public bool Write(byte[] data, int offset, int length) => Write(data, offset, length, 0);

        /// <summary>Copies a frame in with its receive time <paramref name="stamp"/>. Returns false (and counts why) when it is refused.</summary>
        public bool Write(byte[] data, int offset, int length, long stamp)
        {
            if (data == null || length <= 0 || length > MaxFrameBytes || offset < 0 || offset + length > data.Length)
            {
                Oversized++;
                return false;
            }

            if (count == slots.Length)
            {
                Overflows++;
                return false;
            }

            int tail = (head + count) % slots.Length;
            System.Array.Copy(data, offset, slots[tail], 0, length);
            lengths[tail] = length;
            stamps[tail] = stamp;
            count++;
            return true;
        }

        /// <summary>Copies the oldest frame into <paramref name="buffer"/>; returns its length, or 0 when empty or the buffer is too small.</summary>
        public int Read(byte[] buffer)
        {
            if (count == 0) return 0;
            int length = lengths[head];
            int slot = head;
            head = (head + 1) % slots.Length;
            count--;
            LastReadStamp = stamps[slot];
            if (buffer == null || buffer.Length < length) return 0;
            System.Array.Copy(slots[slot], 0, buffer, 0, length);
            return length;
        }
    }
}
