using System.CommandLine;
using RaftEsp.Host;

namespace RaftEsp.VirtualBoard;

/// <summary>The options raftesp-board shares with raftesp-collector: a config file and overrides of its keys.</summary>
internal sealed class CommonOptions
{
    public Option<string?> Config { get; } = new("--config") { Description = "board configuration file (key=value lines, as on a real board)" };
    public Option<int?> Nodes { get; } = new("--nodes") { Description = "cluster size: members are nodes 0..N-1 (default 5)" };
    public Option<int?> ServerNode { get; } = new("--server-node") { Description = "the node that takes client commands (default 0)" };
    public Option<int?> CollectorId { get; } = new("--collector-id") { Description = $"the collector's node id (default {BoardSettings.DefaultCollectorId})" };
    public Option<int?> ClusterId { get; } = new("--cluster-id") { Description = "the cluster's 16-bit id (default 1)" };
    public Option<string?> ClusterKey { get; } = new("--cluster-key") { Description = "the 16-byte cluster key as 32 hex digits (default: all zero, for experiments only)" };
    public Option<uint?> Seed { get; } = new("--seed") { Description = "seed of the election timeouts (default: derived from the node id)" };
    public Option<int?> TickMillis { get; } = new("--tick-ms") { Description = "milliseconds per Raft tick (default 10)" };
    public Option<int?> Slots { get; } = new("--slots") { Description = "slots of the replicated array (default 5)" };
    public Option<string> Ether { get; } = new("--ether") { Description = "the ether's radio endpoint, host:port (raftesp-ether prints it)", Required = true };
    public Option<bool> Watchdog { get; } = new("--stdin-watchdog") { Description = "exit when standard input closes (set by the launcher)" };

    public void AddTo(Command command)
    {
        command.Options.Add(Config);
        command.Options.Add(Nodes);
        command.Options.Add(ServerNode);
        command.Options.Add(CollectorId);
        command.Options.Add(ClusterId);
        command.Options.Add(ClusterKey);
        command.Options.Add(Seed);
        command.Options.Add(TickMillis);
        command.Options.Add(Slots);
        command.Options.Add(Ether);
        command.Options.Add(Watchdog);
    }

    public BoardSettings Settings(ParseResult r, int? node) => new()
    {
        ConfigFile = r.GetValue(Config),
        Node = node,
        Nodes = r.GetValue(Nodes),
        ServerNode = r.GetValue(ServerNode),
        CollectorId = r.GetValue(CollectorId),
        ClusterId = r.GetValue(ClusterId),
        ClusterKeyHex = r.GetValue(ClusterKey),
        Seed = r.GetValue(Seed),
        TickMillis = r.GetValue(TickMillis),
        DatabaseSlots = r.GetValue(Slots),
    };
}
