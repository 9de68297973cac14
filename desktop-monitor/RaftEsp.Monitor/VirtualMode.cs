using System.Net;
using RaftEsp.Monitor.Faults;
using RaftEsp.Monitor.Link;
using RaftEsp.Monitor.Options;
using RaftEsp.Monitor.State;
using RaftEsp.Monitor.Web;
using RaftEsp.VirtualCluster;

namespace RaftEsp.Monitor;

/// <summary>
/// The default mode: the monitor starts a virtual cluster on loopback (the ether, the boards, the collector, each a
/// child process; docs/virtual-boards.md) and talks to its collector over UDP exactly as to a real one.
/// </summary>
internal static class VirtualMode
{
    public static async Task<MonitorRuntime> CreateAsync(MonitorOptions options, CancellationToken cancel)
    {
        var launcher = new ClusterLauncher(new VirtualClusterOptions { Boards = options.Boards, ServerNode = options.ServerNode, MaxMembers = options.MaxMembers });
        try
        {
            // Start blocks until every program reports ready (or its start timeout passes).
            await Task.Run(launcher.Start, CancellationToken.None).ConfigureAwait(false);
            cancel.ThrowIfCancellationRequested();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            launcher.Dispose();
            throw new MonitorStartException("the virtual cluster did not start: " + e.Message, e);
        }
        catch
        {
            launcher.Dispose();
            throw;
        }

        UdpCollectorLink link;
        try
        {
            link = new UdpCollectorLink(launcher.ClusterId, launcher.ClusterKey, launcher.CollectorEndPoint, new IPEndPoint(IPAddress.Loopback, 0));
        }
        catch
        {
            launcher.Dispose();
            throw;
        }

        var state = new ClusterState(options.Boards, options.ServerNode, "virtual", 5, TimeProvider.System, RuntimeFactory.OfflineAfter);
        var control = new LauncherFaultControl(launcher);
        var owner = new LauncherOwner(launcher);
        MonitorRuntime runtime = RuntimeFactory.Compose(options, state, link, control, owner, control, launcher.ClusterId);
        owner.Mirror = RaftEsp.Monitor.Frames.FrameSources.StartEtherMirror(launcher, runtime.Frames); // frames in flight
        return runtime;
    }

    /// <summary>Stops the cluster's processes (and the ether's mirror link) when the runtime is disposed.</summary>
    private sealed class LauncherOwner(ClusterLauncher launcher) : IAsyncDisposable
    {
        public RaftEsp.Monitor.Frames.EtherMirrorLink? Mirror { get; set; }

        public async ValueTask DisposeAsync()
        {
            if (Mirror != null) await Mirror.DisposeAsync().ConfigureAwait(false);
            launcher.Dispose();
        }
    }
}
