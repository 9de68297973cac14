namespace RaftEsp.Core
{
    /// <summary>Counters a node keeps about itself, for the simulator's figures and the status report.</summary>
    public sealed class NodeStats
    {
        /// <summary>Pre-vote rounds started.</summary>
        public int PreVotesStarted;

        /// <summary>Real elections started (term raised).</summary>
        public int ElectionsStarted;

        /// <summary>Times this node became leader.</summary>
        public int Leaderships;

        /// <summary>Times a leader stepped down because it lost touch with a majority (CheckQuorum).</summary>
        public int QuorumLosses;

        /// <summary>(Pre-)vote requests sent again, by unicast, to voters that had not answered (or, for a pre-vote, granted).</summary>
        public int VoteRequestsResent;

        /// <summary>Vote requests ignored because a leader was heard from within the election timeout.</summary>
        public int VotesIgnoredInLease;

        /// <summary>Leadership transfers this node started as leader (asked for, or to the preferred leader).</summary>
        public int TransfersStarted;

        /// <summary>Transfers this node abandoned: the target did not take over within an election timeout.</summary>
        public int TransfersAbandoned;

        /// <summary>Elections this node started on its leader's TimeoutNow.</summary>
        public int TransferCampaigns;

        /// <summary>Commands this node appended as leader.</summary>
        public int ProposalsAppended;

        /// <summary>Commands this node refused as leader because it already held or applied their (client, sequence).</summary>
        public int DuplicateProposalsRefused;

        /// <summary>Membership entries that changed this node's configuration when they were appended.</summary>
        public int MembershipChanges;

        /// <summary>Learners this node promoted to voter as leader.</summary>
        public int LearnersPromoted;

        /// <summary>Configurations larger than this node's member capacity (a misconfigured board; never expected).</summary>
        public int ConfigurationsRefused;

        /// <summary>Commands this node forwarded to the leader.</summary>
        public int ProposalsForwarded;

        /// <summary>Broadcast AppendEntries frames sent.</summary>
        public int BroadcastAppends;

        /// <summary>Unicast AppendEntries frames sent.</summary>
        public int UnicastAppends;

        /// <summary>Entries sent in AppendEntries frames.</summary>
        public int EntriesSent;

        /// <summary>Snapshot chunks sent.</summary>
        public int SnapshotChunksSent;

        /// <summary>Snapshots received and installed.</summary>
        public int SnapshotsInstalled;

        /// <summary>Heartbeat rounds this node started as leader because a read needed one (not the timer's rounds).</summary>
        public int ReadRoundsStarted;

        /// <summary>Read-index requests confirmed.</summary>
        public int ReadsConfirmed;

        /// <summary>Acceptances a follower did not send because they repeated the last one (same leader, term, index, round).</summary>
        public int RepeatAcksSkipped;

        /// <summary>Read rounds that rode on the frames following an append's commit instead of heartbeats of their own.</summary>
        public int ReadRoundsDeferred;
    }
}
