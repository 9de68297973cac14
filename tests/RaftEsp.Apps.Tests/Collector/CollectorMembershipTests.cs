namespace RaftEsp.Apps.Tests;

/// <summary>
/// How the collector finds boards beyond its configured founders (docs/protocol.md, "How the collector polls"): a
/// joiner announces itself, the members of the latest configuration heard are polled, removed boards keep reporting.
/// </summary>
public class CollectorMembershipTests
{
    private static BoardStatus LastStatusOf(AppCluster cluster, int node) =>
        CollectorAppTests.Statuses(cluster.Desktop!).Last(s => s.NodeId == node && s.HasReport);

    private static ClientResult Command(AppCluster cluster, ClientCommand command)
    {
        cluster.Desktop!.SendCommand(command);
        Assert.True(cluster.RunUntil(() => CollectorAppTests.Results(cluster.Desktop!).Any(r => r.RequestId == command.RequestId), 6000), "no result for " + command.RequestId);
        return CollectorAppTests.Results(cluster.Desktop!).Last(r => r.RequestId == command.RequestId);
    }

    [Fact]
    public void A_joiner_announces_itself_then_is_polled_and_reported_waiting_to_join_and_stops_announcing()
    {
        var cluster = new AppCluster(3, withCollector: true, joiners: 1);
        Assert.Equal(-1, cluster.Collector!.PolledBoards.IndexOf(3));
        cluster.Run(3000);
        Assert.True(cluster.Apps[3].Announcements >= 1, "the joiner should have sent its report unasked");
        Assert.Equal(3, cluster.Collector.PolledBoards.IndexOf(3)); // after the founders 0, 1, 2
        Assert.Contains(3, CollectorAppTests.PollTargets(cluster));
        BoardStatus waiting = LastStatusOf(cluster, 3);
        Assert.True(waiting.Polled && waiting.Online);
        Assert.True(waiting.Report.WaitingToJoin);
        Assert.False(waiting.Report.Removed);
        Assert.True(cluster.Collector.IsOnline(3));

        // Polled now: it stops announcing.
        int announced = cluster.Apps[3].Announcements;
        cluster.Run(3000);
        Assert.Equal(announced, cluster.Apps[3].Announcements);
    }

    [Fact]
    public void A_founder_never_announces()
    {
        var cluster = new AppCluster(3, withCollector: true);
        cluster.Run(3000);
        Assert.All(cluster.Apps, app => Assert.Equal(0, app.Announcements));
        Assert.Equal(3, cluster.Collector!.PolledBoards.Count);
    }

    [Fact]
    public void After_a_join_through_the_desktop_the_board_reports_itself_a_voter_and_a_restarted_collector_learns_it_from_the_configuration()
    {
        var cluster = new AppCluster(3, withCollector: true, joiners: 1);
        Assert.True(cluster.RunUntil(() => cluster.Settled() && cluster.Leader() == AppCluster.ServerId, 10_000));
        int client = CollectorAppTests.Register(cluster, 500);
        ClientResult joined = Command(cluster, new ClientCommand { RequestId = 501, Client = client, Seq = 1, Kind = CommandKind.Join, Value = 3 });
        Assert.Equal(CommandStatus.Ok, joined.Status);
        int statuses = CollectorAppTests.Statuses(cluster.Desktop!).Count;
        Assert.True(cluster.RunUntil(() => CollectorAppTests.Statuses(cluster.Desktop!).Skip(statuses).Any(s => s.NodeId == 3 && s.HasReport), 3000));
        BoardStatus member = LastStatusOf(cluster, 3);
        Assert.False(member.Report.WaitingToJoin || member.Report.Removed);
        Assert.Equal(new[] { 0, 1, 2, 3 }, member.Report.Voters.Take(member.Report.VoterCount).Order());

        // A collector that boots now knows only the founders 0, 1, 2 from its file; board 3 does not announce (it is
        // a member), yet the collector polls it from the configuration the founders report.
        var text = "node-id=10\nmembers=0,1,2\nserver-node=0\ncollector-id=10\ncluster-key=000102030405060708090a0b0c0d0e0f\n";
        var config = new BoardConfig();
        Assert.Equal(BoardConfigError.None, BoardConfig.Parse(text, config));
        int announced = cluster.Apps[3].Announcements;
        var desktop = new FakeDesktop();
        var fresh = new CollectorApp(config, cluster.Ether.Join(10, hearsEverything: false), desktop, cluster.Clock, new FakeLed(), new MemoryFlash(), new FakeNonces(7));
        desktop.Handshake(fresh);
        cluster.MoreCollectors.Add(fresh);
        Assert.True(cluster.RunUntil(() => fresh.PolledBoards.IndexOf(3) >= 0, 3000), "the fresh collector should learn board 3");
        Assert.True(cluster.RunUntil(() => fresh.IsOnline(3), 3000));
        Assert.Contains(cluster.Ether.Log, f => f.From == 10 && f.To == 3 && f.Frame[3] == AppFrames.StatusPollType);
        Assert.Equal(announced, cluster.Apps[3].Announcements); // learned without an announcement
    }

    [Fact]
    public void A_removed_board_keeps_being_polled_and_reports_itself_removed()
    {
        var cluster = new AppCluster(4, withCollector: true);
        Assert.True(cluster.RunUntil(() => cluster.Settled() && cluster.Leader() == AppCluster.ServerId, 10_000));
        int client = CollectorAppTests.Register(cluster, 600);
        Assert.Equal(CommandStatus.Ok, Command(cluster, new ClientCommand { RequestId = 601, Client = client, Seq = 1, Kind = CommandKind.Leave, Value = 3 }).Status);
        int statuses = CollectorAppTests.Statuses(cluster.Desktop!).Count;
        Assert.True(cluster.RunUntil(() => CollectorAppTests.Statuses(cluster.Desktop!).Skip(statuses).Any(s => s.NodeId == 3 && s.HasReport && s.Report.Removed), 3000));
        BoardStatus removed = LastStatusOf(cluster, 3);
        Assert.True(removed.Polled);
        Assert.Equal(new[] { 0, 1, 2 }, removed.Report.Voters.Take(removed.Report.VoterCount).Order());
        Assert.False(cluster.Collector!.PolledBoards.InLatest(3));
    }

    [Fact]
    public void The_polled_set_keeps_its_founders_and_gives_up_only_silent_boards_outside_the_latest_configuration()
    {
        var boards = new PolledBoards(4, [0, 1]);
        bool[] online = new bool[4];
        Assert.Equal(2, boards.Add(7, online));
        Assert.Equal(3, boards.Add(8, online));
        online[2] = online[3] = true;
        Assert.Equal(-1, boards.Add(9, online)); // full, and every learned board answers
        online[3] = false;
        boards.SetLatest([0, 1, 8], 3, [], 0);
        Assert.Equal(-1, boards.Add(9, online)); // 8 is silent but a member of the latest configuration
        boards.SetLatest([0, 1], 2, [], 0);
        Assert.Equal(3, boards.Add(9, online)); // 8 gives its place up
        Assert.Equal(1, boards.Evictions);
        Assert.Equal(new[] { 0, 1, 7, 9 }, Enumerable.Range(0, boards.Count).Select(boards.IdAt));
        online[2] = false;
        boards.SetLatest([], 0, [], 0);
        Assert.Equal(2, boards.Add(10, online)); // never a founder: 0 and 1 stay even outside the configuration
        Assert.Equal(-1, boards.Add(255, online));
    }
}
