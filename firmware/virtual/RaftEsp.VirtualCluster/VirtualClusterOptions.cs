namespace RaftEsp.VirtualCluster;

/// <summary>How to set up a virtual cluster. The defaults give the README's picture: boards 0-4, node 0 the server node.</summary>
public sealed class VirtualClusterOptions
{
    /// <summary>Raft boards (node ids 0..Boards-1), 1-16.</summary>
    public int Boards { get; set; } = 5;

    /// <summary>The board that takes client commands from the collector.</summary>
    public int ServerNode { get; set; }

    /// <summary>The collector's node id on the radio (not a member).</summary>
    public int CollectorId { get; set; } = 200;

    /// <summary>The cluster's 16-bit id.</summary>
    public int ClusterId { get; set; } = 1;

    /// <summary>The 16-byte cluster key; null draws a random one (see <see cref="ClusterLauncher.ClusterKey"/>).</summary>
    public byte[]? ClusterKey { get; set; }

    /// <summary>The ether's seed; null draws one (see <see cref="ClusterLauncher.EtherSeed"/>).</summary>
    public int? EtherSeed { get; set; }

    /// <summary>Loss of every radio link at start, percent.</summary>
    public double LossPercent { get; set; }

    /// <summary>Fixed radio delay per frame copy at start, ms.</summary>
    public int DelayMillis { get; set; }

    /// <summary>Extra uniform radio delay 0..JitterMillis per copy at start.</summary>
    public int JitterMillis { get; set; }

    /// <summary>
    /// The most voters and learners the cluster may hold (<c>--max-members</c> of every board), up to 16; 0 keeps the
    /// core's default, the founders plus two (room to add a board, or to replace one by adding first).
    /// </summary>
    public int MaxMembers { get; set; }

    /// <summary>Milliseconds per Raft tick on every board.</summary>
    public int TickMillis { get; set; } = 10;

    /// <summary>Slots of the replicated array.</summary>
    public int DatabaseSlots { get; set; } = 5;

    /// <summary>Where the collector listens for the desktop; port 0 picks a free port.</summary>
    public int CollectorPort { get; set; }

    /// <summary>
    /// Let the collector hear unicast frames between boards too (raftesp-collector --sniff), so its per-board radio
    /// counters cover all traffic. Off by default: an ESP-NOW collector hears only broadcasts and its own frames.
    /// </summary>
    public bool CollectorSniffs { get; set; }

    /// <summary>
    /// Folder for the configs and data directories; null makes a fresh one under the system temp folder, deleted on
    /// <see cref="ClusterLauncher.Dispose"/>. A given folder is kept, so boards restarted later find their state.
    /// </summary>
    public string? WorkDirectory { get; set; }

    /// <summary>Receives every line the programs print, prefixed with [ether], [board N] or [collector].</summary>
    public Action<string>? Output { get; set; }

    /// <summary>How long a program may take to start and report ready.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
