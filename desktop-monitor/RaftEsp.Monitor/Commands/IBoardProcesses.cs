namespace RaftEsp.Monitor.Commands;

/// <summary>
/// The board processes of a virtual cluster the monitor runs itself, as membership changes need them: a join starts
/// the new board first, a leave ends the removed board's process after the removal commits. Absent in
/// real-collector mode, where a maker flashes and powers the boards.
/// </summary>
public interface IBoardProcesses
{
    /// <summary>Why <paramref name="node"/> cannot be a new board's id here (the collector's id, ...), or null.</summary>
    string? CheckJoiner(int node);

    /// <summary>Starts board <paramref name="node"/> with an empty flash, booting to join; returns once it runs.</summary>
    void StartJoiner(int node);

    /// <summary>Ends board <paramref name="node"/>'s process if it runs.</summary>
    void Stop(int node);

    /// <summary>Whether board <paramref name="node"/>'s process runs.</summary>
    bool IsRunning(int node);
}
