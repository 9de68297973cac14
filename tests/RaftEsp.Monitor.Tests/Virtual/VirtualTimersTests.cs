using System.Net;
using System.Text.Json;

namespace RaftEsp.Monitor.Tests.Virtual;

/// <summary>
/// Timers and progress from real boards: the virtual boards fill their status reports from the Raft core, the virtual
/// collector relays them, the monitor decodes them (docs/protocol.md, "StatusReport").
/// </summary>
public sealed class VirtualTimersTests(VirtualMonitor monitor) : IClassFixture<VirtualMonitor>
{
    [Fact]
    public async Task Real_boards_report_randomized_election_timeouts_and_the_leader_its_followers_in_step()
    {
        Assert.Equal(HttpStatusCode.OK, (await monitor.CallAsync(HttpMethod.Post, "api/set?index=2&value=16")).Status);
        JsonElement cluster = await Wait.UntilAsync(monitor.ClusterAsync, c =>
        {
            JsonElement[] boards = c.GetProperty("boards").EnumerateArray().ToArray();
            JsonElement? leader = boards.Where(b => b.GetProperty("isLeader").GetBoolean()).Select(b => (JsonElement?)b).FirstOrDefault();
            return leader is { } l && l.GetProperty("progress").GetArrayLength() == 4 &&
                   l.GetProperty("progress").EnumerateArray().All(p => p.GetProperty("state").GetString() == "replicate" && p.GetProperty("behind").GetInt32() == 0) &&
                   boards.All(b => b.GetProperty("online").GetBoolean() && b.GetProperty("electionTimeoutMs").GetInt32() > 0);
        }, "a leader with every follower replicating and caught up");

        JsonElement[] all = cluster.GetProperty("boards").EnumerateArray().ToArray();
        JsonElement lead = all.Single(b => b.GetProperty("isLeader").GetBoolean());
        int last = lead.GetProperty("lastIndex").GetInt32();
        foreach (JsonElement p in lead.GetProperty("progress").EnumerateArray())
        {
            Assert.NotEqual(lead.GetProperty("id").GetInt32(), p.GetProperty("node").GetInt32());
            Assert.Equal(last, p.GetProperty("match").GetInt32());
            Assert.InRange(p.GetProperty("next").GetInt32(), p.GetProperty("match").GetInt32() + 1, last + 1);
            Assert.InRange(p.GetProperty("inflight").GetInt32(), 0, 4);
        }

        foreach (JsonElement b in all)
        {
            // 10 ms ticks, 20-tick elections randomized over [20, 40) ticks, heartbeats every 5 ticks (the defaults).
            Assert.Equal(10, b.GetProperty("tickMs").GetInt32());
            Assert.Equal(50, b.GetProperty("heartbeatIntervalMs").GetInt32());
            Assert.InRange(b.GetProperty("electionElapsedMs").GetInt32(), 0, b.GetProperty("electionTimeoutMs").GetInt32());
            if (b.GetProperty("isLeader").GetBoolean()) continue;
            Assert.InRange(b.GetProperty("electionTimeoutMs").GetInt32(), 200, 390);
            Assert.Empty(b.GetProperty("progress").EnumerateArray());
        }
    }
}
