using Microsoft.Extensions.Hosting;
using RaftEsp.Monitor.State;

namespace RaftEsp.Monitor.Metrics;

/// <summary>
/// Feeds the cluster's snapshots to the metrics while the monitor runs: one after each change, at most five a second
/// (reports arrive several times a second per board; per-second series need no more).
/// </summary>
internal sealed class MetricsSnapshotFeeder(ClusterState state, MetricsRecorder metrics) : BackgroundService
{
    private static readonly TimeSpan MinGap = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                ClusterSnapshot snapshot = state.Snapshot();
                metrics.AddSnapshot(snapshot);
                await Task.Delay(MinGap, stoppingToken).ConfigureAwait(false);
                await state.WaitForChangeAsync(snapshot.Version, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The monitor is stopping.
        }
    }
}
