using RaftEsp.Apps;
using RaftEsp.Core;
using RaftEsp.Monitor.State;

namespace RaftEsp.Monitor.Link;

/// <summary>
/// Turns BoardStatus datagrams into <see cref="BoardReport"/>s. A report carries one page of the board's database
/// (docs/protocol.md: all 5 default slots fit one page; 64 slots may take three), so the assembler keeps each board's
/// array and fills in the pages as they come.
/// </summary>
public sealed class ReportAssembler
{
    private readonly Dictionary<int, int[]> databases = new();

    public BoardReport Assemble(BoardStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (!status.HasReport)
        {
            int[] known = databases.TryGetValue(status.NodeId, out int[]? db) ? (int[])db.Clone() : Array.Empty<int>();
            return new BoardReport(status.NodeId, status.Online, false, "", 0, -1, 0, 0, 0, known, Array.Empty<LogEntryView>(), 0, 0, null);
        }

        StatusReport r = status.Report;
        if (!databases.TryGetValue(status.NodeId, out int[]? slots) || slots.Length != r.SlotCount)
        {
            slots = new int[r.SlotCount];
            databases[status.NodeId] = slots;
        }

        for (int i = 0; i < r.PageCount && r.FirstSlot + i < slots.Length; i++) slots[r.FirstSlot + i] = r.PageValues[i];
        var entries = new LogEntryView[r.EntryCount];
        for (int i = 0; i < r.EntryCount; i++)
        {
            entries[i] = new LogEntryView(r.EntryIndex(i), r.EntryTerms[i], EntryKinds.Name(r.EntryKinds[i]), r.EntrySlots[i], r.EntryValues[i]);
        }

        return new BoardReport(
            status.NodeId,
            status.Online,
            true,
            Roles.Name(r.Role),
            r.Term,
            r.Leader,
            r.Commit,
            r.Applied,
            r.LastIndex,
            (int[])slots.Clone(),
            entries,
            r.FramesSent,
            r.FramesReceived,
            r.Fault == ErrorCode.None ? null : ErrorCodes.Name(r.Fault),
            new MembershipView(r.ConfigurationIndex, r.Voters.Take(r.VoterCount).ToArray(), r.Learners.Take(r.LearnerCount).ToArray(),
                r.ChangePending, r.WaitingToJoin, r.Removed),
            r.SnapshotIndex,
            Timers(r));
    }

    /// <summary>The report's timers in milliseconds and the leader's progress records (docs/protocol.md, "StatusReport").</summary>
    private static RaftTimers Timers(StatusReport r)
    {
        var progress = new ProgressView[r.ProgressCount];
        for (int i = 0; i < r.ProgressCount; i++)
        {
            progress[i] = new ProgressView(r.ProgressNodes[i], r.ProgressMatch(i), r.ProgressNext(i), r.ProgressInflight[i],
                ProgressStates.Name(r.ProgressStates[i]), r.ProgressMatchLag[i]);
        }

        int tick = r.TickMillis;
        return new RaftTimers(tick, r.ElectionElapsed * tick, r.ElectionTimeout * tick, r.HeartbeatInterval * tick, r.HeartbeatElapsed * tick, progress);
    }

    /// <summary>An independent copy (history checkpoints: the pages filled in so far belong to the copy too).</summary>
    internal ReportAssembler Clone()
    {
        var copy = new ReportAssembler();
        foreach ((int node, int[] slots) in databases) copy.databases[node] = (int[])slots.Clone();
        return copy;
    }
}
