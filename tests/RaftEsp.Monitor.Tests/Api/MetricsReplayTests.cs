using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RaftEsp.Monitor.Tests.Fakes;

namespace RaftEsp.Monitor.Tests.Api;

/// <summary>GET /api/metrics in a replay: the whole recording charted, wherever the playback position is.</summary>
public sealed class MetricsReplayTests : IAsyncLifetime
{
    private ReplayMonitor monitor = null!;
    private HttpClient Http => monitor.Http;

    public async Task InitializeAsync() => monitor = await ReplayMonitor.StartAsync();

    public async Task DisposeAsync() => await monitor.DisposeAsync();

    private static double?[] Values(JsonElement series) =>
        series.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : (double?)null).ToArray();

    private async Task<JsonElement> SeekAndChart(int ms)
    {
        using (HttpResponseMessage seek = await Http.PostAsync($"api/replay/seek?ms={ms}", null)) Assert.Equal(HttpStatusCode.OK, seek.StatusCode);
        return await Wait.UntilAsync(() => Http.GetFromJsonAsync<JsonElement>("api/metrics?fromMs=0&toMs=6000&stepMs=1000"),
            b => b.GetProperty("framesPerSecond").TryGetProperty("heartbeat", out _), "the recording's frames in the series");
    }

    [Fact]
    public async Task The_recordings_heartbeats_and_commits_are_charted_up_to_the_playback_position()
    {
        // The recorded leader sends a heartbeat every 100 ms carrying a commit index one higher each time; board 0
        // leads until 3000 ms, board 2 from 3400 ms. The charts show the run as it was at the playback position, like
        // every other view: the second in progress and the ones after it are empty.
        JsonElement body = await SeekAndChart(4500);
        Assert.Equal(new double?[] { 10, 10, 10, 6, null, null }, Values(body.GetProperty("framesPerSecond").GetProperty("heartbeat")));
        Assert.Equal(new double?[] { 10, 10, 6, null, null }, Values(body.GetProperty("commitsPerSecond"))[1..]);
        Assert.Equal("simulator", body.GetProperty("frameSource").GetString());
        Assert.Contains("collisions", body.GetProperty("note").GetString(), StringComparison.Ordinal);

        body = await SeekAndChart(6000);
        Assert.Equal(new double?[] { 10, 10, 10, 6, 10, 10 }, Values(body.GetProperty("framesPerSecond").GetProperty("heartbeat")));
        Assert.Equal(new double?[] { 10, 10, 6, 10, 10 }, Values(body.GetProperty("commitsPerSecond"))[1..]);
    }
}
