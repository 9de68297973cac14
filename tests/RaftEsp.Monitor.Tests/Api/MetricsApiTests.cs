using System.Net;
using System.Text.Json;
using RaftEsp.Core;
using RaftEsp.Recording;
using RaftEsp.Monitor.Tests.Fakes;

namespace RaftEsp.Monitor.Tests.Api;

/// <summary>GET /api/metrics over an in-memory cluster: the contract's shape, its defaults and its refusals.</summary>
public sealed class MetricsApiTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> Get(FakeMonitor m, string url)
    {
        using HttpResponseMessage response = await m.Http.GetAsync(url);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString() ?? "", StringComparison.Ordinal);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Theory]
    [InlineData("api/metrics?fromMs=5000&toMs=1000")]
    [InlineData("api/metrics?stepMs=0")]
    [InlineData("api/metrics?stepMs=-1000")]
    [InlineData("api/metrics?stepMs=500")]
    [InlineData("api/metrics?fromMs=0&toMs=100000000&stepMs=1000")]
    [InlineData("api/metrics?fromMs=x")]
    [InlineData("api/metrics?toMs=1.5")]
    [InlineData("api/metrics?fromMs=0&fromMs=1000")]
    [InlineData("api/metrics?stepMs=")]
    public async Task Bad_parameters_answer_400_with_a_reason(string url)
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        var (status, body) = await Get(m, url);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task A_window_answers_every_series_of_the_contract_with_one_value_per_step()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        var (status, body) = await Get(m, "api/metrics?fromMs=0&toMs=60000&stepMs=5000");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, body.GetProperty("startMs").GetInt64());
        Assert.Equal(5000, body.GetProperty("stepMs").GetInt64());
        foreach (string name in new[] { "commitsPerSecond", "latencyP50Ms", "latencyP99Ms", "lostPerSecond" })
        {
            Assert.Equal(12, body.GetProperty(name).GetArrayLength());
        }

        Assert.Equal(JsonValueKind.Object, body.GetProperty("framesPerSecond").ValueKind);
        Assert.Equal(JsonValueKind.Object, body.GetProperty("boards").ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("note").GetString()));
    }

    [Fact]
    public async Task Without_a_window_the_last_five_minutes_are_answered_and_commits_show_per_board()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        await Wait.UntilAsync(m.ClusterAsync, c => c.GetProperty("leaderId").GetInt32() >= 0, "a leader");
        // The boards' first reports are the baseline (commits made before the monitor saw them are not a rate).
        await Wait.UntilAsync(async () => (await Get(m, "api/metrics")).Body, b => b.GetProperty("boards").EnumerateObject().Any(), "the boards in the series");
        using (HttpResponseMessage set = await m.Http.PostAsync("api/set?index=1&value=7", null)) Assert.Equal(HttpStatusCode.OK, set.StatusCode);

        JsonElement body = await Wait.UntilAsync(async () => (await Get(m, "api/metrics")).Body,
            b => b.GetProperty("commitsPerSecond").EnumerateArray().Any(v => v.ValueKind == JsonValueKind.Number && v.GetDouble() > 0),
            "a second with commits");
        Assert.Equal(300, body.GetProperty("commitsPerSecond").GetArrayLength());
        long now = body.GetProperty("nowMs").GetInt64();
        Assert.Equal(now - 300_000, body.GetProperty("startMs").GetInt64(), 1000.0);
        Assert.Contains(body.GetProperty("boards").EnumerateObject(),
            b => b.Value.GetProperty("commitsPerSecond").EnumerateArray().Any(v => v.ValueKind == JsonValueKind.Number && v.GetDouble() > 0));
    }

    [Fact]
    public async Task Frames_the_feed_keeps_reach_the_series_on_the_feeds_clock()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        long then = m.Runtime.Frames.NowMicros - 1_500_000; // a second that has ended by now
        for (int i = 0; i < 7; i++)
        {
            m.Runtime.Frames.Add(new FrameEvent(then + i, (int)MessageType.VoteRequest, 3, NodeId.Broadcast, 20, 0, new[] { 0, 1 }, new[] { 2 }, FrameSource.Ether, Term: 4));
        }

        var (status, body) = await Get(m, "api/metrics?windowMs=10000");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(body.GetProperty("framesPerSecond").GetProperty("vote").EnumerateArray(), v => v.ValueKind == JsonValueKind.Number && v.GetDouble() == 7);
        Assert.Contains(body.GetProperty("lostPerSecond").EnumerateArray(), v => v.ValueKind == JsonValueKind.Number && v.GetDouble() == 7);
        Assert.Contains(body.GetProperty("boards").GetProperty("3").GetProperty("framesPerSecond").EnumerateArray(), v => v.ValueKind == JsonValueKind.Number && v.GetDouble() == 7);
        Assert.Equal("ether", body.GetProperty("frameSource").GetString());
    }
}
