namespace RaftEsp.Core
{
    /// <summary>
    /// Read-index requests a leader holds until a heartbeat round proves it still leads (§6.4): each waits for a
    /// majority to acknowledge a round that began after the request arrived.
    /// </summary>
    public sealed class ReadRequests
    {
        private readonly int[] requestIds;
        private readonly int[] origins;
        private readonly int[] indexes;
        private readonly int[] rounds;
        private int count;

        /// <summary>Creates room for <paramref name="capacity"/> waiting reads.</summary>
        public ReadRequests(int capacity)
        {
            requestIds = new int[capacity];
            origins = new int[capacity];
            indexes = new int[capacity];
            rounds = new int[capacity];
        }

        /// <summary>Reads waiting.</summary>
        public int Count => count;

        /// <summary>True when no further read can wait.</summary>
        public bool Full => count == requestIds.Length;

        /// <summary>Request id of waiting read <paramref name="i"/>.</summary>
        public int RequestId(int i) => requestIds[i];

        /// <summary>Node that asked read <paramref name="i"/> (the leader itself for local reads).</summary>
        public int Origin(int i) => origins[i];

        /// <summary>Commit index read <paramref name="i"/> must wait for.</summary>
        public int Index(int i) => indexes[i];

        /// <summary>Round a majority must acknowledge before read <paramref name="i"/> is safe.</summary>
        public int Round(int i) => rounds[i];

        /// <summary>Queues a read. False when full.</summary>
        public bool Add(int requestId, int origin, int index, int round)
        {
            if (count == requestIds.Length) return false;
            requestIds[count] = requestId;
            origins[count] = origin;
            indexes[count] = index;
            rounds[count] = round;
            count++;
            return true;
        }

        /// <summary>Removes read <paramref name="i"/>, keeping the others in arrival order.</summary>
        public void RemoveAt(int i)
        {
            for (int j = i + 1; j < count; j++)
            {
                requestIds[j - 1] = requestIds[j];
                origins[j - 1] = origins[j];
                indexes[j - 1] = indexes[j];
                rounds[j - 1] = rounds[j];
            }

            count--;
        }

        /// <summary>Forgets every read.</summary>
        public void Clear() => count = 0;
    }
}
