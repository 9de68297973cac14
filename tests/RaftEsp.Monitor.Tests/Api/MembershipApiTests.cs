using System.Net;
using System.Text.Json;
using RaftEsp.Apps;
using RaftEsp.Monitor.Commands;
using RaftEsp.Monitor.Link;
using RaftEsp.Monitor.Tests.Fakes;

namespace RaftEsp.Monitor.Tests.Api;

/// <summary>
/// /api/join, /api/leave and /api/transfer over the in-memory cluster: the status mapping (200, 202, 400, 409, 502,
/// 503, 504), the board processes a join starts and a leave stops, one change at a time, and the session rules.
/// </summary>
public sealed class MembershipApiTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> Call(FakeMonitor m, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        using HttpResponseMessage response = await m.Http.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static async Task<FakeMonitor> Started(bool virtualMode = true, CommandServiceOptions? commands = null)
    {
        FakeMonitor m = await FakeMonitor.StartAsync(virtualMode, commands);
        await Wait.UntilAsync(m.ClusterAsync, c => c.GetProperty("boards").EnumerateArray().All(b => b.GetProperty("online").GetBoolean()), "every board online");
        return m;
    }

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    [Theory]
    [InlineData("api/join?node=256")]
    [InlineData("api/join?node=-1")]
    [InlineData("api/join?node=x")]
    [InlineData("api/join?node=")]
    [InlineData("api/join?node=5&node=6")]
    [InlineData("api/join?node=200")] // the collector's id
    [InlineData("api/transfer?node=300")]
    [InlineData("api/transfer")]
    public async Task Bad_ids_answer_400_start_nothing_and_send_nothing(string url)
    {
        await using FakeMonitor m = await Started();
        var (status, body) = await Call(m, url);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("error").GetString()));
        Assert.Empty(m.Cluster.Started);
        Assert.Empty(m.Cluster.Received);
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, m.Cluster.Voters);
    }

    [Fact]
    public async Task A_join_starts_the_board_and_answers_200_once_it_is_a_voter_in_its_own_session()
    {
        await using FakeMonitor m = await Started();
        Assert.Equal(HttpStatusCode.OK, (await Call(m, "api/set?index=0&value=7")).Status);
        var (status, body) = await Call(m, "api/join?node=5");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("ok").GetBoolean());
        Assert.Equal(5, body.GetProperty("node").GetInt32());
        Assert.Equal(new[] { 5 }, m.Cluster.Started);
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 5 }, m.Cluster.Voters);
        // Membership commands run in a session of their own, so reads and writes need not wait for a slow join.
        Assert.NotEqual(0, m.Runtime.Commands.MembershipClientId);
        Assert.NotEqual(m.Runtime.Commands.ClientId, m.Runtime.Commands.MembershipClientId);
        Assert.Equal(m.Runtime.Commands.MembershipClientId, body.GetProperty("client").GetInt32());

        JsonElement c = await Wait.UntilAsync(m.ClusterAsync, c => Ints(c.GetProperty("voters")).Contains(5), "board 5 among the voters");
        JsonElement five = c.GetProperty("boards").EnumerateArray().Single(b => b.GetProperty("id").GetInt32() == 5);
        Assert.Equal("voter", five.GetProperty("membership").GetString());
        Assert.Equal(7, five.GetProperty("database")[0].GetInt32());
        string timeline = string.Join("\n", c.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("text").GetString()));
        Assert.Contains("started board 5 with an empty flash", timeline, StringComparison.Ordinal);
        Assert.Contains("join board 5 proposed", timeline, StringComparison.Ordinal);
        // The fake adds and promotes between two reports: the model names both steps (§4.2.1).
        Assert.Contains("board 5 added as a learner", timeline, StringComparison.Ordinal);
        Assert.Contains("board 5 caught up and was promoted to voter", timeline, StringComparison.Ordinal);
        Assert.Contains("join board 5: board 5 is a voter", timeline, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_join_that_leaves_a_learner_answers_202_and_the_learner_is_listed()
    {
        await using FakeMonitor m = await Started();
        m.Cluster.JoinLeavesALearner = true;
        var (status, body) = await Call(m, "api/join?node=6");
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("joined-as-learner", body.GetProperty("status").GetString());
        Assert.Contains("still a learner", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        JsonElement c = await Wait.UntilAsync(m.ClusterAsync, c => Ints(c.GetProperty("learners")).Contains(6), "board 6 among the learners");
        Assert.DoesNotContain(6, Ints(c.GetProperty("voters")));
        Assert.Equal("learner", c.GetProperty("boards").EnumerateArray().Single(b => b.GetProperty("id").GetInt32() == 6).GetProperty("membership").GetString());
        Assert.Contains(c.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("text").GetString()!.Contains("board 6 added as a learner", StringComparison.Ordinal));
        Assert.True(m.Cluster.IsRunning(6), "a learner keeps its process");
    }

    [Fact]
    public async Task Joining_a_member_answers_409_and_touches_no_process()
    {
        await using FakeMonitor m = await Started();
        var (status, body) = await Call(m, "api/join?node=3");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("already-member", body.GetProperty("status").GetString());
        Assert.Empty(m.Cluster.Started);
        Assert.Empty(m.Cluster.Received);
    }

    [Fact]
    public async Task A_join_the_cluster_refuses_answers_409_and_stops_the_board_it_started()
    {
        await using FakeMonitor m = await Started();
        m.Cluster.ChangeInFlight = true;
        var (status, body) = await Call(m, "api/join?node=5");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("membership-change-pending", body.GetProperty("status").GetString());
        Assert.Contains("nothing changed", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(new[] { 5 }, m.Cluster.Started);
        Assert.Equal(new[] { 5 }, m.Cluster.Stopped);
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, m.Cluster.Voters);
    }

    [Fact]
    public async Task A_full_cluster_answers_409_cluster_full()
    {
        await using FakeMonitor m = await Started();
        m.Cluster.Capacity = 5;
        var (status, body) = await Call(m, "api/join?node=9");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("cluster-full", body.GetProperty("status").GetString());
        Assert.False(m.Cluster.IsRunning(9));
    }

    [Fact]
    public async Task Without_a_leader_a_join_answers_503_and_its_board_is_stopped()
    {
        await using FakeMonitor m = await Started(commands: new() { MembershipTimeout = TimeSpan.FromSeconds(2) });
        m.Cluster.RefuseWith = CommandStatus.NoLeader;
        var (status, body) = await Call(m, "api/join?node=5");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("nothing changed", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(new[] { 5 }, m.Cluster.Stopped);
    }

    [Fact]
    public async Task Silence_answers_504_naming_the_session_and_keeps_the_board_running()
    {
        await using FakeMonitor m = await Started(commands: new() { MembershipTimeout = TimeSpan.FromSeconds(3), MembershipAttemptTimeout = TimeSpan.FromMilliseconds(500) });
        Assert.Equal(HttpStatusCode.OK, (await Call(m, "api/transfer?node=0")).Status); // registers the membership session
        int before = m.Cluster.Received.Count;
        m.Cluster.DropRequests = int.MaxValue;
        var (status, body) = await Call(m, "api/join?node=5");
        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        Assert.Contains("may still commit", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(m.Runtime.Commands.MembershipClientId, body.GetProperty("client").GetInt32());
        ClientRequest[] copies = m.Cluster.Received.Skip(before).ToArray();
        Assert.True(copies.Length >= 2, "the join is sent again after each silent attempt");
        Assert.Single(copies.Select(r => (r.Client, r.Seq)).Distinct());
        Assert.All(copies, r => Assert.Equal((RequestKind.Join, 5), (r.Kind, r.Value)));
        Assert.True(m.Cluster.IsRunning(5), "the join may still commit: the board must be there to catch up");
    }

    [Fact]
    public async Task A_second_change_while_one_is_in_flight_answers_409_without_waiting_for_it()
    {
        await using FakeMonitor m = await Started(commands: new() { MembershipTimeout = TimeSpan.FromSeconds(4) });
        m.Cluster.DropRequests = int.MaxValue;
        Task<(HttpStatusCode, JsonElement)> slow = Call(m, "api/join?node=5");
        await Wait.UntilAsync(() => Task.FromResult(m.Cluster.Received.Count), n => n > 0, "the join to be on its way");
        var (status, body) = await Call(m, "api/leave?node=3");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.False(slow.IsCompleted, "refused while the join still waits (its requests are all lost), not after it");
        Assert.Equal("membership-change-pending", body.GetProperty("status").GetString());
        Assert.DoesNotContain(m.Cluster.Received, r => r.Kind == RequestKind.Leave);
        m.Cluster.DropRequests = 0;
        Assert.Equal(HttpStatusCode.OK, (await slow).Item1);
    }

    [Fact]
    public async Task The_server_node_cannot_leave_409_and_nothing_is_sent()
    {
        await using FakeMonitor m = await Started();
        var (status, body) = await Call(m, "api/leave?node=0");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("server-cannot-leave", body.GetProperty("status").GetString());
        Assert.Empty(m.Cluster.Received);
    }

    [Fact]
    public async Task Leaving_a_board_that_is_no_member_answers_409_not_member()
    {
        await using FakeMonitor m = await Started();
        var (status, body) = await Call(m, "api/leave?node=9");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("not-member", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_leave_of_the_leader_removes_it_stops_its_process_and_shrinks_the_cluster()
    {
        await using FakeMonitor m = await Started();
        Assert.Equal(HttpStatusCode.OK, (await Call(m, "api/transfer?node=2")).Status);
        Assert.Equal(2, m.Cluster.Leader);
        var (status, body) = await Call(m, "api/leave?node=2");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("leave", body.GetProperty("verb").GetString());
        Assert.Equal(new[] { 2 }, m.Cluster.Stopped);
        Assert.Equal(new[] { 0, 1, 3, 4 }, m.Cluster.Voters);
        JsonElement c = await Wait.UntilAsync(m.ClusterAsync,
            c => c.GetProperty("boards").GetArrayLength() == 4 && c.GetProperty("leaderId").GetInt32() is >= 0 and not 2, "four boards and a new leader");
        Assert.Equal(new[] { 0, 1, 3, 4 }, Ints(c.GetProperty("voters")));
        Assert.Contains(c.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("text").GetString()!.Contains("board 2 removed from the configuration", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Transfer_to_a_voter_answers_200_and_to_a_non_member_409()
    {
        await using FakeMonitor m = await Started();
        var (status, body) = await Call(m, "api/transfer?node=3");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("board 3 leads", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        await Wait.UntilAsync(m.ClusterAsync, c => c.GetProperty("leaderId").GetInt32() == 3, "board 3 to lead");
        (status, body) = await Call(m, "api/transfer?node=8");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("not-member", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Watching_a_real_collector_a_join_starts_no_process_and_the_added_board_stays_a_learner_until_it_is_powered()
    {
        await using FakeMonitor m = await Started(virtualMode: false);
        var (status, _) = await Call(m, "api/join?node=5");
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Empty(m.Cluster.Started);
        Assert.Equal(new[] { 5 }, m.Cluster.Learners);
    }

    [Fact]
    public async Task Replace_a_board_leave_one_then_join_a_fresh_one()
    {
        await using FakeMonitor m = await Started();
        Assert.Equal(HttpStatusCode.OK, (await Call(m, "api/leave?node=4")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Call(m, "api/join?node=7")).Status);
        Assert.Equal(new[] { 0, 1, 2, 3, 7 }, m.Cluster.Voters);
        JsonElement c = await Wait.UntilAsync(m.ClusterAsync,
            c => Ints(c.GetProperty("voters")).SequenceEqual(new[] { 0, 1, 2, 3, 7 }) && c.GetProperty("boards").GetArrayLength() == 5, "voters 0,1,2,3,7");
        Assert.Equal(new[] { 0, 1, 2, 3, 7 }, c.GetProperty("boards").EnumerateArray().Select(b => b.GetProperty("id").GetInt32()));
    }
}
