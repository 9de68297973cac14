using System.Net;
using System.Threading;

namespace RaftEsp.BoardAdapters
{
    /// <summary>
    /// The desktop link's bounded inbox: each datagram with the address it came from, so the collector answers and
    /// attaches exactly the sender of the datagram it read (not whoever spoke last). A datagram longer than
    /// <see cref="MaxFrameBytes"/> keeps its place as a too-long marker without its bytes, so the app counts it.
    /// Storage is allocated once; a full inbox drops the new datagram and counts it.
    /// </summary>
    public sealed class DatagramInbox : IDatagramSink
    {
        private readonly object sync = new object();
        private readonly byte[][] slots;
        private readonly int[] lengths;
        private readonly EndPoint[] senders;
        private readonly AutoResetEvent arrived;
        private int head;
        private int count;
        private int overflows;

        /// <summary>An inbox of <paramref name="capacity"/> datagrams of up to <paramref name="maxBytes"/> bytes that sets <paramref name="arrived"/> on each.</summary>
        public DatagramInbox(int capacity, int maxBytes, AutoResetEvent arrived)
        {
            if (capacity < 1) capacity = 1;
            slots = new byte[capacity][];
            for (int i = 0; i < capacity; i++) slots[i] = new byte[maxBytes];
            lengths = new int[capacity];
            senders = new EndPoint[capacity];
            MaxFrameBytes = maxBytes;
            this.arrived = arrived;
        }

        /// <inheritdoc />
        public int MaxFrameBytes { get; }

        /// <summary>Datagrams waiting.</summary>
        public int Count
        {
            get
            {
                lock (sync) return count;
            }
        }

        /// <summary>Datagrams dropped because the inbox was full.</summary>
        public int Overflows
        {
            get
            {
                lock (sync) return overflows;
            }
        }

        /// <inheritdoc />
        public bool Deliver(byte[] data, int length, EndPoint from)
        {
            if (data == null || length <= 0 || from == null) return false;
            lock (sync)
            {
                if (count == slots.Length)
                {
                    overflows++;
                    return false;
                }

                int tail = (head + count) % slots.Length;
                if (length > MaxFrameBytes || length > data.Length)
                {
                    lengths[tail] = RaftEsp.Apps.DesktopProtocol.TooLongForLink;
                }
                else
                {
                    System.Array.Copy(data, 0, slots[tail], 0, length);
                    lengths[tail] = length;
                }

                senders[tail] = from;
                count++;
            }

            arrived.Set();
            return true;
        }

        /// <summary>
        /// Copies the oldest datagram into <paramref name="buffer"/> and names its sender: its length, 0 when none
        /// is waiting, or -1 when it was too long for the inbox or the buffer (its bytes are not delivered).
        /// </summary>
        public int Take(byte[] buffer, out EndPoint from)
        {
            lock (sync)
            {
                from = null;
                if (count == 0) return 0;
                int slot = head;
                head = (head + 1) % slots.Length;
                count--;
                from = senders[slot];
                int length = lengths[slot];
                if (length == RaftEsp.Apps.DesktopProtocol.TooLongForLink || buffer == null || buffer.Length < length) return RaftEsp.Apps.DesktopProtocol.TooLongForLink;
                System.Array.Copy(slots[slot], 0, buffer, 0, length);
                return length;
            }
        }
    }
}
