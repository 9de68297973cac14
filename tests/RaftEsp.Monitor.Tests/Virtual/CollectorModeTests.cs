using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using RaftEsp.Monitor.Options;
using RaftEsp.Monitor.Web;
using RaftEsp.VirtualCluster;

namespace RaftEsp.Monitor.Tests.Virtual;

/// <summary>
/// Real-collector mode end to end: the test runs a virtual cluster itself and points a monitor at its collector
/// with the cluster key, as a user would point it at a board collector.
/// </summary>
public sealed class CollectorModeTests : IAsyncLifetime, IDisposable
{
    private ClusterLauncher? cluster;
    private WebApplication? app;
    private MonitorRuntime? runtime;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        cluster = new ClusterLauncher(new VirtualClusterOptions { Boards = 5 });
        await Task.Run(cluster.Start);
        var options = new MonitorOptions
        {
            Http = new IPEndPoint(IPAddress.Loopback, 0),
            Collector = cluster.CollectorEndPoint,
            ClusterKey = cluster.ClusterKey,
            ClusterId = cluster.ClusterId,
            UdpPort = 0,
            CommandTimeout = TimeSpan.FromSeconds(20),
        };
        runtime = await RuntimeFactory.CreateAsync(options, CancellationToken.None);
        app = MonitorApp.Build(runtime, options.Http, LogLevel.None);
        await app.StartAsync();
        await runtime.Link.StartAsync(CancellationToken.None);
        http = new HttpClient { BaseAddress = new Uri(MonitorApp.BaseUrl(app)), Timeout = TimeSpan.FromSeconds(90) };
    }

    public async Task DisposeAsync()
    {
        if (app != null) await app.DisposeAsync();
        if (runtime != null) await runtime.DisposeAsync();
    }

    public void Dispose()
    {
        http.Dispose();
        cluster?.Dispose();
    }

    private async Task<JsonElement> Cluster() => JsonDocument.Parse(await http.GetStringAsync("api/cluster")).RootElement.Clone();

    [Fact]
    public async Task The_monitor_shows_the_cluster_takes_commands_and_refuses_fault_injection()
    {
        JsonElement c = await Wait.UntilAsync(Cluster, c => c.GetProperty("leaderId").GetInt32() >= 0, "a leader");
        Assert.Equal("collector", c.GetProperty("mode").GetString());

        using (HttpResponseMessage set = await http.PostAsync("api/set?index=3&value=-8", null))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        await Wait.UntilAsync(Cluster,
            c => c.GetProperty("boards").EnumerateArray().All(b => b.GetProperty("online").GetBoolean() && b.GetProperty("database")[3].GetInt32() == -8),
            "-8 in slot 3 of every board");

        using HttpResponseMessage crash = await http.PostAsync("api/sim/crash?node=1", null);
        Assert.Equal(HttpStatusCode.Conflict, crash.StatusCode);
        Assert.True(cluster!.Boards.All(b => b.Running));
    }
}
