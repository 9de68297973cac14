using System.Text.Json;
using Microsoft.Playwright;
using RaftEsp.Monitor.Tests.Virtual;

namespace RaftEsp.Monitor.Tests.Browser;

/// <summary>Frames in flight on the page (frames.js), against a running virtual cluster whose ether mirrors every frame.</summary>
public sealed class FramesPageTests(VirtualMonitor monitor) : IClassFixture<VirtualMonitor>
{
    private static Task<JsonElement> Stats(IPage page) => page.EvaluateAsync<JsonElement>("() => window.RaftEspFrames.stats()");

    private static Task<JsonElement> Marks(IPage page) => page.EvaluateAsync<JsonElement>("() => window.RaftEspFrames.marks()");

    private static async Task<JsonElement> Until(IPage page, Func<JsonElement, bool> done, string what)
    {
        DateTime end = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        JsonElement last;
        do
        {
            last = await Stats(page);
            if (done(last)) return last;
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < end);
        throw new TimeoutException($"{what}: last stats {last}");
    }

    [Fact]
    public async Task Frames_appear_and_move_pause_freezes_them_step_adds_one_and_the_filter_hides_a_kind()
    {
        await using BrowserSession b = await BrowserSession.OpenAsync(monitor.BaseUrl);
        IPage page = b.Page;
        await Assertions.Expect(page.Locator("[data-board][data-online='true']")).ToHaveCountAsync(5);
        await Until(page, s => s.GetProperty("shown").GetInt32() > 5 && s.GetProperty("marks").GetInt32() > 0, "frames on screen");

        // A mark's position changes between two animation frames (the same copy: same frame, same receiver).
        JsonElement moved = await page.EvaluateAsync<JsonElement>(@"async () => {
            const frame = () => new Promise(r => requestAnimationFrame(() => r()));
            for (let attempt = 0; attempt < 200; attempt++) {
              const a = window.RaftEspFrames.marks();
              await frame(); await frame();
              const b = window.RaftEspFrames.marks();
              for (const m of a) {
                const n = b.find(x => x.seq === m.seq && x.node === m.node);
                if (n && (n.x !== m.x || n.y !== m.y)) return { from: m, to: n };
              }
            }
            return null;
          }");
        Assert.Equal(JsonValueKind.Object, moved.ValueKind);
        await b.ScreenshotAsync("frames-in-flight");

        // Pause: nothing moves, however long we wait.
        await page.ClickAsync("#frames-pause");
        await Until(page, s => s.GetProperty("paused").GetBoolean(), "paused");
        string before = (await Marks(page)).GetRawText();
        int shownBefore = (await Stats(page)).GetProperty("shown").GetInt32();
        await page.WaitForTimeoutAsync(600);
        Assert.Equal(before, (await Marks(page)).GetRawText());
        Assert.Equal(shownBefore, (await Stats(page)).GetProperty("shown").GetInt32());

        // Step: exactly one more frame goes on screen.
        await Until(page, s => s.GetProperty("queued").GetInt32() > 2, "frames waiting while paused");
        await page.ClickAsync("#frames-step");
        await page.WaitForTimeoutAsync(500);
        Assert.Equal(shownBefore + 1, (await Stats(page)).GetProperty("shown").GetInt32());
        await page.ClickAsync("#frames-step");
        await page.WaitForTimeoutAsync(500);
        Assert.Equal(shownBefore + 2, (await Stats(page)).GetProperty("shown").GetInt32());
        await b.ScreenshotAsync("frames-paused-step");

        // The filter: with heartbeats unticked, none is drawn (the leader's heartbeats are most of an idle cluster's frames).
        await page.ClickAsync("#frames-pause"); // play again
        await page.UncheckAsync("#frames-filter input[data-kind='heartbeat']");
        int shownAfterFilter = (await Stats(page)).GetProperty("shown").GetInt32();
        for (int i = 0; i < 10; i++)
        {
            JsonElement marks = await Marks(page);
            Assert.DoesNotContain(marks.EnumerateArray(), m => m.GetProperty("kind").GetString() == "heartbeat");
            await page.WaitForTimeoutAsync(100);
        }

        await page.CheckAsync("#frames-filter input[data-kind='heartbeat']");
        await Until(page, s => s.GetProperty("shown").GetInt32() > shownAfterFilter + 3, "heartbeats shown again");
    }

    [Fact]
    public async Task The_speed_control_slows_the_view_clock()
    {
        await using BrowserSession b = await BrowserSession.OpenAsync(monitor.BaseUrl);
        IPage page = b.Page;
        await Until(page, s => s.GetProperty("viewMs").ValueKind == JsonValueKind.Number, "the view clock started");
        await page.SelectOptionAsync("#frames-speed", "0.1");
        // Not a timing: at 1/10 the view clock can never advance more than a tenth of the real time that passed (plus
        // one capped animation step of 250 ms), however slow the machine; it must advance at all.
        JsonElement run = await page.EvaluateAsync<JsonElement>(@"async () => {
            for (let attempt = 0; attempt < 20; attempt++) {
              const a = window.RaftEspFrames.stats().viewMs, t0 = performance.now();
              await new Promise(r => setTimeout(r, 1000));
              const advanced = window.RaftEspFrames.stats().viewMs - a, real = performance.now() - t0;
              if (advanced > 0) return { advanced, real };
            }
            return { advanced: 0, real: 0 };
          }");
        double advanced = run.GetProperty("advanced").GetDouble(), real = run.GetProperty("real").GetDouble();
        Assert.True(advanced > 0, "the view clock did not move at 1/10");
        Assert.True(advanced <= real * 0.1 + 25.1, $"the view clock advanced {advanced} ms in {real} ms of real time at 1/10");
        Assert.Equal(0.1, (await Stats(page)).GetProperty("speed").GetDouble());
    }
}
