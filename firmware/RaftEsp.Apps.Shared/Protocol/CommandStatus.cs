using RaftEsp.Core;

namespace RaftEsp.Apps
{
    /// <summary>
    /// The status byte of a command result (docs/protocol.md, "ClientResult"): 0..24 carry the number of the
    /// <see cref="ErrorCode"/> the core or the database answered, 32..37 are the server front end's own. The one
    /// definition the server node, the collector and the desktop monitor share.
    /// </summary>
    public enum CommandStatus : byte
    {
        /// <summary>The command was applied (set, remove) or the read served (get).</summary>
        Ok = 0,

        /// <summary>No leader known: retry with the same client id and seq.</summary>
        NoLeader = 1,

        /// <summary>The leader the command went to lost its leadership: retry.</summary>
        NotLeader = 2,

        /// <summary>The leader holds its limit of uncommitted entries: retry.</summary>
        ProposalQueueFull = 3,

        /// <summary>The leader's log is full until its next compaction: retry.</summary>
        LogFull = 4,

        /// <summary>The slot is beyond the database.</summary>
        SlotOutOfRange = 5,

        /// <summary>The client id is beyond the session table.</summary>
        ClientOutOfRange = 6,

        /// <summary>The command kind is not one a client may send.</summary>
        InvalidCommand = 7,

        /// <summary>The command exists in the format but not in this version.</summary>
        NotSupported = 8,

        /// <summary>The leader's table of reads waiting for confirmation is full: retry.</summary>
        ReadQueueFull = 9,

        /// <summary>The leader has not committed an entry of its term yet: retry.</summary>
        LeaderNotReady = 10,

        /// <summary>The session already applied a newer sequence; the value carries the session's last one.</summary>
        StaleSequence = 11,

        /// <summary>The board stopped: a snapshot did not fit its database.</summary>
        BadSnapshot = 12,

        /// <summary>The board stopped: it was asked something its state does not allow.</summary>
        InvalidState = 13,

        /// <summary>The board stopped: its flash contradicts itself.</summary>
        BadPersistentState = 14,

        /// <summary>The client has no session (never registered, or evicted as the least recently used): register again.</summary>
        SessionExpired = 15,

        /// <summary>The leader already holds or applied this (client, seq); never sent to a client (the one copy is answered).</summary>
        DuplicateProposal = 16,

        /// <summary>The leader is handing its leadership over (a few heartbeats at most): retry.</summary>
        TransferInProgress = 17,

        /// <summary>join/leave: another membership change is not committed yet (one change at a time, §4.1): retry later.</summary>
        MembershipChangePending = 20,

        /// <summary>join: the board is already a voter or a learner.</summary>
        AlreadyMember = 21,

        /// <summary>leave, transfer: the board is not a member (transfer: not a voter).</summary>
        NotMember = 22,

        /// <summary>leave: the board is the only voter left; a cluster cannot remove its last voter.</summary>
        LastVoter = 23,

        /// <summary>join: the cluster holds its max-members already.</summary>
        ClusterFull = 24,

        /// <summary>The server node's table of waiting reads is full; retry later.</summary>
        Busy = 32,

        /// <summary>A newer command of the same client replaced this one before it was answered (the client gave up on it).</summary>
        Superseded = 33,

        /// <summary>The board that received the command is not the server node (a configuration mismatch).</summary>
        NotServer = 34,

        /// <summary>
        /// No answer came within the server node's timeout (a forwarded proposal or read request lost on the radio, a
        /// leader that changed). The outcome is unknown: retry with the same client id and sequence number; a write
        /// that did commit meanwhile is answered with its first result, not applied again.
        /// </summary>
        Timeout = 35,

        /// <summary>
        /// join: the board was added (the change is committed) but is still a learner when the server node's deadline
        /// ran out, typically because it is catching up with a large log or is out of reach; the leader promotes it once
        /// it has caught up. Nothing to retry: watch its status.
        /// </summary>
        JoinedAsLearner = 36,

        /// <summary>leave: the board named is the server node itself, which takes every client command; move the
        /// server role first (flash another board as server node), then remove it.</summary>
        ServerCannotLeave = 37,
    }

    /// <summary>Conversions and names of <see cref="CommandStatus"/> values.</summary>
    public static class CommandStatuses
    {
        /// <summary>The status that reports <paramref name="code"/> to a client: the same number (0..24).</summary>
        public static CommandStatus From(ErrorCode code) => (CommandStatus)(byte)code;

        /// <summary>The status that reports a leader's refusal <paramref name="reason"/> (a named one: the same number).</summary>
        public static CommandStatus From(RefusalReason reason) => (CommandStatus)(byte)reason;

        /// <summary>True for a status byte the protocol defines.</summary>
        public static bool IsKnown(int status) =>
            (status >= 0 && status <= (int)ErrorCodes.Last) || (status >= (int)CommandStatus.Busy && status <= (int)CommandStatus.ServerCannotLeave);

        /// <summary>The status's name, as the desktop shows it.</summary>
        public static string Name(CommandStatus status)
        {
            switch (status)
            {
                case CommandStatus.Busy: return "busy";
                case CommandStatus.Superseded: return "superseded";
                case CommandStatus.NotServer: return "not-server";
                case CommandStatus.Timeout: return "timeout";
                case CommandStatus.JoinedAsLearner: return "joined-as-learner";
                case CommandStatus.ServerCannotLeave: return "server-cannot-leave";
                default: return (int)status <= (int)ErrorCodes.Last ? ErrorCodes.Name((ErrorCode)status) : "unknown";
            }
        }
    }
}
