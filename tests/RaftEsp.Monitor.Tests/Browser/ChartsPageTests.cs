using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RaftEsp.Monitor.Tests.Virtual;

namespace RaftEsp.Monitor.Tests.Browser;

/// <summary>The charts view in Debian's Chromium, against a virtual cluster taking commands.</summary>
public sealed class ChartsPageTests(VirtualMonitor monitor) : IClassFixture<VirtualMonitor>
{
    [Fact]
    public async Task Under_commands_the_commits_chart_draws_a_path_and_its_hover_shows_commits_per_second()
    {
        await using BrowserSession b = await BrowserSession.OpenAsync(monitor.BaseUrl);
        IPage page = b.Page;
        using var stop = new CancellationTokenSource();
        Task load = CommandLoad.RunAsync(monitor.Http, stop.Token);
        try
        {
            ILocator chart = page.Locator("[data-chart='commits']");
            await Assertions.Expect(chart.Locator("path.series")).ToHaveAttributeAsync("d", new Regex("^M[^M]*L"));
            await Assertions.Expect(page.Locator("#charts-note")).ToContainTextAsync("first goes out in an AppendEntries");
            double shown = await HoverUntilPositiveAsync(page, chart);
            Assert.True(shown > 0, $"the hover showed {shown} commits/s");
            await b.ScreenshotAsync("charts-under-commands");

            // One board's own commits: the selector lists the boards the series name.
            await Assertions.Expect(page.Locator("#charts-board option[value='0']")).ToHaveCountAsync(1);
            await page.SelectOptionAsync("#charts-board", "0");
            await Assertions.Expect(chart.Locator(".chart-title")).ToContainTextAsync("board 0");
            Assert.True(await HoverUntilPositiveAsync(page, chart) > 0);

            // The history view's time event: the charts show the window ending at the chosen time, then live again.
            await page.EvaluateAsync("() => window.dispatchEvent(new CustomEvent('raftesp:time', { detail: { ms: 20000, live: false } }))");
            await Assertions.Expect(page.Locator("#charts-window")).ToContainTextAsync("ending at 0:20");
            await Assertions.Expect(chart.Locator("svg text").Last).ToHaveTextAsync("0:20");
            await page.EvaluateAsync("() => window.dispatchEvent(new CustomEvent('raftesp:time', { detail: { ms: 0, live: true } }))");
            await Assertions.Expect(page.Locator("#charts-window")).ToContainTextAsync("live");
        }
        finally
        {
            await stop.CancelAsync();
            await load;
        }
    }

    /// <summary>Moves the mouse from the right edge of the chart to the left until the hover shows a value above 0.</summary>
    internal static async Task<double> HoverUntilPositiveAsync(IPage page, ILocator chart)
    {
        DateTime end = DateTime.UtcNow + Wait.Generous;
        while (true)
        {
            ILocator svg = chart.Locator("svg");
            LocatorBoundingBoxResult box = (await svg.BoundingBoxAsync())!;
            for (float f = 0.98f; f > 0.1f; f -= 0.02f)
            {
                // Hovering the element scrolls it into view; the position is relative to its box.
                await svg.HoverAsync(new LocatorHoverOptions { Position = new Position { X = box.Width * f, Y = box.Height / 2 } });
                string text = (await chart.Locator(".chart-tip .v").First.TextContentAsync()) ?? "";
                if (double.TryParse(text.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0) return value;
            }

            if (DateTime.UtcNow > end) throw new TimeoutException("no point of the chart showed a value above 0 on hover");
            await Task.Delay(500);
        }
    }
}

/// <summary>Sets slots in a loop through the HTTP API until stopped, so the cluster commits all the time.</summary>
internal static class CommandLoad
{
    public static async Task RunAsync(HttpClient http, CancellationToken stop)
    {
        int value = 1;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using HttpResponseMessage response = await http.PostAsync($"api/set?index={value % 5}&value={value}", null, stop);
                value++;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200, CancellationToken.None);
            }
        }
    }
}
