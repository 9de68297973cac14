namespace RaftEsp.Apps.Tests;

public class CollectorAppTests
{
    private static readonly LinkKey Link = Samples.Link();

    internal static List<int> PollTargets(AppCluster cluster) =>
        cluster.Ether.Log.Where(f => f.From == AppCluster.CollectorId && f.Frame[3] == AppFrames.StatusPollType).Select(f => f.To).ToList();

    internal static List<BoardStatus> Statuses(FakeDesktop desktop) => Statuses(desktop.Received);

    internal static List<BoardStatus> Statuses(IEnumerable<byte[]> datagrams) =>
        datagrams.Where(d => DesktopProtocol.TypeOf(d, d.Length) == DesktopProtocol.BoardStatusType).Select(d =>
        {
            var s = new BoardStatus();
            Assert.Equal(DatagramError.None, DesktopProtocol.DecodeBoardStatus(Link, d, d.Length, new SessionStamp(), s));
            return s;
        }).ToList();

    internal static List<ClientResult> Results(FakeDesktop desktop) =>
        desktop.OfType(DesktopProtocol.CommandResultType).Select(d =>
        {
            var r = new ClientResult();
            Assert.Equal(DatagramError.None, DesktopProtocol.DecodeCommandResult(Link, d, d.Length, new SessionStamp(), r));
            return r;
        }).ToList();

    private static byte[] SendCommand(AppCluster cluster, ClientCommand command) => cluster.Desktop!.SendCommand(command);

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
    internal static int Register(AppCluster cluster, int request)
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
    public void A_replayed_command_datagram_is_dropped_as_replayed_and_nothing_is_proposed()
    {
        var cluster = new AppCluster(withCollector: true);
        // The server node leads (the preferred leader): a later hand-over to it would commit its own no-op entry
        // during the window where the commit index must not move.
        Assert.True(cluster.RunUntil(() => cluster.Settled() && cluster.Leader() == AppCluster.ServerId, 5000));
        int a = Register(cluster, 100);
        int b = Register(cluster, 101);
        byte[] recorded = SendCommand(cluster, new ClientCommand { RequestId = 1, Client = a, Seq = 1, Kind = CommandKind.Set, Slot = 0, Value = 10 });
        Assert.True(cluster.RunUntil(() => Results(cluster.Desktop!).Count == 3, 3000));
        SendCommand(cluster, new ClientCommand { RequestId = 2, Client = b, Seq = 1, Kind = CommandKind.Set, Slot = 0, Value = 20 });
        Assert.True(cluster.RunUntil(() => Results(cluster.Desktop!).Count == 4, 3000));
        int commitIndex = cluster.Apps[0].Node.CommitIndex;
        int commandFrames = CommandFrames(cluster);

        cluster.Desktop!.SendToCollector(recorded, recorded.Length); // an attacker replays the recorded datagram at once
        cluster.Run(500);

        Assert.Equal(1, cluster.Collector!.Stats.DatagramDrops[(int)DatagramError.Replayed]);
        Assert.Equal(commandFrames, CommandFrames(cluster));
        Assert.Equal(4, Results(cluster.Desktop!).Count);
        Assert.Equal(commitIndex, cluster.Apps[0].Node.CommitIndex);
        Assert.All(cluster.Apps, app => { app.Database.Read(0, out int v); Assert.Equal(20, v); });
    }

    [Fact]
    public void A_command_resent_in_a_fresh_datagram_is_answered_from_its_session_without_a_log_entry()
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
        SendCommand(cluster, first); // the same (client, seq) under a new link counter: passes the window, stops at the session
        Assert.True(cluster.RunUntil(() => Results(cluster.Desktop!).Count == 5, 3000));
        ClientResult replay = Results(cluster.Desktop!)[4];
        Assert.Equal(CommandStatus.Ok, replay.Status);
        Assert.Equal(0, replay.Value); // the first result, not a second application
        Assert.Equal(logLength, cluster.Apps[AppCluster.ServerId].Node.Log.LastIndex); // answered from the session: no entry
        cluster.Run(300);
        Assert.All(cluster.Apps, app => { app.Database.Read(0, out int v); Assert.Equal(20, v); });
    }

    [Fact]
    public void A_replayed_hello_earns_only_a_challenge_and_the_stream_stays_with_the_attached_desktop()
    {
        var cluster = new AppCluster(withCollector: true);
        FakeDesktop desktop = cluster.Desktop!;
        (byte[] hello, _) = desktop.SayHello(cluster.Collector!, 99, from: 2); // recorded by an attacker at address 2
        desktop.Handshake(cluster.Collector!, FakeDesktop.First, 5);          // the real desktop attaches after it
        ulong session = desktop.Session;
        int challenges = cluster.Collector!.Stats.ChallengesSent;
        int opened = cluster.Collector.Stats.SessionsOpened;

        for (int i = 0; i < 4; i++)
        {
            desktop.SendToCollector(hello, hello.Length, from: 3); // replayed from a third address, every 250 ms
            cluster.Run(250);
        }

        Assert.Equal(challenges + 4, cluster.Collector.Stats.ChallengesSent);
        Assert.Equal(opened, cluster.Collector.Stats.SessionsOpened);
        Assert.Equal(FakeDesktop.First, desktop.Attached);
        Assert.All(desktop.To(3), d => Assert.Equal(DesktopProtocol.ChallengeType, DesktopProtocol.TypeOf(d, d.Length)));
        var stamp = new SessionStamp();
        byte[] stats = desktop.To(FakeDesktop.First).Last(d => DesktopProtocol.TypeOf(d, d.Length) == DesktopProtocol.CollectorStatsType);
        Assert.Equal(DatagramError.None, DesktopProtocol.DecodeCollectorStats(Link, stats, stats.Length, stamp, new CollectorStats()));
        Assert.Equal(session, stamp.Session);
    }

    [Fact]
    public void A_replayed_attach_fails_the_nonce_check_at_once_and_after_a_collector_restart()
    {
        var cluster = new AppCluster(withCollector: true);
        FakeDesktop desktop = cluster.Desktop!;
        byte[] attach = desktop.Handshake(cluster.Collector!, FakeDesktop.First, 11);
        desktop.SendToCollector(attach, attach.Length, from: 2);
        cluster.Run(5);
        Assert.Equal(1, cluster.Collector!.Stats.DatagramDrops[(int)DatagramError.BadNonce]);
        Assert.Equal(FakeDesktop.First, desktop.Attached);

        // A hello from the attacker opens a challenge with a fresh nonce: the recorded attach still answers the old one.
        desktop.SayHello(cluster.Collector, 11, from: 2);
        desktop.SendToCollector(attach, attach.Length, from: 2);
        cluster.Run(5);
        Assert.Equal(2, cluster.Collector.Stats.DatagramDrops[(int)DatagramError.BadNonce]);
        Assert.Equal(FakeDesktop.First, desktop.Attached);

        var fresh = new FakeDesktop();
        var rebooted = new CollectorApp(AppCluster.Config(AppCluster.CollectorId, 5, 5), cluster.Ether.Join(AppCluster.CollectorId + 1, hearsEverything: true),
            fresh, cluster.Clock, new FakeLed(), cluster.CollectorFlash, new FakeNonces(12)); // same seed: even a repeated nonce sequence does not help
        fresh.SendToCollector(attach, attach.Length, from: 2);
        rebooted.RunOnce();
        Assert.Equal(1, rebooted.Stats.DatagramDrops[(int)DatagramError.BadNonce]);
        Assert.False(rebooted.HasSession);
        Assert.Equal(0, fresh.Attached);
        Assert.Empty(fresh.Received);
    }

    [Fact]
    public void After_a_collector_restart_a_recorded_command_is_stale_and_the_desktop_handshakes_again()
    {
        var cluster = new AppCluster(withCollector: true);
        Assert.True(cluster.RunUntil(cluster.Settled, 5000));
        int client = Register(cluster, 100);
        byte[] recorded = SendCommand(cluster, new ClientCommand { RequestId = 1, Client = client, Seq = 1, Kind = CommandKind.Set, Slot = 0, Value = 10 });
        Assert.True(cluster.RunUntil(() => Results(cluster.Desktop!).Count == 2, 3000));

        var desktop = new FakeDesktop();
        var rebooted = new CollectorApp(AppCluster.Config(AppCluster.CollectorId, 5, 5), cluster.Ether.Join(AppCluster.CollectorId + 1, hearsEverything: true),
            desktop, cluster.Clock, new FakeLed(), cluster.CollectorFlash, new FakeNonces(99));
        desktop.SendToCollector(recorded, recorded.Length);
        rebooted.RunOnce();
        Assert.Equal(1, rebooted.Stats.DatagramDrops[(int)DatagramError.StaleSession]);
        Assert.Equal(0, rebooted.Stats.CommandsRelayed);

        desktop.Handshake(rebooted);
        Assert.True(rebooted.HasSession);
        desktop.SendToCollector(recorded, recorded.Length); // the new session does not take the old one's datagrams either
        rebooted.RunOnce();
        Assert.Equal(2, rebooted.Stats.DatagramDrops[(int)DatagramError.StaleSession]);
        Assert.Equal(0, rebooted.Stats.CommandsRelayed);
    }

    [Fact]
    public void A_second_desktop_with_the_key_takes_over_with_a_fresh_handshake_and_the_first_ones_datagrams_go_stale()
    {
        var cluster = new AppCluster(withCollector: true);
        Assert.True(cluster.RunUntil(cluster.Settled, 5000));
        FakeDesktop desktop = cluster.Desktop!;
        int client = Register(cluster, 100);
        byte[] oldCommand = SendCommand(cluster, new ClientCommand { RequestId = 1, Client = client, Seq = 1, Kind = CommandKind.Set, Slot = 0, Value = 10 });
        Assert.True(cluster.RunUntil(() => Results(desktop).Count == 2, 3000));
        ulong first = desktop.Session;

        desktop.Handshake(cluster.Collector!, from: 2, desktopNonce: 777); // a monitor restart, or a second monitor
        Assert.NotEqual(first, desktop.Session);
        Assert.Equal(2, desktop.Attached);
        int toFirst = desktop.To(FakeDesktop.First).Count();
        cluster.Run(1500);
        Assert.Equal(toFirst, desktop.To(FakeDesktop.First).Count());
        Assert.True(desktop.To(2).Count(d => DesktopProtocol.TypeOf(d, d.Length) == DesktopProtocol.BoardStatusType) >= 2);

        desktop.SendToCollector(oldCommand, oldCommand.Length, FakeDesktop.First);
        cluster.Run(100);
        Assert.Equal(1, cluster.Collector!.Stats.DatagramDrops[(int)DatagramError.StaleSession]);
        Assert.Equal(2, cluster.Collector.Stats.CommandsRelayed);
    }

    [Fact]
    public void An_expired_challenge_opens_no_session()
    {
        var cluster = new AppCluster(withCollector: true);
        FakeDesktop desktop = cluster.Desktop!;
        (_, byte[] challenge) = desktop.SayHello(cluster.Collector!, 4242, from: 2);
        DesktopProtocol.DecodeChallenge(Link, challenge, challenge.Length, out _, out ulong collectorNonce);
        cluster.Run(CollectorApp.ChallengeLifetimeMillis + 1);
        byte[] d = new byte[64];
        desktop.SendToCollector(d, DesktopProtocol.EncodeAttach(Link, d, collectorNonce, 4242), from: 2);
        cluster.Run(1);
        Assert.Equal(1, cluster.Collector!.Stats.DatagramDrops[(int)DatagramError.BadNonce]);
        Assert.Equal(FakeDesktop.First, desktop.Attached);
    }

    [Fact]
    public void A_datagram_too_long_for_the_link_is_counted_as_too_long()
    {
        var cluster = new AppCluster(withCollector: true);
        int received = cluster.Collector!.Stats.DatagramsReceived;
        cluster.Desktop!.SendToCollector(new byte[1500], 1500);
        cluster.Run(1);
        Assert.Equal(received + 1, cluster.Collector.Stats.DatagramsReceived);
        Assert.Equal(1, cluster.Collector.Stats.DatagramDrops[(int)DatagramError.TooLong]);
        Assert.Equal(1, cluster.Collector.Stats.DatagramsDropped);
    }

    private static int CommandFrames(AppCluster cluster) => cluster.Ether.Log.Count(f => f.Frame[3] == AppFrames.ClientCommandType);

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
        List<BoardStatus> fresh = Statuses(cluster.Desktop!.Received.Skip(from));
        Assert.True(fresh.Count(s => s.NodeId == 1 && s.HasReport) >= 3);
        Assert.Contains(fresh, s => s.NodeId == 1 && s.HasReport && s.Report.FirstSlot > 0); // really paged
        foreach (BoardStatus s in fresh.Where(s => s.NodeId == 1 && s.HasReport))
        {
            for (int i = 0; i < s.Report.PageCount; i++) assembled[s.Report.FirstSlot + i] = s.Report.PageValues[i];
        }

        for (int slot = 0; slot < 64; slot++) Assert.Equal(slot % 2 == 0 ? int.MinValue + slot : 0, assembled[slot]);
    }

    [Fact]
    public void An_attach_is_answered_with_stats_in_the_new_session_and_stats_follow_once_a_second()
    {
        var cluster = new AppCluster(withCollector: true);
        byte[] stats = cluster.Desktop!.OfType(DesktopProtocol.CollectorStatsType).Last();
        var got = new CollectorStats();
        var stamp = new SessionStamp();
        Assert.Equal(DatagramError.None, DesktopProtocol.DecodeCollectorStats(Link, stats, stats.Length, stamp, got));
        Assert.Equal(cluster.Desktop.Session, stamp.Session);
        Assert.Equal(1, stamp.Counter);
        Assert.Equal((1, 1), (got.ChallengesSent, got.SessionsOpened));
        Assert.Equal(AppCluster.CollectorId, got.CollectorId);
        cluster.Run(2500);
        Assert.True(cluster.Desktop.OfType(DesktopProtocol.CollectorStatsType).Count() >= 3); // and once a second
    }

    [Fact]
    public void Before_any_attach_the_collector_sends_nothing()
    {
        var desktop = new FakeDesktop();
        var clock = new FakeClock { NowMillis = 1000 };
        var collector = new CollectorApp(AppCluster.Config(AppCluster.CollectorId, 5, 5), new FakeEther().Join(AppCluster.CollectorId, hearsEverything: true),
            desktop, clock, new FakeLed(), new MemoryFlash(), new FakeNonces());
        for (int i = 0; i < 3000; i++)
        {
            clock.NowMillis++;
            collector.RunOnce();
        }

        Assert.Empty(desktop.Received);
        Assert.True(collector.Stats.PollTimeouts > 0);
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
        byte[] original = Samples.StampedRequest(Link, cluster.Desktop!.Session, 1000, new ClientCommand { RequestId = 1, Client = 1, Seq = 1, Kind = CommandKind.Set, Slot = 0, Value = 9 });
        int sent = 0;
        int receivedBefore = collector.Stats.DatagramsReceived;
        for (int i = 0; i < 2000; i++)
        {
            byte[] bad = Samples.Mutate(original, original.Length, random);
            cluster.Desktop!.SendToCollector(bad, bad.Length);
            sent++;
            if (i % 8 == 7) cluster.Run(1);
        }

        // Well-formed but wrong: another cluster, another key, a collector-to-desktop type sent the wrong way.
        ulong session = cluster.Desktop!.Session;
        cluster.Desktop.SendToCollector(d, DesktopProtocol.EncodeCommandRequest(Samples.Link(2), d, session, 2000, new ClientCommand { RequestId = 1, Client = 1, Seq = 1, Kind = CommandKind.Set }));
        cluster.Desktop.SendToCollector(d, DesktopProtocol.EncodeCommandRequest(Samples.Link(1, Samples.OtherKey), d, session, 2001, new ClientCommand { RequestId = 1, Client = 1, Seq = 1, Kind = CommandKind.Set }));
        cluster.Desktop.SendToCollector(d, DesktopProtocol.EncodeCommandResult(Link, d, session, 2002, Samples.Result()));
        cluster.Desktop.SendToCollector(d, 3); // a runt
        sent += 4;
        cluster.Run(200);

        Assert.Equal(commandsBefore, cluster.Ether.Log.Count(f => f.Frame[3] == AppFrames.ClientCommandType));
        Assert.Equal(0, collector.Stats.CommandsRelayed);
        Assert.Equal(sent, collector.Stats.DatagramsReceived - receivedBefore);
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
        Assert.Throws<ArgumentException>(() => new CollectorApp(AppCluster.Config(1, 5, 5), ether.Join(1), new FakeDesktop(), new FakeClock(), new FakeLed(), new MemoryFlash(), new FakeNonces()));
    }

    [Fact]
    public void The_collector_led_flickers_with_reports()
    {
        var cluster = new AppCluster(withCollector: true);
        cluster.Run(2000);
        Assert.True(cluster.CollectorLed!.Switches >= 6);
    }
}
