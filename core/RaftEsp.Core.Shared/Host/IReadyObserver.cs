namespace RaftEsp.Core
{
    /// <summary>
    /// What a host learns from a Ready besides frames and storage: the server node's front end answers clients here,
    /// the simulator's checkers watch every applied entry. <see cref="ReadyHandler"/> calls it in the Ready's order.
    /// </summary>
    public interface IReadyObserver
    {
        /// <summary>The database was restored from the leader's snapshot at <paramref name="index"/>.</summary>
        void SnapshotInstalled(int index);

        /// <summary>One committed entry was applied; <paramref name="result"/> is reused for the next one.</summary>
        void Applied(ApplyResult result);

        /// <summary>The leader (or this node) refused a forwarded command.</summary>
        void Rejected(int client, int seq, RefusalReason reason, int leaderHint);

        /// <summary>A read-index request of this node was answered.</summary>
        void ReadIndexed(int requestId, int index, RefusalReason status);

        /// <summary>The Ready is done and acknowledged with <see cref="RaftNode.Advance"/>; compaction, if due, follows.</summary>
        void Advanced();
    }
}
