using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RaftEsp.Monitor.Tests.Virtual;

namespace RaftEsp.Monitor.Tests.Browser;

/// <summary>
/// Membership changes from the page in Debian's Chromium, against a running virtual cluster: a join until the new
/// board is a voter (§4.2.1), the leave of the leader (it hands over first, §4.2.2), and a replacement (a board
/// leaves, a fresh one joins). Each test reads the cluster's shape first, so they hold in any order on one cluster.
/// </summary>
public sealed class VirtualMembershipPageTests(VirtualMonitor monitor) : IClassFixture<VirtualMonitor>
{
    private static readonly LocatorAssertionsToContainTextOptions Slow = new() { Timeout = 90_000 };

    private async Task<int[]> VotersAsync() =>
        (await monitor.ClusterAsync()).GetProperty("voters").EnumerateArray().Select(e => e.GetInt32()).ToArray();

    /// <summary>An id no board of this cluster ever had (a freshly flashed board).</summary>
    private int FreshId()
    {
        IReadOnlyList<int> known = monitor.Runtime.State.KnownBoards;
        int id = 5;
        while (known.Contains(id)) id++;
        return id;
    }

    private static async Task MembershipAsync(IPage page, string verb, int node)
    {
        await page.FillAsync("#member-node", node.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickAsync("#" + verb);
    }

    [Fact]
    public async Task Joining_a_board_from_the_page_grows_the_picture_until_it_is_a_voter()
    {
        await using BrowserSession b = await BrowserSession.OpenAsync(monitor.BaseUrl);
        IPage page = b.Page;
        int before = (await VotersAsync()).Length;
        await Assertions.Expect(page.Locator("#picture [data-node]")).ToHaveCountAsync(before);
        int id = FreshId();
        await MembershipAsync(page, "join", id);
        await Assertions.Expect(page.Locator("#member-result")).ToContainTextAsync($"board {id} joined: it is a voter", Slow);
        await Assertions.Expect(page.Locator($"#picture [data-node='{id}']")).ToHaveAttributeAsync("data-member", "voter");
        await Assertions.Expect(page.Locator("#picture [data-node]")).ToHaveCountAsync(before + 1);
        await Assertions.Expect(page.Locator($"[data-board='{id}']")).ToHaveAttributeAsync("data-online", "true");
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync($"board {id} added as a learner");
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync($"board {id} caught up and was promoted to voter");
        await b.ScreenshotAsync("virtual-cluster-joined");
    }

    [Fact]
    public async Task Leaving_the_leader_from_the_page_elects_another_and_shrinks_the_picture()
    {
        await using BrowserSession b = await BrowserSession.OpenAsync(monitor.BaseUrl);
        IPage page = b.Page;
        await Assertions.Expect(page.Locator("#leader-id")).ToHaveTextAsync(new Regex("^[0-9]+$"));
        JsonElement c = await monitor.WaitForLeaderAsync();
        int serverNode = c.GetProperty("serverNode").GetInt32();
        int leader = c.GetProperty("leaderId").GetInt32();
        if (leader == serverNode)
        {
            // The server node takes every command and cannot leave: hand the leadership to another voter first
            // (§3.10). The server node is the preferred leader and takes it back within a few heartbeat rounds, so
            // the leave follows the transfer's answer at once; the leader being removed hands over first (§4.2.2).
            int target = (await VotersAsync()).First(v => v != serverNode);
            await page.ClickAsync($"[data-board='{target}'] button[data-member-act='transfer']");
            await Assertions.Expect(page.Locator("#member-result")).ToContainTextAsync($"board {target} leads now", Slow);
            leader = target;
        }

        int before = (await VotersAsync()).Length;
        await page.ClickAsync($"[data-board='{leader}'] button[data-member-act='leave']");
        await Assertions.Expect(page.Locator("#member-result")).ToContainTextAsync($"board {leader} left", Slow);
        await Assertions.Expect(page.Locator($"[data-board='{leader}']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#picture [data-node]")).ToHaveCountAsync(before - 1);
        await Assertions.Expect(page.Locator("#leader-id")).ToHaveTextAsync(new Regex("^[0-9]+$"));
        await Assertions.Expect(page.Locator("#leader-id")).Not.ToHaveTextAsync(leader.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync($"board {leader} removed from the configuration");
        await b.ScreenshotAsync("virtual-cluster-leader-left");

        // The cluster still takes writes and every remaining board applies them.
        await page.FillAsync("#cmd-index", "3");
        await page.FillAsync("#cmd-value", "909");
        await page.ClickAsync("#cmd-set");
        await Assertions.Expect(page.Locator("#cmd-result")).ToContainTextAsync("committed at log index", Slow);
        await monitor.WaitForValueEverywhereAsync(3, 909);
    }

    [Fact]
    public async Task Replacing_a_board_from_the_page_leave_one_join_a_fresh_one()
    {
        await using BrowserSession b = await BrowserSession.OpenAsync(monitor.BaseUrl);
        IPage page = b.Page;
        JsonElement c = await monitor.WaitForLeaderAsync();
        int serverNode = c.GetProperty("serverNode").GetInt32();
        int leader = c.GetProperty("leaderId").GetInt32();
        int[] voters = await VotersAsync();
        int old = voters.Last(v => v != serverNode && v != leader);
        await page.FillAsync("#cmd-index", "4");
        await page.FillAsync("#cmd-value", "4242");
        await page.ClickAsync("#cmd-set");
        await Assertions.Expect(page.Locator("#cmd-result")).ToContainTextAsync("committed at log index", Slow);

        await MembershipAsync(page, "leave", old);
        await Assertions.Expect(page.Locator("#member-result")).ToContainTextAsync($"board {old} left", Slow);
        await Assertions.Expect(page.Locator($"[data-board='{old}']")).ToHaveCountAsync(0);
        int fresh = FreshId();
        await MembershipAsync(page, "join", fresh);
        await Assertions.Expect(page.Locator("#member-result")).ToContainTextAsync($"board {fresh} joined: it is a voter", Slow);
        await Assertions.Expect(page.Locator("#picture [data-node]")).ToHaveCountAsync(voters.Length);
        // The fresh board started from an empty flash and caught up with the acknowledged write.
        await Assertions.Expect(page.Locator($"[data-board='{fresh}'] [data-slot='4'] .v")).ToHaveTextAsync("4242");
        await b.ScreenshotAsync("virtual-cluster-replaced");
    }
}
