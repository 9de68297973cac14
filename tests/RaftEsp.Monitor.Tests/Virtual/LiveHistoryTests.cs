using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RaftEsp.Monitor.Tests.Virtual;

/// <summary>A live virtual cluster's history: the cluster as it was before a crash, from what the monitor recorded.</summary>
public sealed class LiveHistoryTests(VirtualMonitor monitor) : IClassFixture<VirtualMonitor>
{
    [Fact]
    public async Task After_the_leader_crashes_the_cluster_before_the_crash_still_shows_the_old_leader()
    {
        JsonElement first = await monitor.WaitForLeaderAsync();
        int oldLeader = first.GetProperty("leaderId").GetInt32();
        long before = first.GetProperty("clockMs").GetInt64();
        Assert.True(before > 0);
        JsonElement h = await monitor.Http.GetFromJsonAsync<JsonElement>("api/history");
        Assert.Equal("live", h.GetProperty("mode").GetString());
        Assert.True(h.GetProperty("live").GetBoolean());
        Assert.True(h.GetProperty("endMs").GetInt64() >= before);

        (HttpStatusCode status, _) = await monitor.CallAsync(HttpMethod.Post, $"api/sim/crash?node={oldLeader}");
        Assert.Equal(HttpStatusCode.OK, status);
        JsonElement now = await monitor.WaitForLeaderAsync(oldLeader);
        int newLeader = now.GetProperty("leaderId").GetInt32();

        JsonElement past = await monitor.Http.GetFromJsonAsync<JsonElement>($"api/cluster?atMs={before}");
        Assert.Equal(oldLeader, past.GetProperty("leaderId").GetInt32());
        Assert.Equal(before, past.GetProperty("clockMs").GetInt64());
        Assert.DoesNotContain(past.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("text").GetString() == $"crashed board {oldLeader}");
        // The monitor's own link is its present: a past picture shows it attached, as it is, not a handshake.
        Assert.Equal("attached", past.GetProperty("monitorLink").GetProperty("state").GetString());
        JsonElement later = await monitor.Http.GetFromJsonAsync<JsonElement>($"api/cluster?atMs={now.GetProperty("clockMs").GetInt64()}");
        Assert.Equal(newLeader, later.GetProperty("leaderId").GetInt32());
        Assert.Contains(later.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("text").GetString() == $"crashed board {oldLeader}");

        (status, _) = await monitor.CallAsync(HttpMethod.Post, $"api/sim/restart?node={oldLeader}");
        Assert.Equal(HttpStatusCode.OK, status);
        (status, JsonElement refused) = await monitor.CallAsync(HttpMethod.Post, "api/replay/seek?ms=0");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("--replay", refused.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
