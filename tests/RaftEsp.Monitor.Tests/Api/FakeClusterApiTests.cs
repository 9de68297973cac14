using System.Net;
using System.Text.Json;
using RaftEsp.Apps;
using RaftEsp.Monitor.Commands;
using RaftEsp.Monitor.Tests.Fakes;

namespace RaftEsp.Monitor.Tests.Api;

/// <summary>The HTTP API's own rules (validation, status codes, client sessions) over an in-memory cluster.</summary>
public sealed class FakeClusterApiTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> Call(FakeMonitor m, HttpMethod method, string url)
    {
        using var request = new HttpRequestMessage(method, url);
        using HttpResponseMessage response = await m.Http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString() ?? "", StringComparison.Ordinal);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static Task<JsonElement> ReportedCluster(FakeMonitor m) =>
        Wait.UntilAsync(m.ClusterAsync, c => c.GetProperty("boards").EnumerateArray().All(b => b.GetProperty("online").GetBoolean()), "every board online");

    [Theory]
    [InlineData("api/set?index=5&value=1")]
    [InlineData("api/set?index=-1&value=1")]
    [InlineData("api/set?index=x&value=1")]
    [InlineData("api/set?value=1")]
    [InlineData("api/set?index=1")]
    [InlineData("api/set?index=1&value=99999999999")]
    [InlineData("api/set?index=1&value=1.5")]
    [InlineData("api/set?index=1&index=2&value=1")]
    [InlineData("api/set?index=1&value=1%00")]
    [InlineData("api/set?index=1%00&value=1")]
    [InlineData("api/set?index=1&value=%2B1")]
    [InlineData("api/set?index=1&value=%201")]
    [InlineData("api/set?index=1&value=-")]
    [InlineData("api/remove?index=9")]
    [InlineData("api/remove?index=1%00")]
    [InlineData("api/remove")]
    public async Task Bad_writes_answer_400_with_a_reason_and_change_nothing(string url)
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        await ReportedCluster(m);
        var (status, body) = await Call(m, HttpMethod.Post, url);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("error").GetString()));
        Assert.Empty(m.Cluster.Received);
        for (int b = 0; b < 5; b++) Assert.All(m.Cluster.Database(b), v => Assert.Equal(0, v));
    }

    [Fact]
    public async Task Bad_get_answers_400()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        await ReportedCluster(m);
        var (status, body) = await Call(m, HttpMethod.Get, "api/get?index=17");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("0..4", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(m.Cluster.Received);
    }

    [Fact]
    public async Task Set_answers_once_committed_and_the_value_shows_on_every_board()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        await ReportedCluster(m);
        var (status, body) = await Call(m, HttpMethod.Post, "api/set?index=2&value=-77");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(-77, body.GetProperty("value").GetInt32());
        Assert.Equal(0, body.GetProperty("previous").GetInt32());
        Assert.Equal(2, body.GetProperty("logIndex").GetInt32()); // after the monitor's register entry
        Assert.Equal(m.Runtime.Commands.ClientId, body.GetProperty("client").GetInt32());   // the register entry's index
        Assert.Equal(1, body.GetProperty("seq").GetInt32());
        await Wait.UntilAsync(m.ClusterAsync,
            c => c.GetProperty("boards").EnumerateArray().All(b => b.GetProperty("database")[2].GetInt32() == -77), "-77 in slot 2 of every board");
        var (getStatus, got) = await Call(m, HttpMethod.Get, "api/get?index=2");
        Assert.Equal(HttpStatusCode.OK, getStatus);
        Assert.Equal(-77, got.GetProperty("value").GetInt32());
        var (removeStatus, removed) = await Call(m, HttpMethod.Post, "api/remove?index=2");
        Assert.Equal(HttpStatusCode.OK, removeStatus);
        Assert.Equal(-77, removed.GetProperty("previous").GetInt32());
        Assert.All(Enumerable.Range(0, 5), b => Assert.Equal(0, m.Cluster.Database(b)[2]));
    }

    [Fact]
    public async Task A_lost_answer_is_retried_with_the_same_sequence_and_applied_once()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        await ReportedCluster(m);
        m.Cluster.DropAnswers = 2;
        var (status, body) = await Call(m, HttpMethod.Post, "api/set?index=1&value=5");
        Assert.Equal(HttpStatusCode.OK, status);
        // At least three copies (two answers were lost), every one with the same session, and one application.
        Assert.True(body.GetProperty("attempts").GetInt32() >= 3);
        Assert.Equal(body.GetProperty("attempts").GetInt32(), m.Cluster.Received.Count);
        Assert.Equal(1, m.Cluster.Applied);
        Assert.Single(m.Cluster.Received.Select(r => (r.Client, r.Seq)).Distinct());
    }

    [Fact]
    public async Task A_lost_request_is_sent_again()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        await ReportedCluster(m);
        m.Cluster.DropRequests = 1;
        var (status, _) = await Call(m, HttpMethod.Post, "api/set?index=3&value=9");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, m.Cluster.Applied);
        Assert.Equal(9, m.Cluster.Database(4)[3]);
    }

    [Fact]
    public async Task Consecutive_commands_use_new_sequences()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        await ReportedCluster(m);
        Assert.Equal(HttpStatusCode.OK, (await Call(m, HttpMethod.Post, "api/set?index=0&value=1")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Call(m, HttpMethod.Post, "api/set?index=0&value=2")).Status);
        Assert.Equal(2, m.Cluster.Applied);
        Assert.Equal(2, m.Cluster.Database(0)[0]);
        Assert.Equal(2, m.Cluster.Received.Select(r => r.Seq).Distinct().Count());
    }

    [Fact]
    public async Task The_monitor_registers_once_and_counts_sequences_from_1()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        await ReportedCluster(m);
        Assert.Equal(0, m.Runtime.Commands.ClientId);
        for (int i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await Call(m, HttpMethod.Post, $"api/set?index=0&value={i}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Call(m, HttpMethod.Get, "api/get?index=0")).Status);
        Assert.Single(m.Cluster.Registers);
        Assert.Equal([1, 2, 3, 4], m.Cluster.Received.Select(r => r.Seq));
        Assert.All(m.Cluster.Received, r => Assert.Equal(m.Runtime.Commands.ClientId, r.Client));
    }

    [Fact]
    public async Task An_expired_session_is_registered_again_and_the_command_applied_once_under_the_new_one()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        await ReportedCluster(m);
        Assert.Equal(HttpStatusCode.OK, (await Call(m, HttpMethod.Post, "api/set?index=4&value=1")).Status);
        int first = m.Runtime.Commands.ClientId;
        m.Cluster.ExpireSession(first); // evicted by other clients' registers
        var (status, body) = await Call(m, HttpMethod.Post, "api/set?index=4&value=44");
        Assert.Equal(HttpStatusCode.OK, status);
        int second = m.Runtime.Commands.ClientId;
        Assert.NotEqual(first, second);
        Assert.Equal((second, 1), (body.GetProperty("client").GetInt32(), body.GetProperty("seq").GetInt32()));
        Assert.Equal(2, m.Cluster.Registers.Count);
        Assert.Equal(44, m.Cluster.Database(2)[4]);
        Assert.Equal(2, m.Cluster.Applied);
    }

    [Fact]
    public async Task Session_expired_after_an_unanswered_copy_is_an_unknown_outcome_and_the_next_command_registers_again()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        await ReportedCluster(m);
        Assert.Equal(HttpStatusCode.OK, (await Call(m, HttpMethod.Post, "api/set?index=1&value=1")).Status);
        m.Cluster.DropAnswers = 1; // the write applies, its answer is lost, then the session is evicted
        m.Cluster.OnRequest = _ => m.Cluster.ExpireSession(m.Runtime.Commands.ClientId);
        var (status, body) = await Call(m, HttpMethod.Post, "api/set?index=1&value=2");
        m.Cluster.OnRequest = null;
        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        Assert.Contains("may still commit", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, m.Cluster.Applied); // applied once; the copy after the eviction was not
        Assert.Equal(HttpStatusCode.OK, (await Call(m, HttpMethod.Post, "api/set?index=1&value=3")).Status);
        Assert.Equal(2, m.Cluster.Registers.Count);
        Assert.Equal(3, m.Cluster.Applied);
    }

    [Fact]
    public async Task A_refused_register_answers_503_and_sends_no_command()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync(commands: new() { Timeout = TimeSpan.FromSeconds(2) });
        await ReportedCluster(m);
        m.Cluster.RefuseRegisters = CommandStatus.NoLeader;
        var (status, body) = await Call(m, HttpMethod.Post, "api/set?index=1&value=1");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("could not register", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(m.Cluster.Registers.Count >= 2, "a refusal a new leader cures is retried");
        Assert.Empty(m.Cluster.Received);
        Assert.Equal(0, m.Cluster.Applied);
    }

    [Fact]
    public async Task A_command_abandoned_by_its_caller_spends_its_sequence_so_the_next_one_is_applied()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        await ReportedCluster(m);
        using var cancel = new CancellationTokenSource();
        m.Cluster.DropAnswers = 1;
        m.Cluster.OnRequest = _ => cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => m.Runtime.Commands.SetAsync(1, 5, cancel.Token));
        m.Cluster.OnRequest = null;
        Assert.Equal(5, m.Cluster.Database(0)[1]);
        var outcome = await m.Runtime.Commands.SetAsync(1, 6, CancellationToken.None);
        Assert.Equal(OutcomeKind.Ok, outcome.Kind);
        Assert.Equal(6, m.Cluster.Database(0)[1]);
        Assert.Equal(2, m.Cluster.Applied);
    }

    [Fact]
    public async Task No_leader_answers_503_and_nothing_is_applied()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync(commands: new() { Timeout = TimeSpan.FromSeconds(2) });
        await ReportedCluster(m);
        m.Cluster.RefuseWith = CommandStatus.NoLeader;
        var (status, body) = await Call(m, HttpMethod.Post, "api/set?index=1&value=1");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("no-leader", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, m.Cluster.Applied);
    }

    [Fact]
    public async Task Silence_answers_504_naming_the_session()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync(commands: new() { Timeout = TimeSpan.FromSeconds(2) });
        await ReportedCluster(m);
        m.Cluster.DropRequests = int.MaxValue;
        var (status, body) = await Call(m, HttpMethod.Post, "api/set?index=1&value=1");
        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        Assert.Equal(m.Runtime.Commands.ClientId, body.GetProperty("client").GetInt32());
        Assert.True(m.Cluster.Received.Count >= 2);
        Assert.Single(m.Cluster.Received.Select(r => r.Seq).Distinct());
    }

    [Fact]
    public async Task A_server_node_timeout_is_retried_with_the_same_sequence_and_the_write_that_committed_meanwhile_answers_once()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        await ReportedCluster(m);
        m.Cluster.TimeOutAnswers = 1;
        var (status, body) = await Call(m, HttpMethod.Post, "api/set?index=2&value=8");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body.GetProperty("attempts").GetInt32());
        Assert.Single(m.Cluster.Received.Select(r => (r.Client, r.Seq)).Distinct());
        Assert.Equal(1, m.Cluster.Applied);
        Assert.Equal(8, m.Cluster.Database(0)[2]);
    }

    [Fact]
    public async Task Server_node_timeouts_until_the_deadline_answer_504_unknown_outcome_not_503()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync(commands: new() { Timeout = TimeSpan.FromSeconds(2) });
        await ReportedCluster(m);
        m.Cluster.RefuseWith = CommandStatus.Timeout;
        var (status, body) = await Call(m, HttpMethod.Post, "api/set?index=1&value=1");
        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        string error = body.GetProperty("error").GetString()!;
        Assert.Contains("may still commit", error, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing changed", error, StringComparison.Ordinal);
        Assert.Equal(m.Runtime.Commands.ClientId, body.GetProperty("client").GetInt32());
        Assert.True(m.Cluster.Received.Count >= 2, "every timeout answer is followed by another copy");
        Assert.Single(m.Cluster.Received.Select(r => r.Seq).Distinct());
    }

    [Theory]
    [InlineData("api/sim/crash?node=1")]
    [InlineData("api/sim/restart?node=1")]
    [InlineData("api/sim/partition?groups=0,1-2,3,4")]
    [InlineData("api/sim/heal")]
    [InlineData("api/sim/loss?percent=10")]
    public async Task Fault_endpoints_answer_409_when_watching_a_real_collector(string url)
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync(virtualMode: false);
        var (status, body) = await Call(m, HttpMethod.Post, url);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("virtual cluster", body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api/sim/crash?node=5")]
    [InlineData("api/sim/crash?node=a")]
    [InlineData("api/sim/crash")]
    [InlineData("api/sim/partition?groups=0,1-1,2")]
    [InlineData("api/sim/partition?groups=0,1-7")]
    [InlineData("api/sim/partition?groups=")]
    [InlineData("api/sim/partition?groups=0,1,2,3,4")]
    [InlineData("api/sim/loss?percent=101")]
    [InlineData("api/sim/loss?percent=-1")]
    [InlineData("api/sim/partition?groups=0-1&groups=2-3")]
    [InlineData("api/sim/crash?node=1&node=2")]
    [InlineData("api/sim/loss?percent=10%00")]
    public async Task Bad_fault_requests_answer_400_and_change_nothing(string url)
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        var (status, _) = await Call(m, HttpMethod.Post, url);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Null(m.Cluster.LastPartition);
        Assert.Equal(0, m.Cluster.LastLoss);
        Assert.All(Enumerable.Range(0, 5), b => Assert.False(m.Cluster.IsCrashed(b)));
    }

    [Theory]
    [InlineData("api/join?node=255")]
    [InlineData("api/leave?node=255")]
    [InlineData("api/leave?node=-1")]
    [InlineData("api/leave?node=1%00")]
    [InlineData("api/leave")]
    public async Task Membership_with_a_bad_node_id_answers_400(string url)
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        var (status, body) = await Call(m, HttpMethod.Post, url);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("node", body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(9 * 1024)]
    [InlineData(200 * 1024)]
    public async Task A_uri_too_long_answers_414_in_json(int length)
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        var (status, body) = await Call(m, HttpMethod.Get, "api/get?index=1&pad=" + new string('x', length));
        Assert.Equal(HttpStatusCode.RequestUriTooLong, status);
        Assert.Contains("longer than", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(m.Cluster.Received);
    }

    [Fact]
    public async Task Unknown_endpoints_answer_404_in_json()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        var (status, body) = await Call(m, HttpMethod.Post, "api/sim/explode?node=1");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("no such endpoint", body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Crashing_the_leader_shows_a_new_leader_and_the_board_offline()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        JsonElement before = await ReportedCluster(m);
        int leader = before.GetProperty("leaderId").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await Call(m, HttpMethod.Post, $"api/sim/crash?node={leader}")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await Call(m, HttpMethod.Post, $"api/sim/crash?node={leader}")).Status);
        JsonElement after = await Wait.UntilAsync(m.ClusterAsync,
            c => c.GetProperty("leaderId").GetInt32() is int l && l >= 0 && l != leader, "a new leader");
        JsonElement crashed = after.GetProperty("boards")[leader];
        Assert.False(crashed.GetProperty("online").GetBoolean());
        Assert.Equal("Crashed", crashed.GetProperty("role").GetString());
        Assert.Contains(after.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "fault");
        Assert.Equal(HttpStatusCode.OK, (await Call(m, HttpMethod.Post, $"api/sim/restart?node={leader}")).Status);
        await Wait.UntilAsync(m.ClusterAsync, c => c.GetProperty("boards")[leader].GetProperty("online").GetBoolean(), "the restarted board online");
    }

    [Fact]
    public async Task Partition_and_loss_reach_the_fault_control_and_the_summary()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        var (status, body) = await Call(m, HttpMethod.Post, "api/sim/partition?groups=0,1-2,3,4");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body.GetProperty("groups").GetArrayLength());
        Assert.Equal(new[] { 0, 1 }, m.Cluster.LastPartition![0]);
        Assert.Equal(new[] { 2, 3, 4 }, m.Cluster.LastPartition![1]);
        Assert.Contains("{0,1} | {2,3,4}", (await m.ClusterAsync()).GetProperty("faultSummary").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, (await m.ClusterAsync()).GetProperty("partition").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await Call(m, HttpMethod.Post, "api/sim/heal")).Status);
        Assert.Null(m.Cluster.LastPartition);
        Assert.Equal(JsonValueKind.Null, (await m.ClusterAsync()).GetProperty("faultSummary").ValueKind);
        Assert.Equal(HttpStatusCode.OK, (await Call(m, HttpMethod.Post, "api/sim/loss?percent=25")).Status);
        Assert.Equal(25, m.Cluster.LastLoss);
        JsonElement c = await m.ClusterAsync();
        Assert.Equal(25, c.GetProperty("lossPercent").GetInt32());
        Assert.Equal("radio loss 25%", c.GetProperty("faultSummary").GetString());
        Assert.Equal(JsonValueKind.Null, c.GetProperty("partition").ValueKind);
    }

    [Fact]
    public async Task Cluster_json_lists_every_board_with_its_state()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        JsonElement c = await ReportedCluster(m);
        Assert.Equal(0, c.GetProperty("leaderId").GetInt32());
        Assert.Equal(5, c.GetProperty("boards").GetArrayLength());
        foreach (string field in new[] { "id", "role", "term", "commitIndex", "appliedIndex", "lastIndex", "online", "database", "isServerNode", "differsFromLeader", "lastEntries" })
        {
            Assert.True(c.GetProperty("boards")[3].TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task A_board_that_differs_from_the_leader_has_its_slots_listed()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        await ReportedCluster(m);
        m.Cluster.Corrupt(3, 4, 123);
        JsonElement c = await Wait.UntilAsync(m.ClusterAsync, c => c.GetProperty("boards")[3].GetProperty("differsFromLeader").GetArrayLength() == 1, "board 3 differing");
        Assert.Equal(4, c.GetProperty("boards")[3].GetProperty("differsFromLeader")[0].GetInt32());
        Assert.Equal(0, c.GetProperty("boards")[2].GetProperty("differsFromLeader").GetArrayLength());
    }

    [Fact]
    public async Task The_page_and_its_assets_are_served_without_external_links()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        foreach (string path in new[] { "", "app.css", "app.js", "favicon.svg" })
        {
            using HttpResponseMessage r = await m.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            string text = await r.Content.ReadAsStringAsync();
            Assert.DoesNotContain("https://", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_event_stream_sends_the_cluster_as_json()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        using var stream = await m.Http.GetStreamAsync("api/events");
        using var reader = new StreamReader(stream);
        string? line;
        do
        {
            line = await reader.ReadLineAsync().WaitAsync(Wait.Generous);
        }
        while (line != null && !line.StartsWith("data: ", StringComparison.Ordinal));
        Assert.NotNull(line);
        JsonElement snapshot = JsonDocument.Parse(line!["data: ".Length..]).RootElement;
        Assert.Equal(5, snapshot.GetProperty("boards").GetArrayLength());
    }
}
