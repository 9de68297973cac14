using RaftEsp.Monitor.Commands;
using RaftEsp.VirtualCluster;

namespace RaftEsp.Monitor.Faults;

/// <summary>
/// Fault control over the virtual cluster's launcher (processes for crashes, the ether for the radio), and the board
/// processes membership changes start and stop.
/// </summary>
internal sealed class LauncherFaultControl(ClusterLauncher launcher) : IFaultControl, IBoardProcesses
{
    public void Crash(int node) => launcher.CrashBoard(node);

    public void Restart(int node) => launcher.RestartBoard(node);

    public bool IsCrashed(int node) => !launcher.IsRunning(node);

    public void Partition(IReadOnlyList<IReadOnlyList<int>> groups) => launcher.Partition(groups);

    public void Heal() => launcher.Heal();

    public void SetLoss(int percent) => launcher.SetLoss(percent);

    public string? CheckJoiner(int node) => launcher.CheckJoiner(node);

    public void StartJoiner(int node) => launcher.StartJoiner(node);

    public void Stop(int node)
    {
        if (launcher.IsRunning(node)) launcher.StopBoard(node);
    }

    public bool IsRunning(int node) => launcher.IsRunning(node);
}
