using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RaftEsp.Monitor.Tests.Fakes;

namespace RaftEsp.Monitor.Tests.Browser;

/// <summary>A recording opened with --replay (the monitor in process), seeked and played from the page.</summary>
public sealed class HistoryReplayPageTests : IAsyncLifetime
{
    private ReplayMonitor monitor = null!;

    public async Task InitializeAsync() => monitor = await ReplayMonitor.StartAsync("crash.rrec");

    public async Task DisposeAsync() => await monitor.DisposeAsync();

    [Fact]
    public async Task A_recorded_run_opens_seeks_and_plays()
    {
        await using BrowserSession b = await BrowserSession.OpenAsync(monitor.Url);
        IPage page = b.Page;
        await Assertions.Expect(page.Locator("#history")).ToHaveAttributeAsync("data-mode", "replay");
        await Assertions.Expect(page.Locator("#history-play")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#history-live")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#mode")).ToContainTextAsync("replay");
        await Assertions.Expect(page.Locator("#history-slider")).ToHaveAttributeAsync("max", RecordedRun.EndMs.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await page.Locator("#history-slider").FillAsync("2000");
        await Assertions.Expect(page.Locator("#leader-id")).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("#history-position")).ToContainTextAsync("0:02.000");
        await page.Locator("#history-slider").FillAsync("5000");
        await Assertions.Expect(page.Locator("#leader-id")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("[data-board='0']")).ToHaveAttributeAsync("data-role", "Crashed");
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync("crashed board 0");
        await b.ScreenshotAsync("replay-after-the-crash");

        // Back to the start, then play at 20x: the recording runs to its end and stops there.
        await page.Locator("#history-slider").FillAsync("0");
        await Assertions.Expect(page.Locator("#leader-id")).ToHaveTextAsync(new Regex("^(0|none)$"));
        await page.SelectOptionAsync("#history-speed", "20");
        await page.ClickAsync("#history-play");
        await Assertions.Expect(page.Locator("#history-play")).ToHaveAttributeAsync("data-playing", "true");
        await Assertions.Expect(page.Locator("#history-position")).ToContainTextAsync("0:06.000 / 0:06.000");
        await Assertions.Expect(page.Locator("#leader-id")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("#history-play")).ToHaveAttributeAsync("data-playing", "false");
    }
}
