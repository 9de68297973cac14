using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using RaftEsp.Monitor.Options;
using RaftEsp.Monitor.Web;

namespace RaftEsp.Monitor.Tests.Fakes;

/// <summary>
/// The monitor started in process with --replay over <see cref="RecordedRun"/> (written to a temporary folder that is
/// deleted with it), listening on a free loopback port: what the replay API, charts and page tests open.
/// </summary>
public sealed class ReplayMonitor : IAsyncDisposable
{
    private readonly string dir;
    private readonly WebApplication app;
    private readonly MonitorRuntime runtime;

    private ReplayMonitor(string dir, WebApplication app, MonitorRuntime runtime)
    {
        this.dir = dir;
        this.app = app;
        this.runtime = runtime;
        Url = MonitorApp.BaseUrl(app);
        Http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>The page's address, e.g. "http://127.0.0.1:40123/".</summary>
    public string Url { get; }

    /// <summary>A client on <see cref="Url"/>.</summary>
    public HttpClient Http { get; }

    public static async Task<ReplayMonitor> StartAsync(string fileName = "run.rrec")
    {
        string dir = Directory.CreateTempSubdirectory("raftesp-replay-").FullName;
        MonitorRuntime? runtime = null;
        try
        {
            string path = RecordedRun.Write(Path.Combine(dir, fileName));
            var options = new MonitorOptions { Http = new IPEndPoint(IPAddress.Loopback, 0), Replay = path };
            runtime = await RuntimeFactory.CreateAsync(options, CancellationToken.None);
            WebApplication app = MonitorApp.Build(runtime, options.Http, LogLevel.None);
            await app.StartAsync();
            return new ReplayMonitor(dir, app, runtime);
        }
        catch
        {
            if (runtime != null) await runtime.DisposeAsync();
            Directory.Delete(dir, true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        await runtime.DisposeAsync();
        Directory.Delete(dir, true);
    }
}
