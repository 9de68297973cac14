using System.Net;
using System.Text.Json;
using RaftEsp.Monitor.Tests.Fakes;
using RaftEsp.Recording;

namespace RaftEsp.Monitor.Tests.Api;

/// <summary>GET /api/frames over a feed the test fills, and its refusals.</summary>
public sealed class FramesApiTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> Get(FakeMonitor m, string url)
    {
        using HttpResponseMessage response = await m.Http.GetAsync(url);
        string text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static void Fill(FakeMonitor m)
    {
        m.Runtime.Frames.SetSource("ether", "test frames");
        for (int i = 1; i <= 10; i++)
            m.Runtime.Frames.Add(new FrameEvent(i * 1000, i % 2 == 0 ? 5 : 6, i % 3, 255, 45, i == 4 ? 2 : 0, [1, 2], i == 3 ? [4] : [], FrameSource.Ether, 7, 100 + i, 99, i == 5));
    }

    [Fact]
    public async Task The_live_tail_and_a_window_answer_with_every_field_the_page_draws()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        Fill(m);
        var (status, body) = await Get(m, "api/frames?after=7&max=3");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ether", body.GetProperty("source").GetString());
        Assert.Equal("test frames", body.GetProperty("note").GetString());
        Assert.Equal(10, body.GetProperty("nextSeq").GetInt64());
        Assert.False(body.GetProperty("sampled").GetBoolean());
        JsonElement[] frames = body.GetProperty("frames").EnumerateArray().ToArray();
        Assert.Equal([8L, 9, 10], frames.Select(f => f.GetProperty("seq").GetInt64()));
        JsonElement eight = frames[0];
        Assert.Equal(("heartbeat", 5, 2, 255, 45, 7, 108, 99, false), (eight.GetProperty("kind").GetString(), eight.GetProperty("type").GetInt32(),
            eight.GetProperty("from").GetInt32(), eight.GetProperty("to").GetInt32(), eight.GetProperty("bytes").GetInt32(), eight.GetProperty("term").GetInt32(),
            eight.GetProperty("index").GetInt32(), eight.GetProperty("commit").GetInt32(), eight.GetProperty("refused").GetBoolean()));
        Assert.Equal(8.0, eight.GetProperty("tMs").GetDouble());
        Assert.Equal("ether", eight.GetProperty("source").GetString());
        Assert.Equal([1, 2], eight.GetProperty("deliveredTo").EnumerateArray().Select(e => e.GetInt32()));

        (status, body) = await Get(m, "api/frames?fromMs=3&toMs=5");
        Assert.Equal(HttpStatusCode.OK, status);
        frames = body.GetProperty("frames").EnumerateArray().ToArray();
        Assert.Equal([3.0, 4.0, 5.0], frames.Select(f => f.GetProperty("tMs").GetDouble()));
        Assert.Equal([4], frames[0].GetProperty("lostTo").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("append", frames[1].GetProperty("kind").GetString());
        Assert.True(frames[2].GetProperty("refused").GetBoolean());
        Assert.True(body.GetProperty("clockMs").GetDouble() >= 0);
    }

    [Fact]
    public async Task Without_parameters_it_answers_the_newest_frames()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        var (status, body) = await Get(m, "api/frames");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("none", body.GetProperty("source").GetString());
        Assert.Empty(body.GetProperty("frames").EnumerateArray());
        Fill(m);
        (_, body) = await Get(m, "api/frames");
        Assert.Equal(10, body.GetProperty("frames").GetArrayLength());
    }

    [Theory]
    [InlineData("api/frames?after=-1")]
    [InlineData("api/frames?after=x")]
    [InlineData("api/frames?after=1&after=2")]
    [InlineData("api/frames?after=%2B1")]
    [InlineData("api/frames?after=1%00")]
    [InlineData("api/frames?after=99999999999999999999")]
    [InlineData("api/frames?max=0")]
    [InlineData("api/frames?max=5001")]
    [InlineData("api/frames?max=")]
    [InlineData("api/frames?fromMs=5")]
    [InlineData("api/frames?toMs=5")]
    [InlineData("api/frames?fromMs=6&toMs=5")]
    [InlineData("api/frames?fromMs=-1&toMs=5")]
    [InlineData("api/frames?fromMs=1.5&toMs=5")]
    [InlineData("api/frames?fromMs=1&toMs=5&after=3")]
    [InlineData("api/frames?since=3")]
    public async Task Bad_parameters_answer_400_with_a_reason(string url)
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        Fill(m);
        var (status, body) = await Get(m, url);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task The_event_stream_carries_new_frames_as_frames_events()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/events");
        using HttpResponseMessage response = await m.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.StartsWith("event: cluster", await reader.ReadLineAsync(), StringComparison.Ordinal);
        Fill(m);
        m.Cluster.ReportAll(); // a change of the cluster: the stream wakes
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        string? line;
        while ((line = await reader.ReadLineAsync(timeout.Token)) != null && line != "event: frames")
        {
        }

        Assert.Equal("event: frames", line);
        string data = (await reader.ReadLineAsync(timeout.Token))!;
        JsonElement body = JsonDocument.Parse(data["data: ".Length..]).RootElement;
        Assert.Equal(10, body.GetProperty("frames").GetArrayLength());
    }
}
