namespace RaftEsp.Core
{
    /// <summary>
    /// Answers to this node's read-index requests, handed to the host in a Ready. A read with status
    /// <see cref="RefusalReason.None"/> may be served from the local database once it has applied <see cref="Index"/>.
    /// </summary>
    public sealed class ReadResults
    {
        private readonly int[] requestIds;
        private readonly int[] indexes;
        private readonly RefusalReason[] statuses;
        private int count;

        /// <summary>Creates room for <paramref name="capacity"/> answers per Ready.</summary>
        public ReadResults(int capacity)
        {
            requestIds = new int[capacity];
            indexes = new int[capacity];
            statuses = new RefusalReason[capacity];
        }

        /// <summary>Answers in this Ready.</summary>
        public int Count => count;

        /// <summary>The host's request id of answer <paramref name="i"/>.</summary>
        public int RequestId(int i) => requestIds[i];

        /// <summary>Read index of answer <paramref name="i"/>: serve the read once applied reaches it.</summary>
        public int Index(int i) => indexes[i];

        /// <summary>Status of answer <paramref name="i"/>: confirmed (None) or why the leader refused.</summary>
        public RefusalReason Status(int i) => statuses[i];

        /// <summary>Adds an answer; dropped when full (the host's timeout then retries the read).</summary>
        public void Add(int requestId, int index, RefusalReason status)
        {
            if (count == requestIds.Length) return;
            requestIds[count] = requestId;
            indexes[count] = index;
            statuses[count] = status;
            count++;
        }

        /// <summary>Forgets every answer.</summary>
        public void Clear() => count = 0;
    }
}
