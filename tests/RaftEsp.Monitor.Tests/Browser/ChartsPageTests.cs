using System.Globalization;
using System.Text.Json;
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

    /// <summary>
    /// Waits until the chart's own data (the last answer of GET /api/metrics the page drew) holds a value above 0 in the
    /// series shown, then hovers exactly that point and returns what its hover tip says. Hovering where the data says a
    /// value is, rather than sweeping, keeps a load that just began (a few points at the newest edge) from being missed;
    /// a redraw between the look and the hover shifts the live window by a point, so it looks again until they agree.
    /// </summary>
    internal static async Task<double> HoverUntilPositiveAsync(IPage page, ILocator chart)
    {
        const string findPoint = """
            () => {
              const d = window.RaftEspCharts && window.RaftEspCharts.latest();
              if (!d) return null;
              const board = document.getElementById('charts-board').value;
              const values = board === 'cluster' ? d.commitsPerSecond : (d.boards[board] || {}).commitsPerSecond;
              if (!values || values.length < 2) return null;
              let best = -1;
              for (let i = 0; i < values.length; i++) if (values[i] > 0 && (best < 0 || values[i] > values[best])) best = i;
              return best < 0 ? null : { index: best, count: values.length, value: values[best] };
            }
            """;
        // The chart's drawing constants (charts.js): the view box is 380 wide with 40 on the left and 8 on the right.
        const double viewWidth = 380, padLeft = 40, padRight = 8;
        DateTime end = DateTime.UtcNow + Wait.Generous;
        string lastSeen = "no chart data yet";
        while (DateTime.UtcNow < end)
        {
            JsonElement point = await page.EvaluateAsync<JsonElement>(findPoint);
            if (point.ValueKind != JsonValueKind.Object)
            {
                lastSeen = "the series held no value above 0";
                await Task.Delay(250);
                continue;
            }

            int index = point.GetProperty("index").GetInt32(), count = point.GetProperty("count").GetInt32();
            double viewX = padLeft + ((double)index / (count - 1)) * (viewWidth - padLeft - padRight);
            ILocator svg = chart.Locator("svg");
            LocatorBoundingBoxResult box = (await svg.BoundingBoxAsync())!;
            // Hovering the element scrolls it into view; the position is relative to its box.
            await svg.HoverAsync(new LocatorHoverOptions { Position = new Position { X = (float)(viewX / viewWidth * box.Width), Y = box.Height / 2 } });
            ILocator shown = chart.Locator(".chart-tip .v").First;
            string text = await shown.CountAsync() > 0 ? (await shown.TextContentAsync(new LocatorTextContentOptions { Timeout = 2000 })) ?? "" : "";
            lastSeen = $"point {index} of {count} held {point.GetProperty("value").GetDouble()}, its hover showed '{text}'";
            if (double.TryParse(text.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0) return value;
            await Task.Delay(250);
        }

        throw new TimeoutException($"no point of the chart showed a value above 0 on hover ({lastSeen})");
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
