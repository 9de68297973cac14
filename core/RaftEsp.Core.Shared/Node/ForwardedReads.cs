namespace RaftEsp.Core
{
    /// <summary>
    /// A follower's reads waiting for the leader's read index (§6.4), batched: one ReadIndexRequest, numbered as a
    /// batch, covers every read waiting when it is sent, and the leader's one answer serves them all. Reads that arrive
    /// while a batch is out wait for the next, so a follower has at most one request out.
    /// </summary>
    public sealed class ForwardedReads
    {
        private const int CounterMask = 0xFFFF;
        private readonly int[] requestIds;
        private readonly bool[] sent;
        private int count;
        private int counter;
        private int batch;
        private int target = NodeId.None;
        private int age;

        /// <summary>Creates room for <paramref name="capacity"/> waiting reads.</summary>
        public ForwardedReads(int capacity)
        {
            requestIds = new int[capacity];
            sent = new bool[capacity];
        }

        /// <summary>Reads waiting, sent or not.</summary>
        public int Count => count;

        /// <summary>True when no further read can wait.</summary>
        public bool Full => count == requestIds.Length;

        /// <summary>True while a batch waits for its answer.</summary>
        public bool Outstanding => batch != 0;

        /// <summary>The number of the batch out (the request id on the air), or 0.</summary>
        public int Batch => batch;

        /// <summary>The leader the batch out was sent to.</summary>
        public int Target => target;

        /// <summary>Ticks since the batch out was sent.</summary>
        public int Age => age;

        /// <summary>The host's request id of waiting read <paramref name="i"/>.</summary>
        public int RequestId(int i) => requestIds[i];

        /// <summary>True when read <paramref name="i"/> belongs to the batch out.</summary>
        public bool Sent(int i) => sent[i];

        /// <summary>True when some read waits for a batch to be sent.</summary>
        public bool HasUnsent
        {
            get
            {
                for (int i = 0; i < count; i++)
                {
                    if (!sent[i]) return true;
                }

                return false;
            }
        }

        /// <summary>Queues a read for the next batch. False when full.</summary>
        public bool Add(int requestId)
        {
            if (count == requestIds.Length) return false;
            requestIds[count] = requestId;
            sent[count] = false;
            count++;
            return true;
        }

        /// <summary>
        /// Puts every unsent read in a new batch sent to <paramref name="leader"/> and returns its number:
        /// <paramref name="epoch"/> (the boot epoch of this node's frames) in the high bits and a counter in the low
        /// ones, so an answer to a batch of an earlier boot, still on the air, never matches one of this boot.
        /// </summary>
        public int Send(int leader, int epoch)
        {
            counter = counter == CounterMask ? 1 : counter + 1;
            batch = ((epoch & 0x7FFF) << 16) | counter;
            target = leader;
            age = 0;
            for (int i = 0; i < count; i++) sent[i] = true;
            return batch;
        }

        /// <summary>One tick passed for the batch out.</summary>
        public void Tick()
        {
            if (batch != 0) age++;
        }

        /// <summary>The batch out is given up (lost, or its leader replaced): its reads go in the next batch.</summary>
        public void Unsend()
        {
            batch = 0;
            for (int i = 0; i < count; i++) sent[i] = false;
        }

        /// <summary>The batch out was answered: forgets its reads, keeping the unsent ones in arrival order.</summary>
        public void Resolve()
        {
            int kept = 0;
            for (int i = 0; i < count; i++)
            {
                if (sent[i]) continue;
                requestIds[kept] = requestIds[i];
                sent[kept] = false;
                kept++;
            }

            count = kept;
            batch = 0;
        }

        /// <summary>Forgets every read and the batch out.</summary>
        public void Clear()
        {
            count = 0;
            batch = 0;
        }
    }
}
