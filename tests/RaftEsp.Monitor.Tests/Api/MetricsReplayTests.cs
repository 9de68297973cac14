using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using RaftEsp.Monitor.Options;
using RaftEsp.Monitor.Tests.Fakes;
using RaftEsp.Monitor.Web;

namespace RaftEsp.Monitor.Tests.Api;

/// <summary>GET /api/metrics in a replay: the recording's frames charted up to the playback position.</summary>
public sealed class MetricsReplayTests : IAsyncLifetime
{
    private readonly string dir = Directory.CreateTempSubdirectory("raftesp-metrics-replay-").FullName;
    private WebApplication? app;
    private MonitorRuntime? runtime;
    private HttpClient Http { get; set; } = null!;

    public async Task InitializeAsync()
    {
        string path = RecordedRun.Write(Path.Combine(dir, "run.rrec"));
        var options = new MonitorOptions { Http = new IPEndPoint(IPAddress.Loopback, 0), Replay = path };
        runtime = await RuntimeFactory.CreateAsync(options, CancellationToken.None);
        app = MonitorApp.Build(runtime, options.Http, LogLevel.None);
        await app.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(MonitorApp.BaseUrl(app)), Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (app != null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        if (runtime != null) await runtime.DisposeAsync();
        Directory.Delete(dir, true);
    }

    private static double?[] Values(JsonElement series) =>
        series.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : (double?)null).ToArray();

    [Fact]
    public async Task The_recordings_heartbeats_and_commits_are_charted_up_to_the_playback_position()
    {
        using (HttpResponseMessage seek = await Http.PostAsync("api/replay/seek?ms=4500", null)) Assert.Equal(HttpStatusCode.OK, seek.StatusCode);

        // The recorded leader sends a heartbeat every 100 ms carrying a commit index one higher each time; board 0
        // leads until 3000 ms, board 2 from 3400 ms.
        JsonElement body = await Wait.UntilAsync(() => Http.GetFromJsonAsync<JsonElement>("api/metrics?fromMs=0&toMs=6000&stepMs=1000"),
            b => b.GetProperty("framesPerSecond").TryGetProperty("heartbeat", out _), "the recording's frames in the series");
        Assert.Equal(new double?[] { 10, 10, 10, 6, null, null }, Values(body.GetProperty("framesPerSecond").GetProperty("heartbeat")));
        Assert.Equal(new double?[] { 10, 10, 6, null, null }, Values(body.GetProperty("commitsPerSecond"))[1..]);
        Assert.Equal("simulator", body.GetProperty("frameSource").GetString());
        Assert.Contains("collisions", body.GetProperty("note").GetString(), StringComparison.Ordinal);
    }
}
