using System.Net;

namespace RaftEsp.Monitor.Options;

/// <summary>One run's settings, from the command line (see <see cref="MonitorCommandLine"/>).</summary>
public sealed class MonitorOptions
{
    /// <summary>Where the page and the API listen.</summary>
    public IPEndPoint Http { get; init; } = new(IPAddress.Loopback, HttpAddress.DefaultPort);

    /// <summary>The real collector's UDP endpoint; null: run a virtual cluster instead.</summary>
    public IPEndPoint? Collector { get; init; }

    /// <summary>The boards' default desktop-port: where a board collector sends its datagrams.</summary>
    public const int DefaultDesktopPort = 5700;

    /// <summary>Local UDP port the monitor receives the collector's datagrams on (real-collector mode).</summary>
    public int UdpPort { get; init; } = DefaultDesktopPort;

    /// <summary>The cluster's 16-bit id (real-collector mode; a virtual cluster gets its own).</summary>
    public int ClusterId { get; init; } = 1;

    /// <summary>Boards in the cluster, server node included (virtual mode: how many to start).</summary>
    public int Boards { get; init; } = 5;

    /// <summary>The board that takes client commands.</summary>
    public int ServerNode { get; init; }

    /// <summary>The 16-byte cluster key (SipHash) for the collector link; null in virtual mode: a fresh random key.</summary>
    public byte[]? ClusterKey { get; init; }

    /// <summary>How long a command may take before 503/504.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>Virtual mode: the most voters and learners the cluster may hold; 0: the founders plus two.</summary>
    public int MaxMembers { get; init; }

    /// <summary>How long a join, leave or transfer may take before 503/504 (a joiner catches up meanwhile).</summary>
    public TimeSpan MembershipTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Show the terminal view instead of request logs.</summary>
    public bool Tui { get; init; }

    public bool IsVirtual => Collector == null;

    /// <summary>The work folder the live recording goes into (a file per run); null: keep history in memory only.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>Default cap of a live recording file.</summary>
    public const long DefaultRecordCapBytes = 256L * 1024 * 1024;

    /// <summary>The cap of the live recording file; past it the oldest records are dropped (docs/recording.md).</summary>
    public long RecordCapBytes { get; init; } = DefaultRecordCapBytes;

    /// <summary>A recording to replay instead of watching a cluster; null: live.</summary>
    public string? Replay { get; init; }
}
