using RaftEsp.Core;

namespace RaftEsp.Recording;

/// <summary>
/// The names the API, the recording's readers and the page give frame types. One name per header type, except that an
/// AppendEntries with no entries is a "heartbeat". The page colours by these names and filters by them.
/// </summary>
public static class FrameKinds
{
    public const string Heartbeat = "heartbeat";
    public const string Append = "append";
    public const string AppendAck = "append-ack";
    public const string PreVote = "prevote";
    public const string PreVoteAck = "prevote-ack";
    public const string Vote = "vote";
    public const string VoteAck = "vote-ack";
    public const string Snapshot = "snapshot";
    public const string SnapshotAck = "snapshot-ack";
    public const string Propose = "propose";
    public const string ProposeReject = "propose-reject";
    public const string ReadIndex = "read-index";
    public const string ReadIndexAck = "read-index-ack";
    public const string Sync = "sync";
    public const string SyncAck = "sync-ack";
    public const string TimeoutNow = "timeout-now";
    public const string Transfer = "transfer";
    public const string StatusPoll = "status-poll";
    public const string StatusReport = "status-report";
    public const string ClientCommand = "client-command";
    public const string ClientResult = "client-result";
    public const string Unknown = "unknown";

    /// <summary>Every name, in the order the page lists its filter.</summary>
    public static IReadOnlyList<string> All { get; } = new[]
    {
        Append, Heartbeat, AppendAck, PreVote, PreVoteAck, Vote, VoteAck, Snapshot, SnapshotAck, Propose, ProposeReject,
        ReadIndex, ReadIndexAck, Sync, SyncAck, TimeoutNow, Transfer, StatusPoll, StatusReport, ClientCommand,
        ClientResult, Unknown,
    };

    /// <summary>The name of a frame of header type <paramref name="type"/> carrying <paramref name="entries"/> entries.</summary>
    public static string Name(int type, int entries) => type switch
    {
        (int)MessageType.PreVoteRequest => PreVote,
        (int)MessageType.PreVoteResponse => PreVoteAck,
        (int)MessageType.VoteRequest => Vote,
        (int)MessageType.VoteResponse => VoteAck,
        (int)MessageType.AppendEntries => entries > 0 ? Append : Heartbeat,
        (int)MessageType.AppendResponse => AppendAck,
        (int)MessageType.SnapshotChunk => Snapshot,
        (int)MessageType.SnapshotResponse => SnapshotAck,
        (int)MessageType.Propose => Propose,
        (int)MessageType.ProposeReject => ProposeReject,
        (int)MessageType.ReadIndexRequest => ReadIndex,
        (int)MessageType.ReadIndexResponse => ReadIndexAck,
        (int)MessageType.Sync => Sync,
        (int)MessageType.SyncAck => SyncAck,
        (int)MessageType.TimeoutNow => TimeoutNow,
        (int)MessageType.TransferRequest => Transfer,
        MessageTypes.FirstAppType => StatusPoll, // the board apps' frames: firmware/RaftEsp.Apps.Shared/Protocol/AppFrames.cs
        MessageTypes.FirstAppType + 1 => StatusReport,
        MessageTypes.FirstAppType + 2 => ClientCommand,
        MessageTypes.FirstAppType + 3 => ClientResult,
        _ => Unknown,
    };
}
