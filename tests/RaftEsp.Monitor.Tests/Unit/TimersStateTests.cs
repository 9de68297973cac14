using System.Text.Json;
using RaftEsp.Apps;
using RaftEsp.Core;
using RaftEsp.Monitor.Link;
using RaftEsp.Monitor.State;
using RaftEsp.Monitor.Tests.Fakes;
using RaftEsp.Monitor.Tui;

namespace RaftEsp.Monitor.Tests.Unit;

/// <summary>The status report's timers and progress, from the datagram's bytes to the snapshot the page reads.</summary>
public sealed class TimersStateTests
{
    private static readonly LinkKey Key = new(1, Enumerable.Range(0, 16).Select(i => (byte)i).ToArray());
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>A leader's report (board 1 of voters 0..4) sent through the desktop codec and decoded again, as the link does.</summary>
    private static BoardStatus LeaderStatusOverTheWire()
    {
        var status = new BoardStatus { NodeId = 1, Online = true, HasReport = true, LastHeardAgeMillis = 3 };
        StatusReport r = status.Report;
        r.NodeId = 1;
        r.Term = 4;
        r.Role = Role.Leader;
        r.Leader = 1;
        r.Commit = 40;
        r.Applied = 39;
        r.LastIndex = 42;
        r.SnapshotIndex = 30;
        r.SlotCount = 5;
        r.VoterCount = 5;
        for (int i = 0; i < 5; i++) r.Voters[i] = i;
        r.TickMillis = 10;
        r.ElectionTimeout = 27;
        r.HeartbeatInterval = 5;
        r.HeartbeatElapsed = 2;
        Add(r, 0, ProgressState.Replicate, 2, 0, 0);
        Add(r, 2, ProgressState.Replicate, 1, 2, 0);
        Add(r, 3, ProgressState.Probe, 0, 12, 12);
        Add(r, 4, ProgressState.Snapshot, 0, StatusReport.MaxLag, StatusReport.MaxLag);
        byte[] datagram = new byte[DesktopProtocol.MaxDatagramBytes];
        int n = DesktopProtocol.EncodeBoardStatus(Key, datagram, 7, 1, status);
        Assert.True(n > 0);
        var got = new BoardStatus();
        Assert.Equal(DatagramError.None, DesktopProtocol.DecodeBoardStatus(Key, datagram, n, new SessionStamp { Session = 7 }, got));
        return got;
    }

    private static void Add(StatusReport r, int node, ProgressState state, int inflight, int matchLag, int nextLag)
    {
        int i = r.ProgressCount++;
        r.ProgressNodes[i] = node;
        r.ProgressStates[i] = state;
        r.ProgressInflight[i] = inflight;
        r.ProgressMatchLag[i] = matchLag;
        r.ProgressNextLag[i] = nextLag;
    }

    [Fact]
    public void The_assembler_turns_ticks_into_milliseconds_and_lags_into_match_and_next()
    {
        BoardReport report = new ReportAssembler().Assemble(LeaderStatusOverTheWire());
        Assert.Equal(30, report.SnapshotIndex);
        RaftTimers t = Assert.IsType<RaftTimers>(report.Timers);
        Assert.Equal((10, 0, 270, 50, 20), (t.TickMs, t.ElectionElapsedMs, t.ElectionTimeoutMs, t.HeartbeatIntervalMs, t.HeartbeatElapsedMs));
        Assert.Equal(
            new[]
            {
                new ProgressView(0, 42, 43, 2, "replicate", 0),
                new ProgressView(2, 40, 43, 1, "replicate", 2),
                new ProgressView(3, 30, 31, 0, "probe", 12),
                new ProgressView(4, 0, 1, 0, "snapshot", 255),
            },
            t.Progress);
    }

    [Fact]
    public void The_snapshot_carries_each_boards_timers_and_only_the_leader_has_progress()
    {
        var state = new ClusterState(5, 0, "collector", 5, new ManualClock(), TimeSpan.FromSeconds(3));
        var assembler = new ReportAssembler();
        state.Apply(assembler.Assemble(LeaderStatusOverTheWire()));
        var follower = new BoardStatus { NodeId = 3, Online = true, HasReport = true };
        follower.Report.NodeId = 3;
        follower.Report.Role = Role.Follower;
        follower.Report.SlotCount = 5;
        follower.Report.TickMillis = 10;
        follower.Report.ElectionElapsed = 12;
        follower.Report.ElectionTimeout = 33;
        follower.Report.HeartbeatInterval = 5;
        state.Apply(assembler.Assemble(follower));
        ClusterSnapshot snap = state.Snapshot();
        BoardView leader = snap.Boards.Single(b => b.Id == 1);
        BoardView three = snap.Boards.Single(b => b.Id == 3);
        Assert.Equal((30, 50, 20, 4), (leader.SnapshotIndex, leader.HeartbeatIntervalMs, leader.HeartbeatElapsedMs, leader.Progress!.Count));
        Assert.Equal((120, 330, 10), (three.ElectionElapsedMs, three.ElectionTimeoutMs, three.TickMs));
        Assert.Empty(three.Progress!);
        Assert.Empty(snap.Boards.Single(b => b.Id == 2).Progress!); // never reported: no timers, no records

        // The names the page reads (camelCase, as GET /api/cluster and the event stream serialise).
        JsonElement json = JsonSerializer.SerializeToElement(leader, Web);
        Assert.Equal(0, json.GetProperty("electionElapsedMs").GetInt32());
        Assert.Equal(270, json.GetProperty("electionTimeoutMs").GetInt32());
        Assert.Equal(50, json.GetProperty("heartbeatIntervalMs").GetInt32());
        Assert.Equal(30, json.GetProperty("snapshotIndex").GetInt32());
        JsonElement record = json.GetProperty("progress")[1];
        Assert.Equal((2, 40, 43, 1, "replicate"), (record.GetProperty("node").GetInt32(), record.GetProperty("match").GetInt32(),
            record.GetProperty("next").GetInt32(), record.GetProperty("inflight").GetInt32(), record.GetProperty("state").GetString()));
    }

    [Fact]
    public void The_terminal_shows_a_followers_election_timer_as_a_bar_and_the_leaders_heartbeat()
    {
        var state = new ClusterState(5, 0, "collector", 5, new ManualClock(), TimeSpan.FromSeconds(3));
        var assembler = new ReportAssembler();
        state.Apply(assembler.Assemble(LeaderStatusOverTheWire()));
        var follower = new BoardStatus { NodeId = 3, Online = true, HasReport = true };
        follower.Report.NodeId = 3;
        follower.Report.SlotCount = 5;
        follower.Report.TickMillis = 10;
        follower.Report.ElectionElapsed = 20;
        follower.Report.ElectionTimeout = 40;
        follower.Report.HeartbeatInterval = 5;
        state.Apply(assembler.Assemble(follower));
        ClusterSnapshot snap = state.Snapshot();
        Assert.Equal("[blue]\u25ae\u25ae\u25ae\u25ae[/][grey]\u25af\u25af\u25af\u25af[/]", TimerBar.Markup(snap.Boards.Single(b => b.Id == 3)));
        Assert.Equal("[yellow]\u2665 50 ms[/]", TimerBar.Markup(snap.Boards.Single(b => b.Id == 1)));
        Assert.Equal("", TimerBar.Markup(snap.Boards.Single(b => b.Id == 2)));
    }

    [Fact]
    public async Task The_fake_cluster_reports_timers_progress_and_an_uncommitted_tail()
    {
        await using FakeMonitor m = await FakeMonitor.StartAsync();
        m.Cluster.UncommittedTail = 3;
        m.Cluster.SnapshotIndex = 1;
        m.Cluster.Crash(4);
        await m.Http.PostAsync(new Uri("api/set?index=1&value=5", UriKind.Relative), null);
        JsonElement cluster = await Wait.UntilAsync(m.ClusterAsync,
            c => c.GetProperty("boards").EnumerateArray().Any(b => b.GetProperty("isLeader").GetBoolean() && b.GetProperty("lastIndex").GetInt32() > b.GetProperty("commitIndex").GetInt32()),
            "a leader with an uncommitted tail");
        JsonElement leader = cluster.GetProperty("boards").EnumerateArray().Single(b => b.GetProperty("isLeader").GetBoolean());
        Assert.Equal(leader.GetProperty("commitIndex").GetInt32() + 3, leader.GetProperty("lastIndex").GetInt32());
        Assert.Equal(1, leader.GetProperty("snapshotIndex").GetInt32());
        JsonElement[] progress = leader.GetProperty("progress").EnumerateArray().ToArray();
        Assert.Equal(4, progress.Length);
        JsonElement down = progress.Single(p => p.GetProperty("node").GetInt32() == 4);
        Assert.Equal("probe", down.GetProperty("state").GetString());
        Assert.All(progress.Where(p => p.GetProperty("node").GetInt32() != 4), p => Assert.Equal("replicate", p.GetProperty("state").GetString()));
        JsonElement follower = cluster.GetProperty("boards").EnumerateArray().First(b => !b.GetProperty("isLeader").GetBoolean() && b.GetProperty("online").GetBoolean());
        Assert.Equal(FakeCluster.FollowerElapsedDefault * FakeCluster.TickMs, follower.GetProperty("electionElapsedMs").GetInt32());
        Assert.Equal(FakeCluster.ElectionTimeoutTicks(follower.GetProperty("id").GetInt32()) * FakeCluster.TickMs, follower.GetProperty("electionTimeoutMs").GetInt32());
        Assert.Empty(follower.GetProperty("progress").EnumerateArray());
    }
}
