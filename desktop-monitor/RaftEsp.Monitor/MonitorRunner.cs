using Microsoft.Extensions.Logging;
using RaftEsp.Monitor.Options;
using RaftEsp.Monitor.Tui;
using RaftEsp.Monitor.Web;

namespace RaftEsp.Monitor;

/// <summary>One run of the monitor: build the runtime for the chosen mode, serve the page, show the terminal view
/// if asked, and on Ctrl+C stop everything, the virtual cluster's child processes included.</summary>
public static class MonitorRunner
{
    public static async Task<int> RunAsync(MonitorOptions options, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(options);
        MonitorRuntime runtime;
        try
        {
            runtime = await RuntimeFactory.CreateAsync(options, cancel).ConfigureAwait(false);
        }
        catch (MonitorStartException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return e.ExitCode;
        }

        await using (runtime.ConfigureAwait(false))
        {
            var app = MonitorApp.Build(runtime, options.Http, options.Tui ? LogLevel.None : LogLevel.Warning);
            await using (app.ConfigureAwait(false))
            {
                try
                {
                    await app.StartAsync(cancel).ConfigureAwait(false);
                }
                catch (IOException e)
                {
                    await Console.Error.WriteLineAsync($"error: cannot listen on {options.Http}: {e.Message}").ConfigureAwait(false);
                    return 1;
                }

                await runtime.Link.StartAsync(cancel).ConfigureAwait(false);
                string url = MonitorApp.BaseUrl(app);
                string mode = options.Replay != null
                    ? $"replay of {options.Replay} (read-only; play, pause, speed and seek on the page)"
                    : options.IsVirtual
                    ? $"virtual cluster of {options.Boards} boards (server node {options.ServerNode}) on loopback"
                    : $"collector at {options.Collector}";
                if (options.Tui)
                {
                    await TuiView.RunAsync(runtime.State, url, cancel).ConfigureAwait(false);
                }
                else
                {
                    Console.WriteLine($"RaftEsp monitor: {mode}");
                    if (History.HistoryText.Describe(runtime.History) is { } recording) Console.WriteLine(recording);
                    Console.WriteLine($"Open {url} (Ctrl+C stops the monitor{(options.IsVirtual ? " and the cluster" : "")})");
                    try
                    {
                        await Task.Delay(Timeout.Infinite, cancel).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        // Ctrl+C.
                    }
                }

                Console.WriteLine("stopping...");
                await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        return 0;
    }
}
