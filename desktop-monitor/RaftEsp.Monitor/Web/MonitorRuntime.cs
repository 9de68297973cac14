using RaftEsp.Monitor.Commands;
using RaftEsp.Monitor.Faults;
using RaftEsp.Monitor.Link;
using RaftEsp.Monitor.State;

namespace RaftEsp.Monitor.Web;

/// <summary>
/// Everything one monitor run works with: the cluster model, the collector link, the client, and fault control when
/// the monitor runs the cluster itself, with the <paramref name="processes"/> membership changes start and stop.
/// Disposing it stops the link and whatever <paramref name="owned"/> holds (the virtual cluster's child processes).
/// </summary>
public sealed class MonitorRuntime(ClusterState state, ICollectorLink link, CommandService commands, IFaultControl? faults, IAsyncDisposable? owned,
    IBoardProcesses? processes = null) : IAsyncDisposable
{
    public ClusterState State { get; } = state;

    public ICollectorLink Link { get; } = link;

    public CommandService Commands { get; } = commands;

    /// <summary>Null in real-collector mode.</summary>
    public IFaultControl? Faults { get; } = faults;

    /// <summary>The frames the monitor saw (the ether's mirror or the collector's digests): docs/protocol.md, "Frames".</summary>
    public RaftEsp.Monitor.Frames.FrameFeed Frames { get; init; } = new(RaftEsp.Monitor.Frames.FrameFeed.ProcessClock());

    /// <summary>What GET /api/frames answers from: <see cref="Frames"/> live; a recording's frames in replay.</summary>
    public RaftEsp.Monitor.Frames.IFrameHistory FrameHistory
    {
        get => frameHistory ?? Frames;
        set => frameHistory = value;
    }

    private RaftEsp.Monitor.Frames.IFrameHistory? frameHistory;

    /// <summary>Join, leave and transfer (with the board processes in virtual mode).</summary>
    public MembershipService Membership { get; } = new(commands, state, processes);

    /// <summary>The run's history (History/): live recording, or the replay; null when none is kept.</summary>
    public History.MonitorHistory? History { get; init; }

    /// <summary>The charts' per-second series (Metrics/): by default on the frame feed's clock, the frames' own.</summary>
    public Metrics.MetricsRecorder Metrics
    {
        get => metrics ??= new Metrics.MetricsRecorder(() => Frames.NowMicros);
        init => metrics = value;
    }

    private Metrics.MetricsRecorder? metrics;

    public async ValueTask DisposeAsync()
    {
        if (History != null) await History.DisposeAsync().ConfigureAwait(false);
        Membership.Dispose();
        Commands.Dispose();
        await Link.DisposeAsync().ConfigureAwait(false);
        if (owned != null) await owned.DisposeAsync().ConfigureAwait(false);
    }
}
