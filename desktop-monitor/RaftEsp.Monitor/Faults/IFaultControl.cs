namespace RaftEsp.Monitor.Faults;

/// <summary>
/// Fault injection into a virtual cluster the monitor runs itself. Absent in real-collector mode: real boards are
/// crashed by pulling their plug. Node ids are board ids 0..N-1; callers validate them first.
/// </summary>
public interface IFaultControl
{
    /// <summary>Kills board <paramref name="node"/>'s process (its flash files stay).</summary>
    void Crash(int node);

    /// <summary>Starts board <paramref name="node"/> again from its flash files.</summary>
    void Restart(int node);

    /// <summary>True while board <paramref name="node"/> is crashed.</summary>
    bool IsCrashed(int node);

    /// <summary>Splits the radio: boards hear only boards of their own group.</summary>
    void Partition(IReadOnlyList<IReadOnlyList<int>> groups);

    /// <summary>Removes every partition.</summary>
    void Heal();

    /// <summary>Drops <paramref name="percent"/>% of radio frame copies at random.</summary>
    void SetLoss(int percent);
}
