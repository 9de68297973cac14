using System.Globalization;
using Microsoft.Playwright;
using RaftEsp.Monitor.Tests.Fakes;

namespace RaftEsp.Monitor.Tests.Browser;

/// <summary>The timers view (wwwroot/timers.js) over the in-memory cluster: election rings, the leader's pulse and window, log bars.</summary>
public sealed class TimersPageTests
{
    private static async Task<double> Fraction(IPage page, int board)
    {
        string? f = await page.Locator($"#timer-rings .election-arc[data-timer-node='{board}']").GetAttributeAsync("data-fraction");
        return double.Parse(f ?? "-1", CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_followers_election_ring_is_drawn_and_runs_on_between_two_reads_without_a_new_report()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        await using BrowserSession b = await BrowserSession.OpenAsync(m.BaseUrl);
        IPage page = b.Page;
        await Assertions.Expect(page.Locator("#timer-rings .election-arc")).ToHaveCountAsync(4);
        // Start just after a report reset the ring (on a loaded machine a fixed wait could start late in the
        // timeout, where the ring has no room left to grow), then stop the reports.
        const string JustReset = "() => Number(document.querySelector(\"#timer-rings .election-arc[data-timer-node='2']\").dataset.fraction) < 0.1";
        await page.WaitForFunctionAsync(JustReset);
        m.Cluster.ReportsPaused = true;
        double first = await Fraction(page, 2);
        await Task.Delay(400);
        double second = await Fraction(page, 2);
        // Board 2 reported 3 ticks of its 140-tick (1.4 s) timeout; the ring runs on from there at the page's own pace.
        Assert.InRange(first, 30.0 / 1400, 0.5);
        Assert.True(second > first + 0.1, $"the ring grew from {first} to {second} in 400 ms of a 1.4 s timeout");
        m.Cluster.ReportsPaused = false;
        // A new report resets it to what the board says.
        await page.WaitForFunctionAsync(JustReset);
        await b.ScreenshotAsync("timers-election-rings");
    }

    [Fact]
    public async Task The_leader_pulses_and_its_card_lists_each_followers_window_with_a_crashed_one_probing()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        await using BrowserSession b = await BrowserSession.OpenAsync(m.BaseUrl);
        IPage page = b.Page;
        await Assertions.Expect(page.Locator("#leader-id")).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("#timer-rings .heartbeat-pulse[data-timer-node='0']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#timer-rings .election-arc[data-timer-node='0']")).ToHaveCountAsync(0);
        m.Cluster.Crash(3);
        ILocator rows = page.Locator("[data-board='0'] table.inflight tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("[data-board='0'] tr[data-follower='3']")).ToHaveAttributeAsync("data-state", "probe");
        await Assertions.Expect(page.Locator("[data-board='0'] tr[data-follower='1']")).ToHaveAttributeAsync("data-state", "replicate");
        // Followers have no window of their own.
        await Assertions.Expect(page.Locator("[data-board='1'] table.inflight")).ToHaveCountAsync(0);
        // The pulse moves with the heartbeat interval.
        string? phase = await page.Locator("#timer-rings .heartbeat-pulse").GetAttributeAsync("data-phase");
        await page.WaitForFunctionAsync($"() => document.querySelector('#timer-rings .heartbeat-pulse').dataset.phase !== '{phase}'");
        await b.ScreenshotAsync("timers-leader-window");
    }

    [Fact]
    public async Task Log_bars_show_an_uncommitted_tail_and_the_compacted_part_with_their_numbers()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        await using BrowserSession b = await BrowserSession.OpenAsync(m.BaseUrl);
        IPage page = b.Page;
        await page.FillAsync("#cmd-index", "1");
        await page.ClickAsync("#cmd-set");
        await Assertions.Expect(page.Locator("#cmd-result")).ToContainTextAsync("committed");
        ILocator bar = page.Locator("[data-board='0'] .logbar");
        await Assertions.Expect(bar).Not.ToHaveAttributeAsync("data-commit", "0");
        int commit = int.Parse((await bar.GetAttributeAsync("data-commit"))!, CultureInfo.InvariantCulture); // the register and the set
        Assert.Equal(commit.ToString(CultureInfo.InvariantCulture), await bar.GetAttributeAsync("data-last"));
        await Assertions.Expect(bar.Locator(".seg.uncommitted")).ToHaveCountAsync(0);

        m.Cluster.SnapshotIndex = 1;
        m.Cluster.UncommittedTail = 2;
        string last = (commit + 2).ToString(CultureInfo.InvariantCulture);
        await Assertions.Expect(bar).ToHaveAttributeAsync("data-last", last);
        Assert.Equal(commit.ToString(CultureInfo.InvariantCulture), await bar.GetAttributeAsync("data-commit"));
        Assert.Equal("1", await bar.GetAttributeAsync("data-snapshot"));
        await Assertions.Expect(bar.Locator(".seg.uncommitted")).ToHaveCountAsync(1);
        await Assertions.Expect(bar.Locator(".seg.compacted")).ToHaveCountAsync(1);
        double whole = (await bar.BoundingBoxAsync())!.Width;
        double tail = (await bar.Locator(".seg.uncommitted").BoundingBoxAsync())!.Width;
        Assert.InRange(tail / whole, 2.0 / (commit + 2) - 0.05, 2.0 / (commit + 2) + 0.05); // the last 2 of its entries
        await Assertions.Expect(page.Locator("[data-board='0'] .loglegend")).ToContainTextAsync("committed " + commit);
        await Assertions.Expect(page.Locator("[data-board='0'] .loglegend")).ToContainTextAsync("last " + last);
        await b.ScreenshotAsync("timers-log-bars");

        m.Cluster.UncommittedTail = 0;
        await Assertions.Expect(bar).ToHaveAttributeAsync("data-last", commit.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(bar.Locator(".seg.uncommitted")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_past_snapshot_is_drawn_still_from_its_own_values()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        await using BrowserSession b = await BrowserSession.OpenAsync(m.BaseUrl);
        IPage page = b.Page;
        await Assertions.Expect(page.Locator("#timer-rings .election-arc")).ToHaveCountAsync(4);
        // What the history view does: hold live drawing and draw a snapshot of the past (here: the latest, altered so
        // that board 2 was 0.5 s into its 1.4 s timeout, reported 0.2 s before that moment).
        await page.EvaluateAsync(@"() => {
            const s = JSON.parse(JSON.stringify(window.RaftEspPage.latest()));
            const b = s.boards.find((x) => x.id === 2);
            b.electionElapsedMs = 500; b.secondsSinceReport = 0.2;
            window.RaftEspPage.holdLive(true);
            window.RaftEspPage.draw(s);
        }");
        double first = await Fraction(page, 2);
        await Task.Delay(400);
        double second = await Fraction(page, 2);
        Assert.Equal(0.5, first, 3); // (500 + 200) / 1400
        Assert.Equal(first, second);
        await page.EvaluateAsync("() => window.RaftEspPage.holdLive(false)");
        await page.WaitForFunctionAsync("() => Number(document.querySelector(\"#timer-rings .election-arc[data-timer-node='2']\").dataset.fraction) < 0.3");
    }
}
