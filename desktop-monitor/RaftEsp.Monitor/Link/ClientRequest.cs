using RaftEsp.Apps;

namespace RaftEsp.Monitor.Link;

/// <summary>What the monitor asks of the cluster through the collector.</summary>
public enum RequestKind
{
    Set,
    Remove,
    Get,

    /// <summary>Opens a client session: client 0, sequence 0; the answer carries the new client id.</summary>
    Register,

    /// <summary>Adds the board named in <see cref="ClientRequest.Value"/> (a learner first, then a voter).</summary>
    Join,

    /// <summary>Removes the board named in <see cref="ClientRequest.Value"/>.</summary>
    Leave,

    /// <summary>Hands the leadership to the board named in <see cref="ClientRequest.Value"/>.</summary>
    Transfer,
}

/// <summary>
/// One client request for the server node, carrying the monitor's client session (client id, u32 sequence). A
/// retry sends the same pair, so the cluster applies a write at most once however many copies arrive. Join, leave
/// and transfer carry slot 0 and the node id in <see cref="Value"/> (docs/protocol.md).
/// </summary>
public sealed record ClientRequest(RequestKind Kind, int Client, int Seq, int Slot, int Value);

/// <summary>
/// The cluster's answer to a <see cref="ClientRequest"/>, matched by client and sequence. <see cref="Status"/> is the
/// command status (docs/protocol.md, "ClientResult"). For set/remove
/// <see cref="Value"/> is the slot's previous value and <see cref="Index"/> the log index the command was applied at;
/// for a get, the value read at read index <see cref="Index"/>. On StaleSequence, <see cref="Value"/> is the
/// session's last applied sequence. A register's answer carries the new client id in <see cref="Client"/>. <see cref="Leader"/> is the leader the server node knew of (-1: none).
/// </summary>
public sealed record ClientAnswer(RequestKind Kind, int Client, int Seq, CommandStatus Status, int Value, int Index, int Leader);
