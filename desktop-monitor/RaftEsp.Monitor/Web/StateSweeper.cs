using Microsoft.Extensions.Hosting;
using RaftEsp.Monitor.State;

namespace RaftEsp.Monitor.Web;

/// <summary>Marks boards offline when their reports stop (four times a second).</summary>
internal sealed class StateSweeper(ClusterState state) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false)) state.Sweep();
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
