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
    public async Task Crash_buttons_work()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        await using BrowserSession b = await BrowserSession.OpenAsync(m.BaseUrl);
        IPage page = b.Page;
        await Assertions.Expect(page.Locator("#leader-id")).ToHaveTextAsync("0");
        await page.ClickAsync("[data-board='0'] button[data-act='crash']");
        await Assertions.Expect(page.Locator("#leader-id")).Not.ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("[data-board='0']")).ToHaveAttributeAsync("data-online", "false");
        await Assertions.Expect(page.Locator("[data-board='0'] button[data-act='restart']")).ToBeVisibleAsync();
        await b.ScreenshotAsync("fake-cluster-leader-crashed");
    }

    [Fact]
    public async Task The_picture_grows_with_a_join_draws_a_learner_dashed_and_shrinks_with_a_leave()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        await using BrowserSession b = await BrowserSession.OpenAsync(m.BaseUrl);
        IPage page = b.Page;
        await Assertions.Expect(page.Locator("#picture [data-node]")).ToHaveCountAsync(5);
        await page.FillAsync("#member-node", "5");
        await page.ClickAsync("#join");
        await Assertions.Expect(page.Locator("#member-result")).ToContainTextAsync("board 5 joined: it is a voter");
        await Assertions.Expect(page.Locator("#picture [data-node]")).ToHaveCountAsync(6);
        await Assertions.Expect(page.Locator("[data-board='5']")).ToHaveAttributeAsync("data-member", "voter");
        await Assertions.Expect(page.Locator("#voters")).ToHaveTextAsync("0,1,2,3,4,5");

        m.Cluster.JoinLeavesALearner = true;
        await page.FillAsync("#member-node", "6");
        await page.ClickAsync("#join");
        await Assertions.Expect(page.Locator("#member-result")).ToContainTextAsync("202");
        await Assertions.Expect(page.Locator("#member-result")).ToContainTextAsync("still a learner");
        await Assertions.Expect(page.Locator("#picture [data-node='6']")).ToHaveAttributeAsync("data-member", "learner");
        await Assertions.Expect(page.Locator("#picture [data-node='6'] circle.body")).ToHaveCSSAsync("stroke-dasharray", "6px, 4px");
        await Assertions.Expect(page.Locator("#learners")).ToHaveTextAsync("6");
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync("board 6 added as a learner");
        await b.ScreenshotAsync("fake-cluster-learner");

        // The card's own leave button; the server node has none.
        await Assertions.Expect(page.Locator("[data-board='0'] button[data-member-act='leave']")).ToHaveCountAsync(0);
        await page.ClickAsync("[data-board='3'] button[data-member-act='leave']");
        await Assertions.Expect(page.Locator("#member-result")).ToContainTextAsync("board 3 left");
        await Assertions.Expect(page.Locator("[data-board='3']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#picture [data-node]")).ToHaveCountAsync(6);
        await page.FillAsync("#member-node", "0");
        await page.ClickAsync("#leave");
        await Assertions.Expect(page.Locator("#member-result")).ToContainTextAsync("409");
        await Assertions.Expect(page.Locator("#member-result")).ToContainTextAsync("server node");
    }

    [Fact]
    public async Task A_board_waiting_to_join_is_drawn_apart_and_its_join_button_adds_it()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        await using BrowserSession b = await BrowserSession.OpenAsync(m.BaseUrl);
        IPage page = b.Page;
        m.Cluster.StartJoiner(8); // a board flashed with join = true, powered on
        await Assertions.Expect(page.Locator("#picture [data-node='8']")).ToHaveAttributeAsync("data-member", "waiting");
        await Assertions.Expect(page.Locator("#pending-change")).ToContainTextAsync("waiting to join: 8");
        await page.ClickAsync("[data-board='8'] button[data-member-act='join']");
        await Assertions.Expect(page.Locator("#member-result")).ToContainTextAsync("board 8 joined");
        await Assertions.Expect(page.Locator("#picture [data-node='8']")).ToHaveAttributeAsync("data-member", "voter");
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
