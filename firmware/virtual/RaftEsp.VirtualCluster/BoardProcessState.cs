namespace RaftEsp.VirtualCluster;

/// <summary>What the launcher knows about one board's process.</summary>
/// <param name="Node">the board's node id</param>
/// <param name="IsServer">whether it is the server node</param>
/// <param name="Running">whether its process is alive</param>
/// <param name="Pid">its process id (the last one, if it is not running)</param>
/// <param name="Starts">how many times it was started (1 + restarts)</param>
/// <param name="ExitCode">how the last process ended (137 or -1 after a kill -9), or null while running</param>
/// <param name="DataDirectory">its flash: raft.log and raft.snap</param>
/// <param name="Joiner">whether it was started with <c>--join</c> (<see cref="ClusterLauncher.StartJoiner"/>) rather than as a founder</param>
public sealed record BoardProcessState(int Node, bool IsServer, bool Running, int Pid, int Starts, int? ExitCode, string DataDirectory, bool Joiner);
