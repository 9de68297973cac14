namespace RaftEsp.Core
{
    /// <summary>How the leader is replicating to one follower (the etcd-raft progress states).</summary>
    public enum ProgressState : byte
    {
        /// <summary>Where the follower's log matches is unknown: one frame at a time until an answer.</summary>
        Probe = 0,

        /// <summary>The follower is in step: frames stream optimistically, bounded by the inflight window.</summary>
        Replicate = 1,

        /// <summary>The follower needs entries that were compacted: a snapshot is being sent chunk by chunk.</summary>
        Snapshot = 2,
    }
}
