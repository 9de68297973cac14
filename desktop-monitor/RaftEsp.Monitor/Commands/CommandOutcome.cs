using RaftEsp.Apps;

namespace RaftEsp.Monitor.Commands;

/// <summary>How a command ended, from the monitor's point of view (the HTTP status follows from it).</summary>
public enum OutcomeKind
{
    /// <summary>Committed (set/remove), read linearizably (get), or the membership change done: 200.</summary>
    Ok,

    /// <summary>Join: the board was added but is still a learner catching up; it is promoted later: 202.</summary>
    Accepted,

    /// <summary>
    /// A membership command the cluster's shape refuses (another change in flight, already or not a member, the last
    /// voter, full, the server node); nothing changed: 409.
    /// </summary>
    Conflict,

    /// <summary>The request itself is wrong (slot out of range, ...); nothing changed: 400.</summary>
    BadInput,

    /// <summary>Every attempt was refused (no leader could take it, or the server node cannot); nothing changed: 503.</summary>
    Unavailable,

    /// <summary>
    /// At least one attempt went unanswered, or the server node answered that it gave up waiting (timeout), before
    /// the deadline: the write may still commit, once: 504.
    /// </summary>
    Unknown,

    /// <summary>The virtual cluster could not start or stop a board's process: 502.</summary>
    ProcessFailed,
}

/// <summary>
/// The end of one command: <see cref="Status"/> is the cluster's last answer (no-leader when none came); for
/// set/remove <see cref="Value"/> is the slot's value before the command and <see cref="Index"/> the log index it
/// committed at; for get, the value read and the read index.
/// </summary>
public sealed record CommandOutcome(
    OutcomeKind Kind,
    CommandStatus Status,
    int Value,
    int Index,
    int Client,
    int Seq,
    int Attempts,
    string Message);
