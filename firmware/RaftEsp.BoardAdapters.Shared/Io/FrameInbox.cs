using System.Net;
using System.Threading;
using RaftEsp.Apps;

namespace RaftEsp.BoardAdapters
{
    /// <summary>
    /// A <see cref="FrameQueue"/> shared between a receive thread (or a radio callback) and the app loop: every call
    /// takes the lock, and each accepted frame sets <see cref="Arrived"/> so the loop wakes at once instead of
    /// waiting for its next tick. Storage is allocated once; a full inbox drops the new frame and counts it.
    /// </summary>
    public sealed class FrameInbox : IDatagramSink
    {
        private readonly FrameQueue queue;
        private readonly object sync = new object();
        private readonly AutoResetEvent arrived;

        /// <summary>An inbox of <paramref name="capacity"/> frames of up to <paramref name="maxFrameBytes"/> bytes that sets <paramref name="arrived"/> on each frame.</summary>
        public FrameInbox(int capacity, int maxFrameBytes, AutoResetEvent arrived)
        {
            queue = new FrameQueue(capacity, maxFrameBytes);
            this.arrived = arrived;
        }

        /// <summary>Set whenever a frame is accepted; shared by every inbox the app loop waits on.</summary>
        public AutoResetEvent Arrived => arrived;

        /// <summary>Largest frame the inbox holds.</summary>
        public int MaxFrameBytes => queue.MaxFrameBytes;

        /// <summary>Frames waiting.</summary>
        public int Count
        {
            get
            {
                lock (sync) return queue.Count;
            }
        }

        /// <summary>Frames dropped because the inbox was full.</summary>
        public int Overflows
        {
            get
            {
                lock (sync) return queue.Overflows;
            }
        }

        /// <summary>Frames dropped because they were empty or too long.</summary>
        public int Oversized
        {
            get
            {
                lock (sync) return queue.Oversized;
            }
        }

        /// <summary>When the frame last returned by <see cref="Take"/> arrived, on <see cref="BoardClock.CurrentMicros"/>.</summary>
        public long LastTakenMicros { get; private set; }

        /// <summary>Copies a received frame in (from any thread), stamped with its arrival time; false when it was dropped.</summary>
        public bool Put(byte[] data, int offset, int length)
        {
            long now = BoardClock.CurrentMicros;
            bool accepted;
            lock (sync) accepted = queue.Write(data, offset, length, now);
            if (accepted) arrived.Set();
            return accepted;
        }

        /// <summary>A UDP radio's datagram: the sender does not matter (the frame names it, under the tag).</summary>
        public bool Deliver(byte[] data, int length, EndPoint from) => Put(data, 0, length);

        /// <summary>Copies the oldest frame into <paramref name="buffer"/>; its length, or 0 when none is waiting.</summary>
        public int Take(byte[] buffer)
        {
            lock (sync)
            {
                int n = queue.Read(buffer);
                LastTakenMicros = queue.LastReadStamp;
                return n;
            }
        }
    }
}
