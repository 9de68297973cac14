namespace RaftEsp.Core
{
    /// <summary>
    /// The reason byte of ProposeReject and ReadIndexResponse frames (docs/wire-format.md, "Reason codes"): why a
    /// leader refused a forwarded command or a read. A wire code, kept apart from the <see cref="ErrorCode"/> results
    /// of the API so either can grow without breaking the other. The numbers are those of the same-named ErrorCode.
    /// </summary>
    public enum RefusalReason : byte
    {
        /// <summary>Not a refusal: the read is confirmed (ReadIndexResponse only).</summary>
        None = 0,

        /// <summary>The refusing node knows no leader.</summary>
        NoLeader = 1,

        /// <summary>The refusing node is not the leader (it lost its leadership, or never had it).</summary>
        NotLeader = 2,

        /// <summary>The leader holds its limit of uncommitted entries.</summary>
        ProposalQueueFull = 3,

        /// <summary>The leader's in-memory log is full until its next compaction.</summary>
        LogFull = 4,

        /// <summary>Too many reads wait for confirmation at the leader.</summary>
        ReadQueueFull = 9,

        /// <summary>The leader has not committed an entry of its term yet (§6.4).</summary>
        LeaderNotReady = 10,

        /// <summary>The leader already holds this (client, sequence) in its log or applied it: it was not appended
        /// again, and its one copy is answered when it is applied.</summary>
        DuplicateProposal = 16,

        /// <summary>The leader is handing its leadership over (§3.10): retry, the new leader takes the command.</summary>
        TransferInProgress = 17,

        /// <summary>Another membership change is not yet committed.</summary>
        MembershipChangePending = 20,

        /// <summary>The board is a member (voter) already.</summary>
        AlreadyMember = 21,

        /// <summary>The board is not a member (not a learner).</summary>
        NotMember = 22,

        /// <summary>The board is the only voter.</summary>
        LastVoter = 23,

        /// <summary>The cluster is full.</summary>
        ClusterFull = 24,

        /// <summary>
        /// A reason byte this version does not define (a newer board's): the frame is accepted and the request counts
        /// as refused for an unnamed reason. Never sent.
        /// </summary>
        Unknown = 255,
    }

    /// <summary>Conversions of <see cref="RefusalReason"/>.</summary>
    public static class RefusalReasons
    {
        /// <summary>The reason a received byte stands for: itself when this version defines it, else <see cref="RefusalReason.Unknown"/>.</summary>
        public static RefusalReason Decode(int wire)
        {
            switch (wire)
            {
                case (int)RefusalReason.None:
                case (int)RefusalReason.NoLeader:
                case (int)RefusalReason.NotLeader:
                case (int)RefusalReason.ProposalQueueFull:
                case (int)RefusalReason.LogFull:
                case (int)RefusalReason.ReadQueueFull:
                case (int)RefusalReason.LeaderNotReady:
                case (int)RefusalReason.DuplicateProposal:
                case (int)RefusalReason.TransferInProgress:
                case (int)RefusalReason.MembershipChangePending:
                case (int)RefusalReason.AlreadyMember:
                case (int)RefusalReason.NotMember:
                case (int)RefusalReason.LastVoter:
                case (int)RefusalReason.ClusterFull:
                    return (RefusalReason)wire;
                default:
                    return RefusalReason.Unknown;
            }
        }

        /// <summary>
        /// The reason that tells a remote node about the core's own refusal <paramref name="code"/>. A code that is
        /// no refusal (never passed by the core) becomes <see cref="RefusalReason.Unknown"/>, which no frame carries.
        /// </summary>
        public static RefusalReason From(ErrorCode code) => code == ErrorCode.None ? RefusalReason.Unknown : Decode((int)code);

        /// <summary>A short name for logs and the simulator: the same-named error's, or "unknown".</summary>
        public static string Name(RefusalReason reason) => reason == RefusalReason.Unknown ? "unknown" : ErrorCodes.Name((ErrorCode)reason);
    }
}
