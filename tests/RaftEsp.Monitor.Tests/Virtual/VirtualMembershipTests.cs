using System.Net;
using System.Text.Json;

namespace RaftEsp.Monitor.Tests.Virtual;

/// <summary>
/// Membership changes through the API against a running virtual cluster: real board processes, the server node's
/// join/leave/transfer flow, the core's single-server changes (§4.1), learners caught up before they vote (§4.2.1),
/// and a leader that hands over before its removal (§4.2.2, §3.10). One cluster, one test: the steps build on each other.
/// </summary>
public sealed class VirtualMembershipTests(VirtualMonitor monitor) : IClassFixture<VirtualMonitor>
{
    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    private static JsonElement Board(JsonElement cluster, int id) =>
        cluster.GetProperty("boards").EnumerateArray().Single(b => b.GetProperty("id").GetInt32() == id);

    [Fact]
    public async Task Join_transfer_leave_and_replace_keep_every_acknowledged_write()
    {
        Assert.Equal(HttpStatusCode.OK, (await monitor.CallAsync(HttpMethod.Post, "api/set?index=0&value=501")).Status);

        // Join: board 5 starts with an empty flash, is added as a learner, catches up, and is promoted (§4.2.1).
        var (join, joined) = await monitor.CallAsync(HttpMethod.Post, "api/join?node=5");
        Assert.True(join == HttpStatusCode.OK, $"join answered {(int)join}: {joined}");
        JsonElement c = await Wait.UntilAsync(monitor.ClusterAsync,
            c => Ints(c.GetProperty("voters")).Contains(5) && !c.GetProperty("changePending").GetBoolean()
                 && c.GetProperty("boards").EnumerateArray().Any(b => b.GetProperty("id").GetInt32() == 5 && b.GetProperty("online").GetBoolean()),
            "board 5 a voter, online, the change committed");
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 5 }, Ints(c.GetProperty("voters")));
        Assert.Empty(Ints(c.GetProperty("learners")));
        Assert.True(c.GetProperty("configurationIndex").GetInt32() > 0);
        await monitor.WaitForValueEverywhereAsync(0, 501);
        string timeline = string.Join("\n", c.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("text").GetString()));
        Assert.Contains("board 5 added as a learner", timeline, StringComparison.Ordinal);
        Assert.Contains("board 5 caught up and was promoted to voter", timeline, StringComparison.Ordinal);

        // A second join of the same board: the cluster's shape refuses it.
        Assert.Equal(HttpStatusCode.Conflict, (await monitor.CallAsync(HttpMethod.Post, "api/join?node=5")).Status);

        // Transfer to the new board (§3.10; answered once it leads), then remove it at once, while it most likely still
        // leads (the leader hands over first, §4.2.2): the server node is the preferred leader and takes the
        // leadership back within a few heartbeat rounds, so no wait may come between.
        var (transfer, transferred) = await monitor.CallAsync(HttpMethod.Post, "api/transfer?node=5");
        Assert.True(transfer == HttpStatusCode.OK, $"transfer answered {(int)transfer}: {transferred}");
        Assert.Contains("board 5 leads", transferred.GetProperty("message").GetString(), StringComparison.Ordinal);
        var (leave, left) = await monitor.CallAsync(HttpMethod.Post, "api/leave?node=5");
        Assert.True(leave == HttpStatusCode.OK, $"leave answered {(int)leave}: {left}");
        c = await Wait.UntilAsync(monitor.ClusterAsync,
            c => !Ints(c.GetProperty("voters")).Contains(5) && c.GetProperty("leaderId").GetInt32() is >= 0 and not 5
                 && !c.GetProperty("boards").EnumerateArray().Any(b => b.GetProperty("id").GetInt32() == 5),
            "board 5 removed, another leader, the picture shrunk");
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, Ints(c.GetProperty("voters")));
        Assert.False(monitor.Runtime.Faults!.IsCrashed(0));
        Assert.True(monitor.Runtime.Faults.IsCrashed(5), "the removed board's process was stopped");

        // Replace: board 3 leaves, a fresh board 6 joins; the acknowledged write is still there, and new ones commit.
        Assert.Equal(HttpStatusCode.OK, (await monitor.CallAsync(HttpMethod.Post, "api/leave?node=3")).Status);
        Assert.Equal(HttpStatusCode.OK, (await monitor.CallAsync(HttpMethod.Post, "api/join?node=6")).Status);
        c = await Wait.UntilAsync(monitor.ClusterAsync,
            c => Ints(c.GetProperty("voters")).SequenceEqual(new[] { 0, 1, 2, 4, 6 }) && Board(c, 6).GetProperty("online").GetBoolean(),
            "voters 0,1,2,4,6");
        Assert.Equal(new[] { 0, 1, 2, 4, 6 }, c.GetProperty("boards").EnumerateArray().Select(b => b.GetProperty("id").GetInt32()));
        var (get, value) = await monitor.CallAsync(HttpMethod.Get, "api/get?index=0");
        Assert.Equal(HttpStatusCode.OK, get);
        Assert.Equal(501, value.GetProperty("value").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await monitor.CallAsync(HttpMethod.Post, "api/set?index=1&value=602")).Status);
        await monitor.WaitForValueEverywhereAsync(1, 602);
    }
}
