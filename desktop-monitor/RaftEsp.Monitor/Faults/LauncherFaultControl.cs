using RaftEsp.VirtualCluster;

namespace RaftEsp.Monitor.Faults;

/// <summary>Fault control over the virtual cluster's launcher: processes for crashes, the ether for the radio.</summary>
internal sealed class LauncherFaultControl(ClusterLauncher launcher) : IFaultControl
{
    public void Crash(int node) => launcher.CrashBoard(node);

    public void Restart(int node) => launcher.RestartBoard(node);

    public bool IsCrashed(int node) => !launcher.Boards[node].Running;

    public void Partition(IReadOnlyList<IReadOnlyList<int>> groups) => launcher.Partition(groups);

    public void Heal() => launcher.Heal();

    public void SetLoss(int percent) => launcher.SetLoss(percent);
}
