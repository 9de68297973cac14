using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using RaftEsp.Monitor.Options;
using RaftEsp.Monitor.Web;

namespace RaftEsp.Monitor.Tests.Virtual;

/// <summary>
/// The monitor in its default mode, in process on a free loopback port: a real virtual cluster (ether, 5 board
/// processes, collector) behind the real UDP link. Disposing it stops every child process.
/// </summary>
public sealed class VirtualMonitor : IAsyncLifetime
{
    private WebApplication? app;

    public MonitorRuntime Runtime { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var options = new MonitorOptions { Http = new IPEndPoint(IPAddress.Loopback, 0), CommandTimeout = TimeSpan.FromSeconds(20) };
        Runtime = await RuntimeFactory.CreateAsync(options, CancellationToken.None);
        app = MonitorApp.Build(Runtime, options.Http, LogLevel.None);
        await app.StartAsync();
        await Runtime.Link.StartAsync(CancellationToken.None);
        BaseUrl = MonitorApp.BaseUrl(app);
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(90) };
        await WaitForLeaderAsync();
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (app != null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        if (Runtime != null) await Runtime.DisposeAsync();
    }

    public async Task<JsonElement> ClusterAsync() => await Http.GetFromJsonAsync<JsonElement>("api/cluster");

    /// <summary>Waits until an online board leads and every running board reports.</summary>
    public Task<JsonElement> WaitForLeaderAsync(int notBoard = -1) => Wait.UntilAsync(ClusterAsync,
        c => c.GetProperty("leaderId").GetInt32() is int l && l >= 0 && l != notBoard,
        notBoard < 0 ? "a leader" : $"a leader other than board {notBoard}");

    public async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(HttpMethod method, string url)
    {
        using var request = new HttpRequestMessage(method, url);
        using HttpResponseMessage response = await Http.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    /// <summary>Waits until every online board's slot <paramref name="slot"/> holds <paramref name="value"/>.</summary>
    public Task<JsonElement> WaitForValueEverywhereAsync(int slot, int value, bool includeOffline = false) => Wait.UntilAsync(ClusterAsync,
        c => c.GetProperty("boards").EnumerateArray()
            .Where(b => includeOffline || b.GetProperty("online").GetBoolean())
            .All(b => b.GetProperty("online").GetBoolean() && b.GetProperty("database")[slot].GetInt32() == value),
        $"{value} in slot {slot} of every {(includeOffline ? "" : "online ")}board");
}
