using Microsoft.Playwright;
using RaftEsp.Monitor.Tests.Fakes;

namespace RaftEsp.Monitor.Tests.Browser;

/// <summary>The page's own behaviour (drawing, commands, fault buttons, messages) over the in-memory cluster.</summary>
public sealed class FakeClusterPageTests
{
    [Fact]
    public async Task The_page_draws_every_board_and_shows_a_set_on_each()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        await using BrowserSession b = await BrowserSession.OpenAsync(m.BaseUrl);
        IPage page = b.Page;
        await Assertions.Expect(page.Locator("[data-board]")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("#leader-id")).ToHaveTextAsync("0");
        await page.FillAsync("#cmd-index", "3");
        await page.FillAsync("#cmd-value", "1234");
        await page.ClickAsync("#cmd-set");
        await Assertions.Expect(page.Locator("#cmd-result")).ToContainTextAsync("committed");
        for (int board = 0; board < 5; board++)
        {
            await Assertions.Expect(page.Locator($"[data-board='{board}'] [data-slot='3'] .v")).ToHaveTextAsync("1234");
        }

        m.Cluster.Corrupt(4, 1, 77);
        await Assertions.Expect(page.Locator("[data-board='4'] [data-slot='1']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("diff"));
        await b.ScreenshotAsync("fake-cluster-after-set");
    }

    [Fact]
    public async Task Crash_buttons_and_membership_messages_work()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        await using BrowserSession b = await BrowserSession.OpenAsync(m.BaseUrl);
        IPage page = b.Page;
        await Assertions.Expect(page.Locator("#leader-id")).ToHaveTextAsync("0");
        await page.ClickAsync("[data-board='0'] button[data-act='crash']");
        await Assertions.Expect(page.Locator("#leader-id")).Not.ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("[data-board='0']")).ToHaveAttributeAsync("data-online", "false");
        await Assertions.Expect(page.Locator("[data-board='0'] button[data-act='restart']")).ToBeVisibleAsync();
        await page.ClickAsync("#join");
        await Assertions.Expect(page.Locator("#member-result")).ToContainTextAsync("501");
        await Assertions.Expect(page.Locator("#member-result")).ToContainTextAsync("not supported yet");
        await b.ScreenshotAsync("fake-cluster-leader-crashed");
    }

    [Fact]
    public async Task In_real_collector_mode_the_fault_controls_are_hidden()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync(virtualMode: false);
        await using BrowserSession b = await BrowserSession.OpenAsync(m.BaseUrl);
        await Assertions.Expect(b.Page.Locator("[data-board]")).ToHaveCountAsync(5);
        await Assertions.Expect(b.Page.Locator("#sim-controls")).ToBeHiddenAsync();
        await Assertions.Expect(b.Page.Locator("button[data-act='crash']")).ToHaveCountAsync(0);
    }
}
