namespace RaftEsp.Core
{
    /// <summary>
    /// Typed results of the core's and the database's methods. The core never throws on input: it answers one of
    /// these and changes nothing when the answer is not <see cref="None"/>. Raft frames do not carry these: a leader's
    /// refusal travels as a <see cref="RefusalReason"/>, whose unknown values a receiver accepts.
    /// </summary>
    public enum ErrorCode : byte
    {
        /// <summary>Success.</summary>
        None = 0,

        /// <summary>This node is not the leader and knows no leader to forward to.</summary>
        NoLeader = 1,

        /// <summary>This node is not the leader (a deposed leader refusing a read, or a forward target that lost leadership).</summary>
        NotLeader = 2,

        /// <summary>The leader holds its limit of uncommitted entries; retry later.</summary>
        ProposalQueueFull = 3,

        /// <summary>The in-memory log is full until the next compaction; retry later.</summary>
        LogFull = 4,

        /// <summary>The slot index is outside the database.</summary>
        SlotOutOfRange = 5,

        /// <summary>The client id is outside the session table.</summary>
        ClientOutOfRange = 6,

        /// <summary>The command kind is unknown or not accepted from clients.</summary>
        InvalidCommand = 7,

        /// <summary>The feature exists in the wire format but not yet in this version (membership changes).</summary>
        NotSupported = 8,

        /// <summary>Too many reads are waiting for confirmation; retry later.</summary>
        ReadQueueFull = 9,

        /// <summary>The leader has not committed an entry of its term yet, so it cannot serve reads (§6.4).</summary>
        LeaderNotReady = 10,

        /// <summary>A retried command whose sequence number is older than the session's last one: its answer is gone.</summary>
        StaleSequence = 11,

        /// <summary>A snapshot is malformed or does not fit this node's database.</summary>
        BadSnapshot = 12,

        /// <summary>The node has been started or restored already, or is not in a state to accept this call.</summary>
        InvalidState = 13,

        /// <summary>A restored log or hard state contradicts itself.</summary>
        BadPersistentState = 14,

        /// <summary>The client has no session (never registered, or evicted as the least recently used): register again.</summary>
        SessionExpired = 15,

        /// <summary>The leader already holds this (client, sequence) in its log or applied it: not appended again.</summary>
        DuplicateProposal = 16,

        /// <summary>The leader is handing its leadership over (§3.10) and takes no proposals for at most an election
        /// timeout; retry (the new leader takes them).</summary>
        TransferInProgress = 17,

        /// <summary>The node named for a leadership transfer is not a voter of the configuration.</summary>
        TransferTargetNotVoter = 18,

        /// <summary>A leadership transfer to the leader itself: it leads already.</summary>
        TransferTargetIsSelf = 19,

        /// <summary>Another membership change is in the log and not yet committed: one change at a time (docs/design.md).</summary>
        MembershipChangePending = 20,

        /// <summary>The board is a member already (add), or a voter already (promote).</summary>
        AlreadyMember = 21,

        /// <summary>The board is not a member (remove), or not a learner (promote).</summary>
        NotMember = 22,

        /// <summary>Removing the only voter would leave a cluster that can never commit again.</summary>
        LastVoter = 23,

        /// <summary>The cluster holds <see cref="Config.MaxMembers"/> voters and learners already.</summary>
        ClusterFull = 24,
    }

    /// <summary>Readable names of <see cref="ErrorCode"/> values.</summary>
    public static class ErrorCodes
    {
        /// <summary>The highest code this version defines (a board's status report and a snapshot's session table
        /// carry codes; a higher one there is malformed).</summary>
        public const ErrorCode Last = ErrorCode.ClusterFull;

        /// <summary>The code's name as the API and docs spell it.</summary>
        public static string Name(ErrorCode code)
        {
            switch (code)
            {
                case ErrorCode.None: return "ok";
                case ErrorCode.NoLeader: return "no-leader";
                case ErrorCode.NotLeader: return "not-leader";
                case ErrorCode.ProposalQueueFull: return "proposal-queue-full";
                case ErrorCode.LogFull: return "log-full";
                case ErrorCode.SlotOutOfRange: return "slot-out-of-range";
                case ErrorCode.ClientOutOfRange: return "client-out-of-range";
                case ErrorCode.InvalidCommand: return "invalid-command";
                case ErrorCode.NotSupported: return "not-supported";
                case ErrorCode.ReadQueueFull: return "read-queue-full";
                case ErrorCode.LeaderNotReady: return "leader-not-ready";
                case ErrorCode.StaleSequence: return "stale-sequence";
                case ErrorCode.BadSnapshot: return "bad-snapshot";
                case ErrorCode.InvalidState: return "invalid-state";
                case ErrorCode.BadPersistentState: return "bad-persistent-state";
                case ErrorCode.SessionExpired: return "session-expired";
                case ErrorCode.DuplicateProposal: return "duplicate-proposal";
                case ErrorCode.TransferInProgress: return "transfer-in-progress";
                case ErrorCode.TransferTargetNotVoter: return "transfer-target-not-voter";
                case ErrorCode.TransferTargetIsSelf: return "transfer-target-is-self";
                case ErrorCode.MembershipChangePending: return "membership-change-pending";
                case ErrorCode.AlreadyMember: return "already-member";
                case ErrorCode.NotMember: return "not-member";
                case ErrorCode.LastVoter: return "last-voter";
                case ErrorCode.ClusterFull: return "cluster-full";
                default: return "unknown";
            }
        }
    }
}
