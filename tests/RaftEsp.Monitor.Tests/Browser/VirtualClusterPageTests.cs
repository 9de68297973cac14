using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RaftEsp.Monitor.Tests.Virtual;

namespace RaftEsp.Monitor.Tests.Browser;

/// <summary>The page in Debian's Chromium, against a running virtual cluster. Screenshots go to artifacts/screenshots/.</summary>
public sealed class VirtualClusterPageTests(VirtualMonitor monitor) : IClassFixture<VirtualMonitor>
{
    [Fact]
    public async Task A_set_from_the_page_shows_on_every_board_and_crashing_the_leader_shows_a_new_one()
    {
        await using BrowserSession b = await BrowserSession.OpenAsync(monitor.BaseUrl);
        IPage page = b.Page;
        await Assertions.Expect(page.Locator("[data-board]")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("#leader-id")).ToHaveTextAsync(new Regex("^[0-4]$"));
        await Assertions.Expect(page.Locator("[data-board][data-online='true']")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("#collector")).ToHaveAttributeAsync("data-link", "attached");
        await b.ScreenshotAsync("virtual-cluster-start");

        await page.FillAsync("#cmd-index", "2");
        await page.FillAsync("#cmd-value", "31337");
        await page.ClickAsync("#cmd-set");
        await Assertions.Expect(page.Locator("#cmd-result")).ToContainTextAsync("committed at log index");
        for (int board = 0; board < 5; board++)
        {
            await Assertions.Expect(page.Locator($"[data-board='{board}'] [data-slot='2'] .v")).ToHaveTextAsync("31337");
        }

        await page.ClickAsync("#cmd-get");
        await Assertions.Expect(page.Locator("#cmd-result")).ToContainTextAsync("get [2] = 31337");
        await b.ScreenshotAsync("virtual-cluster-after-set");

        string leader = (await page.Locator("#leader-id").TextContentAsync())!.Trim();
        await page.ClickAsync($"[data-board='{leader}'] button[data-act='crash']");
        await Assertions.Expect(page.Locator($"[data-board='{leader}']")).ToHaveAttributeAsync("data-role", "Crashed");
        await Assertions.Expect(page.Locator("#leader-id")).ToHaveTextAsync(new Regex($"^[0-4]$"));
        await Assertions.Expect(page.Locator("#leader-id")).Not.ToHaveTextAsync(leader);
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync($"crashed board {leader}");
        await b.ScreenshotAsync("virtual-cluster-leader-crashed");

        await page.ClickAsync($"[data-board='{leader}'] button[data-act='restart']");
        await Assertions.Expect(page.Locator($"[data-board='{leader}']")).ToHaveAttributeAsync("data-online", "true");
        await Assertions.Expect(page.Locator($"[data-board='{leader}'] [data-slot='2'] .v")).ToHaveTextAsync("31337");
        await page.FillAsync("#partition-groups", "0,1-2,3,4");
        await page.ClickAsync("#partition");
        await Assertions.Expect(page.Locator("#fault-banner")).ToContainTextAsync("{0,1} | {2,3,4}");
        await b.ScreenshotAsync("virtual-cluster-partitioned");
        await page.ClickAsync("#heal");
        await Assertions.Expect(page.Locator("#fault-banner")).ToBeHiddenAsync();
    }
}
