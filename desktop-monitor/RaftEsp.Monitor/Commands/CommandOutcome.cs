namespace RaftEsp.Monitor.Commands;

/// <summary>How a command ended, from the monitor's point of view.</summary>
public enum CommandStatus
{
    /// <summary>Committed (set/remove) or read linearizably (get).</summary>
    Ok,

    /// <summary>The request itself is wrong (slot out of range, ...); nothing changed.</summary>
    BadInput,

    /// <summary>Every attempt was refused (no leader could take it, or the server node cannot); nothing changed.</summary>
    Unavailable,

    /// <summary>At least one attempt went unanswered before the deadline: it may still commit, once.</summary>
    Timeout,
}

/// <summary>
/// The end of one command: for set/remove <see cref="Value"/> is the slot's value before the command and
/// <see cref="Index"/> the log index it committed at; for get, the value read and the read index.
/// </summary>
public sealed record CommandOutcome(
    CommandStatus Status,
    int Code,
    int Value,
    int Index,
    int Client,
    int Seq,
    int Attempts,
    string Message);
