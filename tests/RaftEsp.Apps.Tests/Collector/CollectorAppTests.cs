namespace RaftEsp.Apps.Tests;

public class CollectorAppTests
{
    private static readonly LinkKey Link = Samples.Link();

    private static List<int> PollTargets(AppCluster cluster) =>
        cluster.Ether.Log.Where(f => f.From == AppCluster.CollectorId && f.Frame[3] == AppFrames.StatusPollType).Select(f => f.To).ToList();

    private static List<BoardStatus> Statuses(FakeDesktop desktop) =>
        desktop.OfType(DesktopProtocol.BoardStatusType).Select(d =>
        {
            var s = new BoardStatus();
            Assert.Equal(DatagramError.None, DesktopProtocol.DecodeBoardStatus(Link, d, d.Length, s));
            return s;
        }).ToList();

    private static List<ClientResult> Results(FakeDesktop desktop) =>
        desktop.OfType(DesktopProtocol.CommandResultType).Select(d =>
        {
            var r = new ClientResult();
            Assert.Equal(DatagramError.None, DesktopProtocol.DecodeCommandResult(Link, d, d.Length, r));
            return r;
        }).ToList();

    private static void SendCommand(AppCluster cluster, ClientCommand command)
    {
        byte[] d = new byte[DesktopProtocol.MaxDatagramBytes];
        int n = DesktopProtocol.EncodeCommandRequest(Link, d, command);
        cluster.Desktop!.SendToCollector(d, n);
    }

    [Fact]
    public void The_collector_polls_every_board_in_turn_and_relays_each_report()
    {
        var cluster = new AppCluster(withCollector: true);
        cluster.Run(3000);
        List<int> targets = PollTargets(cluster);
        Assert.True(targets.Count >= 10, "polls sent: " + targets.Count);
        for (int i = 0; i < targets.Count; i++) Assert.Equal(i % 5, targets[i]);
        List<BoardStatus> statuses = Statuses(cluster.Desktop!);
        Assert.True(statuses.Count >= targets.Count - 1);
        Assert.All(statuses, s => Assert.True(s.HasReport && s.Online && s.Polled));
        Assert.Equal([0, 1, 2, 3, 4], statuses.Select(s => s.NodeId).Distinct().Order());
        BoardStatus last = statuses[^1];
        Assert.Equal(cluster.Apps[last.NodeId].Node.Term, last.Report.Term);
        Assert.True(last.FramesHeard > 0);
        Assert.InRange(last.LastHeardAgeMillis, 0, 1000);
        Assert.Equal(0, cluster.Collector!.Stats.PollTimeouts);
        for (int id = 0; id < 5; id++) Assert.True(cluster.Collector.FramesHeardFrom(id) > 0);
    }

    [Fact]
    public void Only_one_poll_is_ever_in_flight()
    {
        var cluster = new AppCluster(withCollector: true);
        cluster.Crash(2);
        cluster.Run(4000);
        // Between two polls there is always the previous board's report or its timeout.
        var events = cluster.Ether.Log.Where(f => (f.From == AppCluster.CollectorId && f.Frame[3] == AppFrames.StatusPollType) ||
                                                  (f.To == AppCluster.CollectorId && f.Frame[3] == AppFrames.StatusReportType)).ToList();
        int outstanding = 0;
        foreach (var e in events)
        {
            if (e.From == AppCluster.CollectorId)
            {
                Assert.True(outstanding == 0 || PollTargetsBefore(cluster, e) == 2, "a poll was sent while another board's poll was in flight");
                outstanding = 1;
            }
            else
            {
                outstanding = 0;
            }
        }
    }

    private static int PollTargetsBefore(AppCluster cluster, (int From, int To, byte[] Frame) e)
    {
        int index = cluster.Ether.Log.IndexOf(e);
        return cluster.Ether.Log.Take(index).Last(f => f.From == AppCluster.CollectorId && f.Frame[3] == AppFrames.StatusPollType).To;
    }

    [Fact]
    public void A_silent_board_is_marked_offline_and_the_collector_moves_on()
    {
        var cluster = new AppCluster(withCollector: true);
        cluster.Run(1500);
        Assert.True(cluster.Collector!.IsOnline(3));
        cluster.Crash(3);
        cluster.Run(4000);
        Assert.False(cluster.Collector.IsOnline(3));
        Assert.True(cluster.Collector.IsOnline(4));
        Assert.True(cluster.Collector.Stats.PollTimeouts >= 2);
        List<BoardStatus> three = Statuses(cluster.Desktop!).Where(s => s.NodeId == 3).ToList();
        BoardStatus offline = three[^1];
        Assert.False(offline.Online);
        Assert.False(offline.HasReport);
        Assert.True(offline.PollsUnanswered >= 2);
        Assert.True(offline.LastHeardAgeMillis >= 3000);
        // The polls after the silent board's go on in order: 3 is followed by 4 every time.
        List<int> targets = PollTargets(cluster);
        for (int i = 0; i + 1 < targets.Count; i++) Assert.Equal((targets[i] + 1) % 5, targets[i + 1]);

        cluster.Boot(3);
        cluster.Run(3000);
        Assert.True(cluster.Collector.IsOnline(3));
    }

    /// <summary>Registers a client through the desktop link; returns its id. The desktop's result list grows by one.</summary>
    private static int Register(AppCluster cluster, int request)
    {
        int before = Results(cluster.Desktop!).Count;
        SendCommand(cluster, new ClientCommand { RequestId = request, Kind = CommandKind.Register });
        Assert.True(cluster.RunUntil(() => Results(cluster.Desktop!).Count == before + 1, 3000));
        ClientResult r = Results(cluster.Desktop!)[before];
        Assert.Equal((request, CommandKind.Register, CommandStatus.Ok), (r.RequestId, r.Kind, r.Status));
        return r.Client;
    }

    [Fact]
    public void Desktop_commands_reach_the_server_node_and_their_results_come_back()
    {
        var cluster = new AppCluster(withCollector: true);
        Assert.True(cluster.RunUntil(cluster.Settled, 5000));
        int client = Register(cluster, 40);
        SendCommand(cluster, new ClientCommand { RequestId = 41, Client = client, Seq = 1, Kind = CommandKind.Set, Slot = 1, Value = 77 });
        Assert.True(cluster.RunUntil(() => Results(cluster.Desktop!).Count == 2, 3000));
        ClientResult set = Results(cluster.Desktop!)[1];
        Assert.Equal((41, client, 1, CommandStatus.Ok, 0), (set.RequestId, set.Client, set.Seq, set.Status, set.Value));
        SendCommand(cluster, new ClientCommand { RequestId = 42, Client = client, Seq = 2, Kind = CommandKind.Get, Slot = 1 });
        Assert.True(cluster.RunUntil(() => Results(cluster.Desktop!).Count == 3, 3000));
        Assert.Equal(77, Results(cluster.Desktop!)[2].Value);
        Assert.Equal(3, cluster.Collector!.Stats.CommandsRelayed);
        Assert.Equal(3, cluster.Collector.Stats.ResultsRelayed);
    }

    [Fact]
    public void A_replayed_command_datagram_does_not_apply_twice()
    {
        var cluster = new AppCluster(withCollector: true);
        Assert.True(cluster.RunUntil(cluster.Settled, 5000));
        int a = Register(cluster, 100);
        int b = Register(cluster, 101);
        var first = new ClientCommand { RequestId = 1, Client = a, Seq = 1, Kind = CommandKind.Set, Slot = 0, Value = 10 };
        SendCommand(cluster, first);
        Assert.True(cluster.RunUntil(() => Results(cluster.Desktop!).Count == 3, 3000));
        SendCommand(cluster, new ClientCommand { RequestId = 2, Client = b, Seq = 1, Kind = CommandKind.Set, Slot = 0, Value = 20 });
        Assert.True(cluster.RunUntil(() => Results(cluster.Desktop!).Count == 4, 3000));
        int logLength = cluster.Apps[AppCluster.ServerId].Node.Log.LastIndex;
        SendCommand(cluster, first); // an attacker replays the recorded datagram
        Assert.True(cluster.RunUntil(() => Results(cluster.Desktop!).Count == 5, 3000));
        ClientResult replay = Results(cluster.Desktop!)[4];
        Assert.Equal(CommandStatus.Ok, replay.Status);
        Assert.Equal(0, replay.Value); // the first result, not a second application
        Assert.Equal(logLength, cluster.Apps[AppCluster.ServerId].Node.Log.LastIndex); // answered from the session: no entry
        cluster.Run(300);
        Assert.All(cluster.Apps, app => { app.Database.Read(0, out int v); Assert.Equal(20, v); });
    }

    [Fact]
    public void The_desktop_assembles_a_64_slot_database_from_pages()
    {
        var cluster = new AppCluster(slots: 64, withCollector: true);
        Assert.True(cluster.RunUntil(cluster.Settled, 5000));
        int client = Register(cluster, 1000);
        for (int slot = 0; slot < 64; slot += 2)
        {
            SendCommand(cluster, new ClientCommand { RequestId = slot + 1, Client = client, Seq = slot + 1, Kind = CommandKind.Set, Slot = slot, Value = int.MinValue + slot });
            int expected = slot / 2 + 2;
            Assert.True(cluster.RunUntil(() => Results(cluster.Desktop!).Count == expected, 3000));
        }

        int from = cluster.Desktop!.Received.Count;
        cluster.Run(6000); // every board is polled every few hundred ms; three pages per board at most
        var assembled = new int?[64];
        var later = new FakeDesktop();
        foreach (byte[] d in cluster.Desktop!.Received.Skip(from)) later.Send(d, d.Length);
        List<BoardStatus> fresh = Statuses(later);
        Assert.True(fresh.Count(s => s.NodeId == 1 && s.HasReport) >= 3);
        Assert.Contains(fresh, s => s.NodeId == 1 && s.HasReport && s.Report.FirstSlot > 0); // really paged
        foreach (BoardStatus s in fresh.Where(s => s.NodeId == 1 && s.HasReport))
        {
            for (int i = 0; i < s.Report.PageCount; i++) assembled[s.Report.FirstSlot + i] = s.Report.PageValues[i];
        }

        for (int slot = 0; slot < 64; slot++) Assert.Equal(slot % 2 == 0 ? int.MinValue + slot : 0, assembled[slot]);
    }

    [Fact]
    public void Hello_is_answered_with_stats_that_echo_its_nonce()
    {
        var cluster = new AppCluster(withCollector: true);
        byte[] d = new byte[64];
        int n = DesktopProtocol.EncodeHello(Link, d, 12345);
        cluster.Desktop!.SendToCollector(d, n);
        cluster.Run(5);
        byte[] stats = cluster.Desktop.OfType(DesktopProtocol.CollectorStatsType).Last();
        var got = new CollectorStats();
        Assert.Equal(DatagramError.None, DesktopProtocol.DecodeCollectorStats(Link, stats, stats.Length, got));
        Assert.Equal(12345, got.HelloNonce);
        Assert.Equal(AppCluster.CollectorId, got.CollectorId);
        cluster.Run(2500);
        Assert.True(cluster.Desktop.OfType(DesktopProtocol.CollectorStatsType).Count() >= 3); // and once a second
    }

    [Fact]
    public void Bad_desktop_datagrams_are_counted_by_reason_and_change_nothing()
    {
        var cluster = new AppCluster(withCollector: true);
        Assert.True(cluster.RunUntil(cluster.Settled, 5000));
        cluster.Run(500);
        CollectorApp collector = cluster.Collector!;
        int commandsBefore = cluster.Ether.Log.Count(f => f.Frame[3] == AppFrames.ClientCommandType);
        var random = new Random(5);
        byte[] d = new byte[DesktopProtocol.MaxDatagramBytes];
        int valid = DesktopProtocol.EncodeCommandRequest(Link, d, new ClientCommand { RequestId = 1, Client = 1, Seq = 1, Kind = CommandKind.Set, Slot = 0, Value = 9 });
        byte[] original = d.AsSpan(0, valid).ToArray();
        int sent = 0;
        for (int i = 0; i < 2000; i++)
        {
            byte[] bad = Samples.Mutate(original, original.Length, random);
            cluster.Desktop!.SendToCollector(bad, bad.Length);
            sent++;
            if (i % 8 == 7) cluster.Run(1);
        }

        // Well-formed but wrong: another cluster, another key, a collector-to-desktop type sent the wrong way.
        cluster.Desktop!.SendToCollector(d, DesktopProtocol.EncodeCommandRequest(Samples.Link(2), d, new ClientCommand { RequestId = 1, Client = 1, Seq = 1, Kind = CommandKind.Set }));
        cluster.Desktop.SendToCollector(d, DesktopProtocol.EncodeCommandRequest(Samples.Link(1, Samples.OtherKey), d, new ClientCommand { RequestId = 1, Client = 1, Seq = 1, Kind = CommandKind.Set }));
        cluster.Desktop.SendToCollector(d, DesktopProtocol.EncodeCommandResult(Link, d, Samples.Result()));
        cluster.Desktop.SendToCollector(d, 3); // a runt
        sent += 4;
        cluster.Run(200);

        Assert.Equal(commandsBefore, cluster.Ether.Log.Count(f => f.Frame[3] == AppFrames.ClientCommandType));
        Assert.Equal(0, collector.Stats.CommandsRelayed);
        Assert.Equal(sent, collector.Stats.DatagramsReceived);
        Assert.Equal(sent, collector.Stats.DatagramsDropped);
        Assert.Equal(sent, collector.Stats.DatagramDrops.Sum());
        Assert.True(collector.Stats.DatagramDrops[(int)DatagramError.BadTag] > 1000);
        Assert.True(collector.Stats.DatagramDrops[(int)DatagramError.WrongCluster] >= 1);
        Assert.True(collector.Stats.DatagramDrops[(int)DatagramError.Unexpected] >= 1);
        Assert.True(collector.Stats.DatagramDrops[(int)DatagramError.TooShort] >= 1);
        Assert.All(cluster.Apps, app => { app.Database.Read(0, out int v); Assert.Equal(0, v); });
    }

    [Fact]
    public void The_collector_refuses_a_configuration_that_does_not_name_it()
    {
        var ether = new FakeEther();
        Assert.Throws<ArgumentException>(() => new CollectorApp(AppCluster.Config(1, 5, 5), ether.Join(1), new FakeDesktop(), new FakeClock(), new FakeLed()));
    }

    [Fact]
    public void The_collector_led_flickers_with_reports()
    {
        var cluster = new AppCluster(withCollector: true);
        cluster.Run(2000);
        Assert.True(cluster.CollectorLed!.Switches >= 6);
    }
}
