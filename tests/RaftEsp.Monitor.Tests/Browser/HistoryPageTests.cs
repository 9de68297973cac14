using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RaftEsp.Monitor.Tests.Virtual;

namespace RaftEsp.Monitor.Tests.Browser;

/// <summary>The time slider over a live virtual cluster, in Debian's Chromium.</summary>
public sealed class HistoryPageTests(VirtualMonitor monitor) : IClassFixture<VirtualMonitor>
{
    [Fact]
    public async Task Dragging_back_past_a_crash_shows_the_old_leader_and_live_shows_the_new_one()
    {
        await using BrowserSession b = await BrowserSession.OpenAsync(monitor.BaseUrl);
        IPage page = b.Page;
        await Assertions.Expect(page.Locator("#leader-id")).ToHaveTextAsync(new Regex("^[0-4]$"));
        await Assertions.Expect(page.Locator("#history")).ToHaveAttributeAsync("data-mode", "live");
        JsonElement before = await monitor.WaitForLeaderAsync();
        int oldLeader = before.GetProperty("leaderId").GetInt32();
        long beforeMs = before.GetProperty("clockMs").GetInt64();

        (HttpStatusCode status, _) = await monitor.CallAsync(HttpMethod.Post, $"api/sim/crash?node={oldLeader}");
        Assert.Equal(HttpStatusCode.OK, status);
        JsonElement after = await monitor.WaitForLeaderAsync(oldLeader);
        string newLeader = after.GetProperty("leaderId").GetInt32().ToString(CultureInfo.InvariantCulture);
        await Assertions.Expect(page.Locator("#leader-id")).ToHaveTextAsync(newLeader);
        await Assertions.Expect(page.Locator($"[data-board='{oldLeader}']")).ToHaveAttributeAsync("data-role", "Crashed");

        // Drag back to before the crash: the page holds live updates and shows the cluster as it was.
        var times = new List<string>();
        await page.ExposeFunctionAsync("noteTime", (string t) => times.Add(t));
        await page.EvaluateAsync("() => window.addEventListener('raftesp:time', e => window.noteTime(JSON.stringify(e.detail)))");
        await Assertions.Expect(page.Locator("#history-slider")).Not.ToHaveAttributeAsync("max", "1");
        await page.Locator("#history-slider").FillAsync(beforeMs.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#history")).ToHaveAttributeAsync("data-live", "false");
        await Assertions.Expect(page.Locator("#leader-id")).ToHaveTextAsync(oldLeader.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator($"[data-board='{oldLeader}']")).Not.ToHaveAttributeAsync("data-role", "Crashed");
        await Assertions.Expect(page.Locator("#timeline")).Not.ToContainTextAsync($"crashed board {oldLeader}");
        await Wait.UntilAsync(() => Task.FromResult(times.ToArray()), t => t.Any(x => x.Contains("\"live\":false", StringComparison.Ordinal)), "a raftesp:time event for the past");
        await b.ScreenshotAsync("history-before-the-crash");

        // Live: the present again, with the new leader.
        await page.ClickAsync("#history-live");
        await Assertions.Expect(page.Locator("#history")).ToHaveAttributeAsync("data-live", "true");
        await Assertions.Expect(page.Locator("#leader-id")).ToHaveTextAsync(newLeader);
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync($"crashed board {oldLeader}");
        await Wait.UntilAsync(() => Task.FromResult(times.ToArray()), t => t.Any(x => x.Contains("\"live\":true", StringComparison.Ordinal)), "a raftesp:time event for live");
        await b.ScreenshotAsync("history-live-again");
        await monitor.CallAsync(HttpMethod.Post, $"api/sim/restart?node={oldLeader}");
    }
}
