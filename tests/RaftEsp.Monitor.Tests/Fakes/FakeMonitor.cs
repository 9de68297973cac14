using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using RaftEsp.Monitor.Commands;
using RaftEsp.Monitor.State;
using RaftEsp.Monitor.Web;

namespace RaftEsp.Monitor.Tests.Fakes;

/// <summary>The monitor's web app, in process on a free loopback port, over a <see cref="FakeCluster"/>.</summary>
public sealed class FakeMonitor : IAsyncDisposable
{
    private readonly WebApplication app;

    private FakeMonitor(FakeCluster cluster, MonitorRuntime runtime, WebApplication app, string url)
    {
        Cluster = cluster;
        Runtime = runtime;
        this.app = app;
        BaseUrl = url;
        Http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
    }

    public FakeCluster Cluster { get; }

    public MonitorRuntime Runtime { get; }

    public string BaseUrl { get; }

    public HttpClient Http { get; }

    /// <summary>Starts a monitor; <paramref name="virtualMode"/> false gives it no fault control (real-collector mode).</summary>
    public static async Task<FakeMonitor> StartAsync(bool virtualMode = true, CommandServiceOptions? commands = null)
    {
        var cluster = new FakeCluster();
        var state = new ClusterState(5, 0, virtualMode ? "virtual" : "collector", 5, TimeProvider.System, TimeSpan.FromSeconds(3));
        cluster.BoardReported += r => state.Apply(r);
        var service = new CommandService(cluster, state, commands ?? new CommandServiceOptions { Timeout = TimeSpan.FromSeconds(5) }, TimeProvider.System);
        var runtime = new MonitorRuntime(state, cluster, service, virtualMode ? cluster : null, null, virtualMode ? cluster : null);
        WebApplication app = MonitorApp.Build(runtime, new IPEndPoint(IPAddress.Loopback, 0), LogLevel.None);
        await app.StartAsync().ConfigureAwait(false);
        await cluster.StartAsync(CancellationToken.None).ConfigureAwait(false);
        return new FakeMonitor(cluster, runtime, app, MonitorApp.BaseUrl(app));
    }

    public async Task<JsonElement> ClusterAsync()
    {
        return await Http.GetFromJsonAsync<JsonElement>("api/cluster").ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        await Runtime.DisposeAsync().ConfigureAwait(false);
    }
}
