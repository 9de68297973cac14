using System.Net;
using System.Text.Json;

namespace RaftEsp.Monitor.Tests.Virtual;

/// <summary>Crashing the leader of a running virtual cluster through the API.</summary>
public sealed class VirtualClusterFailoverTests(VirtualMonitor monitor) : IClassFixture<VirtualMonitor>
{
    [Fact]
    public async Task Crashing_the_leader_elects_a_new_one_that_keeps_every_acknowledged_write()
    {
        Assert.Equal(HttpStatusCode.OK, (await monitor.CallAsync(HttpMethod.Post, "api/set?index=0&value=11")).Status);
        JsonElement before = await monitor.WaitForLeaderAsync();
        int leader = before.GetProperty("leaderId").GetInt32();

        var (crash, _) = await monitor.CallAsync(HttpMethod.Post, $"api/sim/crash?node={leader}");
        Assert.Equal(HttpStatusCode.OK, crash);
        JsonElement after = await monitor.WaitForLeaderAsync(notBoard: leader);
        Assert.True(after.GetProperty("term").GetInt32() > before.GetProperty("term").GetInt32());
        Assert.False(after.GetProperty("boards")[leader].GetProperty("online").GetBoolean());
        Assert.Contains(after.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("text").GetString() == $"crashed board {leader}");

        // The acknowledged write survived and the new leader takes new ones. Commands enter through the server node,
        // so while it is the board that was crashed, they wait for its restart.
        int serverNode = before.GetProperty("serverNode").GetInt32();
        if (leader != serverNode) await ReadAndWrite(11, 22);
        Assert.Equal(HttpStatusCode.OK, (await monitor.CallAsync(HttpMethod.Post, $"api/sim/restart?node={leader}")).Status);
        await monitor.WaitForLeaderAsync();
        await ReadAndWrite(11, 22);

        // The old leader came back from its flash and catches up.
        await monitor.WaitForValueEverywhereAsync(1, 22, includeOffline: true);
    }

    private async Task ReadAndWrite(int expectInSlot0, int writeToSlot1)
    {
        var (got, value) = await monitor.CallAsync(HttpMethod.Get, "api/get?index=0");
        Assert.Equal(HttpStatusCode.OK, got);
        Assert.Equal(expectInSlot0, value.GetProperty("value").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await monitor.CallAsync(HttpMethod.Post, $"api/set?index=1&value={writeToSlot1}")).Status);
    }
}
