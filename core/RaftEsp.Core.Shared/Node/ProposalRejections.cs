namespace RaftEsp.Core
{
    /// <summary>
    /// Commands this node forwarded that the leader refused, handed to the host in a Ready so it can answer its
    /// client at once instead of waiting for a timeout. The client retries with the same session.
    /// </summary>
    public sealed class ProposalRejections
    {
        private readonly int[] clients;
        private readonly int[] seqs;
        private readonly RefusalReason[] reasons;
        private readonly int[] leaderHints;
        private int count;

        /// <summary>Creates room for <paramref name="capacity"/> rejections per Ready.</summary>
        public ProposalRejections(int capacity)
        {
            clients = new int[capacity];
            seqs = new int[capacity];
            reasons = new RefusalReason[capacity];
            leaderHints = new int[capacity];
        }

        /// <summary>Rejections in this Ready.</summary>
        public int Count => count;

        /// <summary>Client id of rejection <paramref name="i"/>.</summary>
        public int Client(int i) => clients[i];

        /// <summary>Sequence number of rejection <paramref name="i"/>.</summary>
        public int Seq(int i) => seqs[i];

        /// <summary>Why the leader refused (<see cref="RefusalReason.Unknown"/>: a reason a newer board sent).</summary>
        public RefusalReason Reason(int i) => reasons[i];

        /// <summary>The leader the refusing node knew of, or <see cref="NodeId.None"/>.</summary>
        public int LeaderHint(int i) => leaderHints[i];

        /// <summary>Adds a rejection; dropped when full (the client's timeout then retries).</summary>
        public void Add(int client, int seq, RefusalReason reason, int leaderHint)
        {
            if (count == clients.Length) return;
            clients[count] = client;
            seqs[count] = seq;
            reasons[count] = reason;
            leaderHints[count] = leaderHint;
            count++;
        }

        /// <summary>Forgets every rejection.</summary>
        public void Clear() => count = 0;
    }
}
