using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>
/// What applying an entry did, as a board's database reported it: its status, whether it was a retry of an applied
/// command, the result value and index, and the client id (a register's is the new session). Every board must report
/// the same for an index, and <see cref="HistoryChecker"/> compares it with its own model of the session table.
/// </summary>
public readonly record struct AppliedEffect(ErrorCode Status, bool Duplicate, int Client, int Value, int ResultIndex)
{
    public static AppliedEffect Of(ApplyResult r) => new(r.Status, r.Duplicate, r.Client, r.Value, r.ResultIndex);

    /// <summary>True when a set or remove changed the slot (applied for the first time, not a retry, not refused).</summary>
    public bool Changed(EntryKind kind) => (kind == EntryKind.Set || kind == EntryKind.Remove) && Status == ErrorCode.None && !Duplicate;

    public override string ToString() =>
        $"{ErrorCodes.Name(Status)}{(Duplicate ? " duplicate" : "")} client {Client} value {Value} result index {ResultIndex}";
}
