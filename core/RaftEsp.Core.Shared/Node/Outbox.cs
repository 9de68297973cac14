namespace RaftEsp.Core
{
    /// <summary>
    /// Encoded frames waiting for the host to send them, in a fixed pool of 250-byte buffers. When the pool is full
    /// a further frame is dropped and counted: Raft tolerates lost frames, and the pool bounds the node's memory. A
    /// message the codec cannot represent is a core bug, counted apart (the simulator fails a run that has one).
    /// </summary>
    public sealed class Outbox
    {
        private readonly byte[][] buffers;
        private readonly int[] lengths;
        private readonly int[] destinations;
        private readonly bool[] afterPersist;
        private readonly MessageType[] types;
        private int count;

        /// <summary>Creates a pool of <paramref name="capacity"/> frames.</summary>
        public Outbox(int capacity)
        {
            buffers = new byte[capacity][];
            for (int i = 0; i < capacity; i++) buffers[i] = new byte[FrameLimits.MaxFrameBytes];
            lengths = new int[capacity];
            destinations = new int[capacity];
            afterPersist = new bool[capacity];
            types = new MessageType[capacity];
        }

        /// <summary>Frames waiting.</summary>
        public int Count => count;

        /// <summary>Frames dropped because the pool was full, since the node started.</summary>
        public int Overflows { get; private set; }

        /// <summary>Messages dropped because a field could not be encoded (a core bug), since the node started.</summary>
        public int EncodeFailures { get; private set; }

        /// <summary>
        /// Messages dropped because the codec had no epoch to seal them in (before the host's boot epoch is durable, or
        /// between a counter running out and the host persisting the next epoch), since the node started.
        /// </summary>
        public int Unsealed { get; private set; }

        /// <summary>The bytes of frame <paramref name="i"/> (the first <see cref="Length"/> are the frame).</summary>
        public byte[] Buffer(int i) => buffers[i];

        /// <summary>Length of frame <paramref name="i"/>.</summary>
        public int Length(int i) => lengths[i];

        /// <summary>Destination node id of frame <paramref name="i"/>, or <see cref="NodeId.Broadcast"/>.</summary>
        public int Destination(int i) => destinations[i];

        /// <summary>Message type of frame <paramref name="i"/>.</summary>
        public MessageType Type(int i) => types[i];

        /// <summary>
        /// True when frame <paramref name="i"/> may only leave after the Ready's hard state and entries are durable:
        /// votes and vote requests (term and vote), append and snapshot acknowledgements (entries, snapshot).
        /// </summary>
        public bool AfterPersist(int i) => afterPersist[i];

        /// <summary>Encodes <paramref name="message"/> into the next free buffer. False when it was dropped.</summary>
        public bool Add(FrameCodec codec, Message message)
        {
            if (count == buffers.Length)
            {
                Overflows++;
                return false;
            }

            if (!codec.Sequencer.CanStamp)
            {
                Unsealed++;
                return false;
            }

            int length = codec.Encode(message, buffers[count]);
            if (length <= 0)
            {
                EncodeFailures++;
                return false;
            }

            lengths[count] = length;
            destinations[count] = message.To;
            types[count] = message.Type;
            afterPersist[count] = MustFollowPersist(message.Type);
            count++;
            return true;
        }

        /// <summary>True when a frame waits that may only leave after the Ready's write (<see cref="AfterPersist"/>).</summary>
        public bool AnyAfterPersist()
        {
            for (int i = 0; i < count; i++)
            {
                if (afterPersist[i]) return true;
            }

            return false;
        }

        /// <summary>Forgets every frame (the host has sent them).</summary>
        public void Clear() => count = 0;

        /// <summary>The messages Raft allows out only once the state they vouch for is durable.</summary>
        public static bool MustFollowPersist(MessageType type) =>
            type == MessageType.VoteRequest || type == MessageType.VoteResponse ||
            type == MessageType.AppendResponse || type == MessageType.SnapshotResponse;
    }
}
