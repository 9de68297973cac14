using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RaftEsp.Monitor.Tests.Fakes;

namespace RaftEsp.Monitor.Tests.Api;

/// <summary>The monitor with --replay over a recording written by the recording's writer, in process.</summary>
public sealed class ReplayApiTests : IAsyncLifetime
{
    private ReplayMonitor monitor = null!;
    private HttpClient Http => monitor.Http;

    public async Task InitializeAsync() => monitor = await ReplayMonitor.StartAsync();

    public async Task DisposeAsync() => await monitor.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(HttpMethod method, string url)
    {
        using var request = new HttpRequestMessage(method, url);
        using HttpResponseMessage response = await Http.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private Task<JsonElement> GetAsync(string url) => Http.GetFromJsonAsync<JsonElement>(url);

    [Fact]
    public async Task History_describes_the_recording_and_opens_paused_at_its_start()
    {
        JsonElement h = await GetAsync("api/history");
        Assert.Equal("replay", h.GetProperty("mode").GetString());
        Assert.Equal(0, h.GetProperty("startMs").GetInt64());
        Assert.Equal(RecordedRun.EndMs, h.GetProperty("endMs").GetInt64());
        Assert.Equal(0, h.GetProperty("positionMs").GetInt64());
        Assert.False(h.GetProperty("live").GetBoolean());
        Assert.False(h.GetProperty("playing").GetBoolean());
        Assert.EndsWith("run.rrec", h.GetProperty("file").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, h.GetProperty("droppedBeforeMs").GetInt64());
    }

    [Fact]
    public async Task Seeking_shows_the_leader_recorded_at_that_time()
    {
        (HttpStatusCode status, JsonElement h) = await CallAsync(HttpMethod.Post, "api/replay/seek?ms=2000");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2000, h.GetProperty("positionMs").GetInt64());
        JsonElement c = await GetAsync("api/cluster");
        Assert.Equal(0, c.GetProperty("leaderId").GetInt32());
        Assert.Equal(1, c.GetProperty("term").GetInt32());
        Assert.Equal(2000, c.GetProperty("clockMs").GetInt64());
        Assert.Equal("replay", c.GetProperty("mode").GetString());

        await CallAsync(HttpMethod.Post, "api/replay/seek?ms=5500");
        c = await GetAsync("api/cluster");
        Assert.Equal(2, c.GetProperty("leaderId").GetInt32());
        Assert.Equal(2, c.GetProperty("term").GetInt32());
        Assert.Equal("Crashed", c.GetProperty("boards")[0].GetProperty("role").GetString());
        Assert.Contains(c.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("text").GetString() == "crashed board 0");

        // And back: the crash has not happened yet.
        await CallAsync(HttpMethod.Post, "api/replay/seek?ms=1000");
        c = await GetAsync("api/cluster");
        Assert.Equal(0, c.GetProperty("leaderId").GetInt32());
        Assert.DoesNotContain(c.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("text").GetString() == "crashed board 0");
    }

    [Fact]
    public async Task The_cluster_at_a_time_answers_without_moving_the_position()
    {
        JsonElement before = await GetAsync("api/cluster?atMs=2500");
        Assert.Equal(0, before.GetProperty("leaderId").GetInt32());
        Assert.Equal(2500, before.GetProperty("clockMs").GetInt64());
        JsonElement after = await GetAsync("api/cluster?atMs=4000");
        Assert.Equal(2, after.GetProperty("leaderId").GetInt32());
        JsonElement between = await GetAsync("api/cluster?atMs=3200");
        Assert.Equal(-1, between.GetProperty("leaderId").GetInt32());
        Assert.Equal(0, (await GetAsync("api/history")).GetProperty("positionMs").GetInt64());
    }

    [Fact]
    public async Task Play_pause_and_speed_move_the_position()
    {
        (HttpStatusCode status, JsonElement h) = await CallAsync(HttpMethod.Post, "api/replay/speed?x=20");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(20, h.GetProperty("speed").GetDouble());
        (status, h) = await CallAsync(HttpMethod.Post, "api/replay/play");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(h.GetProperty("playing").GetBoolean());
        await Wait.UntilAsync(() => GetAsync("api/history"), x => x.GetProperty("positionMs").GetInt64() > 0, "the position moving");
        (status, h) = await CallAsync(HttpMethod.Post, "api/replay/pause");
        Assert.False(h.GetProperty("playing").GetBoolean());
        long paused = h.GetProperty("positionMs").GetInt64();
        await Task.Delay(300);
        Assert.Equal(paused, (await GetAsync("api/history")).GetProperty("positionMs").GetInt64());
        Assert.Equal(paused, (await GetAsync("api/cluster")).GetProperty("clockMs").GetInt64());

        // Played to the end, it stops there.
        await CallAsync(HttpMethod.Post, "api/replay/play");
        JsonElement end = await Wait.UntilAsync(() => GetAsync("api/history"), x => !x.GetProperty("playing").GetBoolean(), "the end of the recording");
        Assert.Equal(RecordedRun.EndMs, end.GetProperty("positionMs").GetInt64());
        Assert.Equal(2, (await GetAsync("api/cluster")).GetProperty("leaderId").GetInt32());
    }

    [Theory]
    [InlineData("api/replay/seek?ms=abc")]
    [InlineData("api/replay/seek?ms=-5")]
    [InlineData("api/replay/seek?ms=99999999")]
    [InlineData("api/replay/seek?ms=1&ms=2")]
    [InlineData("api/replay/seek")]
    [InlineData("api/replay/speed?x=0")]
    [InlineData("api/replay/speed?x=21")]
    [InlineData("api/replay/speed?x=1e1")]
    [InlineData("api/replay/speed?x=NaN")]
    public async Task Bad_parameters_are_400_in_json_and_change_nothing(string url)
    {
        (HttpStatusCode status, JsonElement body) = await CallAsync(HttpMethod.Post, url);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetString()));
        JsonElement h = await GetAsync("api/history");
        Assert.Equal(0, h.GetProperty("positionMs").GetInt64());
        Assert.Equal(1, h.GetProperty("speed").GetDouble());
    }

    [Fact]
    public async Task A_bad_time_for_the_cluster_is_400()
    {
        using HttpResponseMessage r = await Http.GetAsync("api/cluster?atMs=soon");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("atMs", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", "api/set?index=0&value=1")]
    [InlineData("POST", "api/remove?index=0")]
    [InlineData("GET", "api/get?index=0")]
    [InlineData("POST", "api/join?node=5")]
    [InlineData("POST", "api/leave?node=1")]
    [InlineData("POST", "api/transfer?node=1")]
    [InlineData("POST", "api/sim/crash?node=1")]
    [InlineData("POST", "api/sim/heal")]
    public async Task A_replay_is_read_only(string method, string url)
    {
        (HttpStatusCode status, JsonElement body) = await CallAsync(new HttpMethod(method), url);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("a replay is read-only", body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Frames_come_from_the_recording_up_to_the_position_and_for_any_window()
    {
        await CallAsync(HttpMethod.Post, "api/replay/seek?ms=2000");
        JsonElement tail = await GetAsync("api/frames?after=0&max=1000");
        Assert.Equal("recording", tail.GetProperty("source").GetString());
        JsonElement[] frames = tail.GetProperty("frames").EnumerateArray().ToArray();
        Assert.Equal(20, frames.Length); // heartbeats at 0.01, 100.01, ... 1900.01 ms; the next is just past 2000
        Assert.All(frames, f => Assert.True(f.GetProperty("tMs").GetDouble() <= 2000));
        Assert.All(frames, f => Assert.Equal(0, f.GetProperty("from").GetInt32()));
        Assert.Equal(20, tail.GetProperty("nextSeq").GetInt64());

        JsonElement window = await GetAsync("api/frames?fromMs=4000&toMs=5000&max=1000");
        JsonElement[] later = window.GetProperty("frames").EnumerateArray().ToArray();
        Assert.Equal(10, later.Length);
        Assert.All(later, f => Assert.Equal(2, f.GetProperty("from").GetInt32()));
        Assert.All(later, f => Assert.Equal("heartbeat", f.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task The_charts_of_a_replay_come_from_the_recording()
    {
        await CallAsync(HttpMethod.Post, $"api/replay/seek?ms={RecordedRun.EndMs}");
        JsonElement m = await GetAsync($"api/metrics?fromMs=0&toMs={RecordedRun.EndMs}&stepMs=1000");
        double[] frames = m.GetProperty("framesPerSecond").GetProperty("heartbeat").EnumerateArray()
            .Where(v => v.ValueKind == JsonValueKind.Number).Select(v => v.GetDouble()).ToArray();
        // The leader's heartbeats: 10 a second while a board leads (the recording has one every 100 ms).
        Assert.Contains(10.0, frames);
    }
}
