using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using RaftEsp.Monitor.Options;
using RaftEsp.Monitor.Web;
using Xunit.Abstractions;

namespace RaftEsp.Monitor.Tests.Browser;

/// <summary>
/// A measurement, not a timed assertion (docs/performance.md, "The monitor page with 9 boards"): a virtual cluster of
/// N boards under a loop of set commands, its frames mirrored by the ether, the page drawing them; prints the frames
/// per second the mirror carried and the page's animation frame rate. Asserts only that frames were drawn.
/// Run: dotnet test tests/RaftEsp.Monitor.Tests -c Release --filter "FullyQualifiedName~FramesPerformance"
/// </summary>
public sealed class FramesPerformanceTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(5)]
    [InlineData(9)]
    public async Task The_page_draws_every_frame_of_a_loaded_cluster_and_reports_its_frame_rate(int boards)
    {
        var options = new MonitorOptions { Boards = boards, Http = new IPEndPoint(IPAddress.Loopback, 0), CommandTimeout = TimeSpan.FromSeconds(20) };
        await using MonitorRuntime runtime = await RuntimeFactory.CreateAsync(options, CancellationToken.None);
        WebApplication app = MonitorApp.Build(runtime, options.Http, LogLevel.None);
        await app.StartAsync();
        try
        {
            await runtime.Link.StartAsync(CancellationToken.None);
            string url = MonitorApp.BaseUrl(app);
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
            await Wait.UntilAsync(() => http.GetFromJsonAsync<JsonElement>("api/cluster"), c => c.GetProperty("leaderId").GetInt32() >= 0, "a leader");
            await using BrowserSession b = await BrowserSession.OpenAsync(url);
            IPage page = b.Page;
            await Assertions.Expect(page.Locator("[data-board][data-online='true']")).ToHaveCountAsync(boards);

            // Baselines, to tell the page's own cost from the machine's: the idle cluster, then under load with every
            // kind filtered out (frames.js still polls and queues, but draws nothing).
            int idleFps = await FpsAsync(page, 3);
            // The load: four clients writing as fast as the cluster commits, for the whole measurement.
            using var stop = new CancellationTokenSource();
            long commits = 0;
            Task[] writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                for (int i = 0; !stop.IsCancellationRequested; i++)
                {
                    try
                    {
                        using HttpResponseMessage r = await http.PostAsync($"api/set?index={w}&value={i}", null, stop.Token);
                        if (r.IsSuccessStatusCode) Interlocked.Increment(ref commits);
                    }
                    catch (Exception e) when (e is OperationCanceledException or HttpRequestException)
                    {
                    }
                }
            })).ToArray();

            await page.WaitForTimeoutAsync(2000); // let the load settle
            await SetAllKindsAsync(page, false);
            int hiddenFps = await FpsAsync(page, 3);
            await SetAllKindsAsync(page, true);
            long seen0 = runtime.Frames.SeenTotal;
            int shown0 = (await page.EvaluateAsync<JsonElement>("() => window.RaftEspFrames.stats()")).GetProperty("shown").GetInt32();
            var fps = new List<int>();
            var marks = new List<int>();
            var clock = Stopwatch.StartNew();
            for (int s = 0; s < 10; s++)
            {
                await page.WaitForTimeoutAsync(1000);
                JsonElement stats = await page.EvaluateAsync<JsonElement>("() => window.RaftEspFrames.stats()");
                fps.Add(stats.GetProperty("fps").GetInt32());
                marks.Add(stats.GetProperty("marks").GetInt32());
            }

            double seconds = clock.Elapsed.TotalSeconds;
            long mirrored = runtime.Frames.SeenTotal - seen0;
            JsonElement last = await page.EvaluateAsync<JsonElement>("() => window.RaftEspFrames.stats()");
            int shown = last.GetProperty("shown").GetInt32() - shown0;
            stop.Cancel();
            await Task.WhenAll(writers);
            await b.ScreenshotAsync($"frames-{boards}-boards-loaded");

            string line = string.Create(CultureInfo.InvariantCulture,
                $"{boards} boards under load: ether mirror {mirrored / seconds:0} frames/s; page drew {shown / seconds:0} frames/s " +
                $"(skipped {last.GetProperty("skipped").GetInt32()}, sampled {last.GetProperty("sampled").GetBoolean()}); " +
                $"page fps median {Median(fps)} (min {fps.Min()}, max {fps.Max()}) over {seconds:0} s; marks on screen median {Median(marks)} (max {marks.Max()}); " +
                $"{commits / (seconds + 2):0} sets/s through the API; baselines: idle cluster {idleFps} fps, loaded with no kind shown {hiddenFps} fps; " +
                $"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores");
            output.WriteLine(line);
            Console.WriteLine(line);
            Assert.True(shown > 0, "no frame was drawn: " + line);
            Assert.True(mirrored > 0, "the ether mirrored nothing: " + line);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task<int> FpsAsync(IPage page, int seconds)
    {
        var fps = new List<int>();
        for (int s = 0; s < seconds; s++)
        {
            await page.WaitForTimeoutAsync(1000);
            fps.Add((await page.EvaluateAsync<JsonElement>("() => window.RaftEspFrames.stats()")).GetProperty("fps").GetInt32());
        }

        return Median(fps);
    }

    private static Task SetAllKindsAsync(IPage page, bool shown) => page.EvaluateAsync(
        "shown => document.querySelectorAll('#frames-filter input').forEach(b => { if (b.checked !== shown) b.click(); })", shown);

    private static int Median(List<int> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[sorted.Count / 2];
    }
}
