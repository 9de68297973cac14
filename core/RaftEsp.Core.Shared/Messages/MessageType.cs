namespace RaftEsp.Core
{
    /// <summary>
    /// Raft frame types on the radio. Values are wire codes (docs/wire-format.md). Codes 32 and up are reserved for
    /// the board apps (status polls and reports, client commands); the core's codec reports them as unknown.
    /// </summary>
    public enum MessageType : byte
    {
        /// <summary>No message (an unused slot in a buffer).</summary>
        None = 0,

        /// <summary>PreVote request (§9.6 of Ongaro's dissertation): may I start an election for Term?</summary>
        PreVoteRequest = 1,

        /// <summary>Answer to a PreVote request.</summary>
        PreVoteResponse = 2,

        /// <summary>RequestVote RPC (§5.2).</summary>
        VoteRequest = 3,

        /// <summary>Answer to RequestVote.</summary>
        VoteResponse = 4,

        /// <summary>AppendEntries RPC (§5.3); also the heartbeat. May be broadcast.</summary>
        AppendEntries = 5,

        /// <summary>Answer to AppendEntries, with conflict hints when it rejects.</summary>
        AppendResponse = 6,

        /// <summary>One chunk of InstallSnapshot (§7).</summary>
        SnapshotChunk = 7,

        /// <summary>Acknowledges snapshot chunks.</summary>
        SnapshotResponse = 8,

        /// <summary>A client command forwarded from a follower (such as the server node) to the leader.</summary>
        Propose = 9,

        /// <summary>The leader could not take a forwarded command; the origin tells its client.</summary>
        ProposeReject = 10,

        /// <summary>A follower asks the leader for a read index (§6.4).</summary>
        ReadIndexRequest = 11,

        /// <summary>The leader's answer to a read-index request.</summary>
        ReadIndexResponse = 12,

        /// <summary>Anti-replay: a node that booted asks every sender for a fresh starting point of its frame counter.</summary>
        Sync = 13,

        /// <summary>Anti-replay: the answer to a Sync, echoing the asker's epoch; its own epoch and counter start the asker's window.</summary>
        SyncAck = 14,

        /// <summary>Leadership transfer (§3.10): the leader tells an up-to-date follower to campaign at once.</summary>
        TimeoutNow = 15,

        /// <summary>Asks the leader to hand its leadership to the node in <see cref="Message.Index"/> (§3.10): how a
        /// server node that does not lead carries out a transfer asked of it. One byte: the target's id.</summary>
        TransferRequest = 16,
    }

    /// <summary>Names and classification of <see cref="MessageType"/>.</summary>
    public static class MessageTypes
    {
        /// <summary>Highest Raft message code this version speaks.</summary>
        public const int MaxRaftType = (int)MessageType.TransferRequest;

        /// <summary>First code reserved for the board apps.</summary>
        public const int FirstAppType = 32;

        /// <summary>The type's name as docs and logs spell it.</summary>
        public static string Name(MessageType type)
        {
            switch (type)
            {
                case MessageType.PreVoteRequest: return "PreVote";
                case MessageType.PreVoteResponse: return "PreVoteResp";
                case MessageType.VoteRequest: return "Vote";
                case MessageType.VoteResponse: return "VoteResp";
                case MessageType.AppendEntries: return "Append";
                case MessageType.AppendResponse: return "AppendResp";
                case MessageType.SnapshotChunk: return "Snapshot";
                case MessageType.SnapshotResponse: return "SnapshotResp";
                case MessageType.Propose: return "Propose";
                case MessageType.ProposeReject: return "ProposeReject";
                case MessageType.ReadIndexRequest: return "ReadIndex";
                case MessageType.ReadIndexResponse: return "ReadIndexResp";
                case MessageType.Sync: return "Sync";
                case MessageType.SyncAck: return "SyncAck";
                case MessageType.TimeoutNow: return "TimeoutNow";
                case MessageType.TransferRequest: return "TransferRequest";
                default: return "None";
            }
        }
    }
}
