using System.Net;
using System.Text.Json;

namespace RaftEsp.Monitor.Tests.Virtual;

/// <summary>GET /api/frames against a real virtual cluster: the ether's mirror, delivered and lost copies.</summary>
public sealed class FramesVirtualTests(VirtualMonitor monitor) : IClassFixture<VirtualMonitor>
{
    private async Task<JsonElement> Frames(string query)
    {
        var (status, body) = await monitor.CallAsync(HttpMethod.Get, "api/frames?" + query);
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    [Fact]
    public async Task The_ether_mirrors_every_frame_and_a_partition_shows_as_lost_copies()
    {
        JsonElement first = await Wait.UntilAsync(() => Frames("max=100"), b => b.GetProperty("frames").GetArrayLength() > 10, "frames from the ether");
        Assert.Equal("ether", first.GetProperty("source").GetString());
        JsonElement[] frames = first.GetProperty("frames").EnumerateArray().ToArray();
        Assert.Contains(frames, f => f.GetProperty("kind").GetString() == "heartbeat" && f.GetProperty("to").GetInt32() == 255
            && f.GetProperty("deliveredTo").GetArrayLength() >= 4 && f.GetProperty("source").GetString() == "ether");
        double clock = first.GetProperty("clockMs").GetDouble();
        Assert.All(frames, f => Assert.InRange(f.GetProperty("tMs").GetDouble(), clock - 60_000, clock + 1));

        long after = first.GetProperty("nextSeq").GetInt64();
        var (status, _) = await monitor.CallAsync(HttpMethod.Post, "api/sim/partition?groups=0,1-2,3,4");
        Assert.Equal(HttpStatusCode.OK, status);
        try
        {
            JsonElement lost = await Wait.UntilAsync(() => Frames($"after={after}&max=2000"),
                b => b.GetProperty("frames").EnumerateArray().Any(f => f.GetProperty("lostTo").GetArrayLength() > 0), "a copy lost to the partition");
            JsonElement f = lost.GetProperty("frames").EnumerateArray().First(f => f.GetProperty("lostTo").GetArrayLength() > 0);
            int from = f.GetProperty("from").GetInt32();
            bool leftSide = from is 0 or 1;
            Assert.All(f.GetProperty("lostTo").EnumerateArray().Select(e => e.GetInt32()), n => Assert.NotEqual(leftSide, n is 0 or 1)); // lost across the cut only

            // A window of the monitor's clock gives the same frames' times.
            double t = f.GetProperty("tMs").GetDouble();
            JsonElement window = await Frames($"fromMs={(long)t}&toMs={(long)t + 1}&max=5000");
            Assert.Contains(window.GetProperty("frames").EnumerateArray(), w => w.GetProperty("seq").GetInt64() == f.GetProperty("seq").GetInt64());
        }
        finally
        {
            await monitor.CallAsync(HttpMethod.Post, "api/sim/heal");
        }
    }
}
