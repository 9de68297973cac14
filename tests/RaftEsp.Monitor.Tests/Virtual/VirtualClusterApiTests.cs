using System.Net;
using System.Text.Json;

namespace RaftEsp.Monitor.Tests.Virtual;

/// <summary>The HTTP API against a running virtual cluster: real boards, real radio model, real collector.</summary>
public sealed class VirtualClusterApiTests(VirtualMonitor monitor) : IClassFixture<VirtualMonitor>
{
    [Fact]
    public async Task A_set_is_answered_once_committed_and_reaches_every_board()
    {
        var (status, body) = await monitor.CallAsync(HttpMethod.Post, "api/set?index=1&value=4711");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("logIndex").GetInt32() > 0);
        await monitor.WaitForValueEverywhereAsync(1, 4711, includeOffline: true);
    }

    [Fact]
    public async Task A_get_after_an_acknowledged_set_sees_it()
    {
        for (int value = -3; value <= 3; value++)
        {
            Assert.Equal(HttpStatusCode.OK, (await monitor.CallAsync(HttpMethod.Post, $"api/set?index=3&value={value * 1000}")).Status);
            var (status, got) = await monitor.CallAsync(HttpMethod.Get, "api/get?index=3");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(value * 1000, got.GetProperty("value").GetInt32());
            Assert.True(got.GetProperty("readIndex").GetInt32() > 0);
        }
    }

    [Fact]
    public async Task A_remove_clears_the_slot_everywhere()
    {
        Assert.Equal(HttpStatusCode.OK, (await monitor.CallAsync(HttpMethod.Post, "api/set?index=4&value=99")).Status);
        var (status, body) = await monitor.CallAsync(HttpMethod.Post, "api/remove?index=4");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(99, body.GetProperty("previous").GetInt32());
        await monitor.WaitForValueEverywhereAsync(4, 0);
    }

    [Theory]
    [InlineData("api/set?index=5&value=1")]
    [InlineData("api/set?index=0&value=abc")]
    [InlineData("api/set?index=0")]
    [InlineData("api/remove?index=-1")]
    public async Task Bad_input_answers_400_and_changes_nothing(string url)
    {
        int seqBefore = (await monitor.CallAsync(HttpMethod.Post, "api/set?index=0&value=123")).Body.GetProperty("seq").GetInt32();
        var (status, body) = await monitor.CallAsync(HttpMethod.Post, url);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("error").GetString()));
        // Nothing was sent (the next commands take the very next sequence numbers) and nothing changed.
        var (_, read) = await monitor.CallAsync(HttpMethod.Get, "api/get?index=0");
        Assert.Equal(123, read.GetProperty("value").GetInt32());
        Assert.Equal(NextSeq(seqBefore), read.GetProperty("seq").GetInt32());
        await monitor.WaitForValueEverywhereAsync(0, 123, includeOffline: true);
    }

    private static int NextSeq(int seq) => seq == 0xFFFF ? 1 : seq + 1;

    [Fact]
    public async Task Partition_heal_and_loss_reach_the_ether()
    {
        Assert.Equal(HttpStatusCode.OK, (await monitor.CallAsync(HttpMethod.Post, "api/sim/loss?percent=5")).Status);
        Assert.Equal(HttpStatusCode.OK, (await monitor.CallAsync(HttpMethod.Post, "api/sim/partition?groups=0,1-2,3,4")).Status);
        Assert.Contains("{0,1} | {2,3,4}", (await monitor.ClusterAsync()).GetProperty("faultSummary").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await monitor.CallAsync(HttpMethod.Post, "api/sim/heal")).Status);
        Assert.Equal(HttpStatusCode.OK, (await monitor.CallAsync(HttpMethod.Post, "api/sim/loss?percent=0")).Status);
        // After healing, the majority side's leader (or a new one) serves writes again.
        Assert.Equal(HttpStatusCode.OK, (await monitor.CallAsync(HttpMethod.Post, "api/set?index=2&value=2024")).Status);
        await monitor.WaitForValueEverywhereAsync(2, 2024);
    }

    [Theory]
    [InlineData("api/join?node=255")]
    [InlineData("api/join?node=200")] // the collector's id
    [InlineData("api/leave?node=x")]
    [InlineData("api/transfer")]
    public async Task Membership_with_a_bad_id_answers_400_and_starts_nothing(string url)
    {
        var (status, body) = await monitor.CallAsync(HttpMethod.Post, url);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("error").GetString()));
        JsonElement c = await monitor.ClusterAsync();
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, c.GetProperty("voters").EnumerateArray().Select(e => e.GetInt32()));
        Assert.All(c.GetProperty("boards").EnumerateArray(), b => Assert.True(b.GetProperty("id").GetInt32() < 5));
    }

    [Fact]
    public async Task Joining_a_member_or_the_server_node_leaving_answers_409()
    {
        var (join, joinBody) = await monitor.CallAsync(HttpMethod.Post, "api/join?node=2");
        Assert.Equal(HttpStatusCode.Conflict, join);
        Assert.Equal("already-member", joinBody.GetProperty("status").GetString());
        var (leave, leaveBody) = await monitor.CallAsync(HttpMethod.Post, "api/leave?node=0");
        Assert.Equal(HttpStatusCode.Conflict, leave);
        Assert.Equal("server-cannot-leave", leaveBody.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_monitor_attaches_to_the_collector_and_both_ends_show_their_own_counters()
    {
        JsonElement c = await Wait.UntilAsync(monitor.ClusterAsync,
            c => c.GetProperty("monitorLink").ValueKind == JsonValueKind.Object && c.GetProperty("monitorLink").GetProperty("state").GetString() == "attached"
                && c.GetProperty("collector").ValueKind == JsonValueKind.Object,
            "a session with the collector");
        JsonElement link = c.GetProperty("monitorLink");
        JsonElement collector = c.GetProperty("collector");
        Assert.True(link.GetProperty("sessionsOpened").GetInt64() >= 1);
        Assert.True(link.GetProperty("datagramsReceived").GetInt64() > 0);
        Assert.Equal(0, link.GetProperty("datagramsDropped").GetInt64());
        Assert.Equal(0, link.GetProperty("datagramDrops").GetProperty("replayed").GetInt64());
        Assert.True(collector.GetProperty("sessionsOpened").GetInt32() >= 1);
        Assert.True(collector.GetProperty("challengesSent").GetInt32() >= 1);
        Assert.True(collector.GetProperty("datagramsReceived").GetInt32() >= 2, "the collector counts the hello and the attach it received");
        Assert.True(collector.GetProperty("datagramDrops").TryGetProperty("stale-session", out _));
    }
}
