namespace RaftEsp.Core
{
    /// <summary>
    /// Everything the host must do after feeding the node input, in this order:
    /// <list type="number">
    /// <item>send the frames whose <see cref="Outbox.AfterPersist"/> is false (they may leave at once);</item>
    /// <item>make durable: the hard state if <see cref="HardStateChanged"/>, the snapshot if <see cref="HasSnapshot"/>,
    /// then the entries <see cref="PersistFrom"/>..<see cref="PersistTo"/> (dropping any stored entry at or after
    /// <see cref="PersistFrom"/> first);</item>
    /// <item>send the remaining frames;</item>
    /// <item>install the snapshot in the state machine if <see cref="HasSnapshot"/>, then apply the committed entries
    /// <see cref="ApplyFrom"/>..<see cref="ApplyTo"/>;</item>
    /// <item>answer the reads and rejected proposals;</item>
    /// <item>call <see cref="RaftNode.Advance"/>.</item>
    /// </list>
    /// The instance is reused: read it before calling Advance.
    /// </summary>
    public sealed class Ready
    {
        internal Ready(Outbox frames, ReadResults reads, ProposalRejections rejections)
        {
            Frames = frames;
            Reads = reads;
            Rejections = rejections;
        }

        /// <summary>Role after this batch (for the LED and the status report).</summary>
        public Role Role;

        /// <summary>Current term.</summary>
        public int Term;

        /// <summary>The leader this node knows, or <see cref="NodeId.None"/>.</summary>
        public int Leader;

        /// <summary>Term or vote changed, or the commit index changed in a Ready that writes anyway: persist <see cref="HardTerm"/>, <see cref="HardVote"/>, <see cref="HardCommit"/>.</summary>
        public bool HardStateChanged;

        /// <summary>Term to persist.</summary>
        public int HardTerm;

        /// <summary>Vote to persist (<see cref="NodeId.None"/> for none).</summary>
        public int HardVote;

        /// <summary>Commit index to persist (an optimisation for restarts; Raft does not require it).</summary>
        public int HardCommit;

        /// <summary>First log index to persist; stored entries from here on are replaced.</summary>
        public int PersistFrom;

        /// <summary>
        /// Last log index to persist; below <see cref="PersistFrom"/> when there is nothing. A loaded leader may stop
        /// short of its last entry and write the rest in a later Ready (<see cref="RaftNode.OwnCopyDeferred"/>).
        /// </summary>
        public int PersistTo;

        /// <summary>A snapshot arrived from the leader: persist it and restore the state machine from it.</summary>
        public bool HasSnapshot;

        /// <summary>Last log index the snapshot covers.</summary>
        public int SnapshotIndex;

        /// <summary>Term of that entry.</summary>
        public int SnapshotTerm;

        /// <summary>The snapshot bytes (the first <see cref="SnapshotLength"/>).</summary>
        public byte[] SnapshotData = new byte[0];

        /// <summary>Length of the snapshot.</summary>
        public int SnapshotLength;

        /// <summary>First committed index to apply.</summary>
        public int ApplyFrom;

        /// <summary>Last committed index to apply; below <see cref="ApplyFrom"/> when there is nothing.</summary>
        public int ApplyTo;

        /// <summary>Frames to send.</summary>
        public readonly Outbox Frames;

        /// <summary>Answers to this node's read-index requests.</summary>
        public readonly ReadResults Reads;

        /// <summary>Forwarded commands the leader refused.</summary>
        public readonly ProposalRejections Rejections;

        /// <summary>Number of entries to persist.</summary>
        public int PersistCount => PersistTo >= PersistFrom ? PersistTo - PersistFrom + 1 : 0;

        /// <summary>Number of entries to apply.</summary>
        public int ApplyCount => ApplyTo >= ApplyFrom ? ApplyTo - ApplyFrom + 1 : 0;
    }
}
