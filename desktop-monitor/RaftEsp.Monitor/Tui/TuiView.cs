using Spectre.Console;
using RaftEsp.Monitor.State;

namespace RaftEsp.Monitor.Tui;

/// <summary>The terminal face (--tui): a Spectre.Console live display redrawn on every change, at most 4 times a second.</summary>
public static class TuiView
{
    public static async Task RunAsync(ClusterState state, string url, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(state);
        ClusterSnapshot first = state.Snapshot();
        await AnsiConsole.Live(TuiRenderer.Render(first, url)).AutoClear(false).StartAsync(async context =>
        {
            long seen = first.Version;
            while (!cancel.IsCancellationRequested)
            {
                try
                {
                    await state.WaitForChangeAsync(seen, cancel).WaitAsync(TimeSpan.FromSeconds(1), cancel).ConfigureAwait(false);
                    await Task.Delay(250, cancel).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // Redraw anyway: report ages move on.
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                ClusterSnapshot now = state.Snapshot();
                seen = now.Version;
                context.UpdateTarget(TuiRenderer.Render(now, url));
            }
        }).ConfigureAwait(false);
    }
}
