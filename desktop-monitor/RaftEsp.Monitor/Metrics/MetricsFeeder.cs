using Microsoft.Extensions.Hosting;
using RaftEsp.Monitor.Frames;
using RaftEsp.Monitor.State;

namespace RaftEsp.Monitor.Metrics;

/// <summary>
/// Feeds the metrics while the monitor runs: every frame the feed keeps (<see cref="FrameFeed.Added"/>), and the
/// cluster's snapshot after each change, at most five a second (reports arrive several times a second per board;
/// per-second series need no more). In a replay: when the replay built the series from the whole recording
/// (<see cref="MetricsRecorder.FromRun(IEnumerable{RaftEsp.Recording.FrameEvent}, IEnumerable{TimedSnapshot}, Func{long}, int)"/>),
/// nothing is added (the states played would count twice); otherwise the recording's frames go in first (the
/// recorder keeps its bound) and the states as they play.
/// </summary>
internal sealed class MetricsFeeder(ClusterState state, FrameFeed frames, MetricsRecorder metrics, IReadOnlyList<RaftEsp.Recording.FrameEvent>? replayed = null)
    : BackgroundService
{
    private static readonly TimeSpan MinGap = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        frames.Added += metrics.Add;
        try
        {
            if (replayed != null)
            {
                if (metrics.HasData) return;
                foreach (RaftEsp.Recording.FrameEvent frame in replayed) metrics.Add(frame);
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                ClusterSnapshot snapshot = state.Snapshot();
                metrics.AddSnapshot(snapshot);
                // The feed's Added event carries only the frames it keeps; say where the series count a share.
                FramePage figures = frames.After(long.MaxValue, 1);
                if (figures.Sampled) metrics.MarkSampled(figures.ClockMicros);
                await Task.Delay(MinGap, stoppingToken).ConfigureAwait(false);
                await state.WaitForChangeAsync(snapshot.Version, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The monitor is stopping.
        }
        finally
        {
            frames.Added -= metrics.Add;
        }
    }
}
