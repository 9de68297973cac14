using System.Net;
using System.Net.Sockets;
using RaftEsp.Monitor.Commands;
using RaftEsp.Monitor.Faults;
using RaftEsp.Monitor.Link;
using RaftEsp.Monitor.Options;
using RaftEsp.Monitor.State;
using RaftEsp.Monitor.Web;

namespace RaftEsp.Monitor;

/// <summary>Builds the runtime of the chosen mode: a real collector over UDP, or a virtual cluster the monitor runs.</summary>
public static class RuntimeFactory
{
    /// <summary>A board with no status for this long shows offline.</summary>
    public static readonly TimeSpan OfflineAfter = TimeSpan.FromSeconds(3);

    public static Task<MonitorRuntime> CreateAsync(MonitorOptions options, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Replay != null) return Task.FromResult(History.HistoryModesFactory.OpenReplay(options, options.Replay));
        return options.IsVirtual ? VirtualMode.CreateAsync(options, cancel) : Task.FromResult(CreateForCollector(options));
    }

    /// <summary>
    /// Real-collector mode: listen on the desktop port on every interface (the board collector sends over Wi-Fi; only
    /// datagrams tagged with the cluster key are taken), or on loopback for a collector on this machine, and send
    /// the handshake and commands to the collector.
    /// </summary>
    private static MonitorRuntime CreateForCollector(MonitorOptions options)
    {
        IPEndPoint collector = options.Collector!;
        // A collector on this machine (a virtual one run by hand) is reached on loopback; no need to listen wider.
        bool v6 = collector.AddressFamily == AddressFamily.InterNetworkV6;
        IPAddress any = IPAddress.IsLoopback(collector.Address)
            ? (v6 ? IPAddress.IPv6Loopback : IPAddress.Loopback)
            : (v6 ? IPAddress.IPv6Any : IPAddress.Any);
        UdpCollectorLink link;
        try
        {
            link = new UdpCollectorLink(options.ClusterId, options.ClusterKey!, collector, new IPEndPoint(any, options.UdpPort));
        }
        catch (SocketException e)
        {
            throw new MonitorStartException($"cannot listen on UDP port {options.UdpPort} for the collector: {e.Message} (choose another with --udp-port and set the collector's desktop-port to match)", e);
        }

        var state = new ClusterState(options.Boards, options.ServerNode, "collector", 5, TimeProvider.System, OfflineAfter);
        MonitorRuntime runtime = Compose(options, state, link, null, null, clusterId: options.ClusterId);
        link.FramesOverheard += new RaftEsp.Monitor.Frames.CollectorFrameSource(runtime.Frames).OnDigest; // frames in flight, as overheard
        return runtime;
    }

    /// <summary>Connects the link to the model and puts the client on top.</summary>
    internal static MonitorRuntime Compose(MonitorOptions options, ClusterState state, UdpCollectorLink link, IFaultControl? faults, IAsyncDisposable? owned,
        IBoardProcesses? processes = null, int clusterId = 0)
    {
        History.MonitorHistory history = History.HistoryModesFactory.StartLive(options, state, link, clusterId);
        link.BoardReported += report => state.Apply(report);
        link.CollectorReported += report =>
        {
            state.SetCollector(report);
            state.SetMonitorLink(link.Counters);
        };
        link.StateChanged += state.SetMonitorLink;
        state.SetMonitorLink(link.Counters);
        var commands = new CommandService(link, state,
            new CommandServiceOptions { Timeout = options.CommandTimeout, MembershipTimeout = options.MembershipTimeout }, TimeProvider.System);
        var runtime = new MonitorRuntime(state, link, commands, faults, owned, processes)
        {
            History = history,
            Frames = new Frames.FrameFeed(() => history.Clock.NowMicros),
            Metrics = new Metrics.MetricsRecorder(() => history.Clock.NowMicros),
        };
        if (history.Recorder != null) runtime.Frames.Added += history.Recorder.AddFrame;
        return runtime;
    }
}
