using System.Diagnostics;
using System.Globalization;
using RaftEsp.Apps;
using RaftEsp.Core;
using RaftEsp.VirtualCluster;
using Xunit.Abstractions;

namespace RaftEsp.Cluster.Tests;

/// <summary>
/// A real virtual cluster: the ether, 5 raftesp-board processes (node 0 the server node) and raftesp-collector on
/// loopback. The test is the desktop: it writes through the collector's UDP port and reads status reports, while it
/// kills boards with kill -9 (the leader, a follower, all of them at once), restarts them, and partitions the radio.
/// It checks one leader per term in every report seen, that every acknowledged write is in every board's array at
/// the end, and that all boards converge. RAFTESP_CLUSTER_CYCLES=N repeats the round of faults N times (default 1). Waits are wait-until with generous deadlines; every failure names the
/// ether's seed (RAFTESP_ETHER_SEED replays the radio's random choices; process timing still varies).
/// </summary>
public sealed class ClusterTests : IDisposable
{
    private const int LongWait = 30_000;

    private readonly ITestOutputHelper log;
    private readonly ClusterLauncher cluster;
    private readonly Stopwatch elapsed = Stopwatch.StartNew();
    private readonly List<string> processOutput = new();
    private readonly Dictionary<int, int> expected = new();
    private DesktopClient? desktop;
    private int client;
    private int seq;

    public ClusterTests(ITestOutputHelper log)
    {
        this.log = log;
        string? seedText = Environment.GetEnvironmentVariable("RAFTESP_ETHER_SEED");
        cluster = new ClusterLauncher(new VirtualClusterOptions
        {
            Boards = 5,
            ServerNode = 0,
            EtherSeed = seedText == null ? null : int.Parse(seedText, CultureInfo.InvariantCulture),
            Output = line =>
            {
                lock (processOutput) processOutput.Add($"{elapsed.ElapsedMilliseconds,6} {line}");
            },
        });
    }

    private DesktopClient Desktop => desktop ?? throw new InvalidOperationException("not started");

    private string Seed => $"ether seed {cluster.EtherSeed} (replay the radio's choices with RAFTESP_ETHER_SEED={cluster.EtherSeed})";

    public void Dispose()
    {
        desktop?.Dispose();
        IReadOnlyList<int> pids = cluster.ChildPids;
        cluster.Dispose();
        lock (processOutput)
        {
            foreach (string line in processOutput.TakeLast(400)) log.WriteLine(line);
        }

        foreach (int pid in pids) Assert.False(Alive(pid), $"child process {pid} outlived Dispose");
    }

    [Fact]
    public void Acknowledged_writes_survive_leader_crashes_restarts_partitions_and_a_total_power_loss()
    {
        cluster.Start();
        desktop = new DesktopClient(cluster.CollectorEndPoint, cluster.ClusterId, cluster.ClusterKey);
        Step("cluster started");
        Waits.Until(() => Desktop.Latest.Count == 5, () => $"status reports from all 5 boards; {Seed}; heard {string.Join(',', Desktop.Latest.Keys.Order())}", LongWait);
        int leader = WaitForLeader(since: 0, aboveTerm: 0, out int term);
        Step($"leader {leader} in term {term}");
        client = Desktop.Register(LongWait);
        Step($"registered client {client}");

        int cycles = int.Parse(Environment.GetEnvironmentVariable("RAFTESP_CLUSTER_CYCLES") ?? "1", CultureInfo.InvariantCulture);
        for (int cycle = 0; cycle < cycles; cycle++) FaultCycle(100 * cycle);

        for (int slot = 0; slot < 5; slot++)
        {
            ClientResult? read = Desktop.Execute(CommandKind.Get, slot, 0, client, seq + 1, LongWait);
            Assert.True(read != null, $"get slot {slot} was never answered; {Seed}");
            Assert.True(read.Status == CommandStatus.Ok, $"get slot {slot}: {CommandStatuses.Name(read.Status)}; {Seed}");
            Assert.True(expected[slot] == read.Value, $"get slot {slot} read {read.Value}, the last acknowledged write was {expected[slot]}; {Seed}");
        }

        WaitForConvergence();
        Assert.True(Desktop.ElectionSafetyViolations().Count == 0, $"two leaders in one term: {string.Join("; ", Desktop.ElectionSafetyViolations())}; {Seed}");
        Assert.True(Desktop.TermsWithLeader >= 3, $"expected leaders in at least 3 terms after the crashes, saw {Desktop.TermsWithLeader}; {Seed}");
        Step($"converged; ether {cluster.EtherStats()}");
    }

    /// <summary>
    /// One round of faults, each followed by writes: the leader crashes, a partition cuts it off, a follower
    /// crashes, the radio turns lossy, and every board loses power at once.
    /// </summary>
    private void FaultCycle(int valueBase)
    {
        int leader = WaitForLeader(Desktop.Now, 0, out int term);
        WriteRound(valueBase + 10);

        // The leader loses power. If it is the server node, commands have no way in until it is back.
        long crashedAt = Desktop.Now;
        cluster.CrashBoard(leader);
        Step($"kill -9 leader {leader}");
        if (leader == cluster.ServerNode) cluster.RestartBoard(leader);
        int second = WaitForLeader(crashedAt, term, out term);
        Step($"new leader {second} in term {term}");
        WriteRound(valueBase + 20);
        if (leader != cluster.ServerNode) cluster.RestartBoard(leader);
        Step($"restarted {leader}");

        // Cut the current leader (unless it is the server node, which must stay with the majority) off with one
        // other board: the majority elects a leader and goes on taking writes.
        int current = WaitForLeader(crashedAt, 0, out term);
        int[] others = Enumerable.Range(0, 5).Where(n => n != cluster.ServerNode && n != current).ToArray();
        int[] minority = current == cluster.ServerNode ? others[..2] : [current, others[0]];
        int[] majority = Enumerable.Range(0, 5).Except(minority).ToArray();
        string groups = string.Join(',', minority) + "-" + string.Join(',', majority);
        long partitionedAt = Desktop.Now;
        cluster.Partition([minority, majority]);
        Step($"partition {groups}");
        WriteRound(valueBase + 30);
        int majorityLeader = WaitForLeader(partitionedAt, 0, out term);
        Assert.Contains(majorityLeader, majority);
        cluster.Heal();
        Step("healed");

        // A follower crashes during writes and comes back.
        int follower = Enumerable.Range(0, 5).First(n => n != cluster.ServerNode && n != majorityLeader);
        cluster.CrashBoard(follower);
        Step($"kill -9 follower {follower}");
        WriteRound(valueBase + 40);
        cluster.RestartBoard(follower);

        // A lossy, slow, reordering radio: commands and results get lost and retried (same client and seq), and
        // each retried write must still be applied exactly once (its acknowledgement reports the previous value).
        cluster.SetLoss(20);
        cluster.EtherCommand("delay 2 8");
        cluster.EtherCommand("dup 5");
        Step("loss 20 %, delay 2-10 ms, dup 5 %");
        WriteRound(valueBase + 60);
        cluster.SetLoss(0);
        cluster.EtherCommand("delay 0");
        cluster.EtherCommand("dup 0");

        // A forged command (another key) must change nothing.
        Desktop.SendForged(CommandKind.Set, 0, 999_999, client, seq + 1);
        ReplaysChangeNothing();

        // Every board loses power at once, then all come back: nothing acknowledged may be lost.
        long outageAt = Desktop.Now;
        for (int n = 0; n < 5; n++) cluster.CrashBoard(n);
        Step("kill -9 every board");
        for (int n = 0; n < 5; n++) cluster.RestartBoard(n);
        WaitForLeader(outageAt, 0, out term);
        Step($"all restarted, leader in term {term}");
        WriteRound(valueBase + 50);
    }

    [Fact]
    public void A_request_resent_after_many_writes_changes_nothing_and_appends_no_entry()
    {
        // The process-level check runs 500 writes; the 70,000-write one (past a 16-bit wrap) runs over a cluster of
        // NodeApps in tests/RaftEsp.Apps.Tests (docs/testing.md).
        const int Writes = 500;
        cluster.Start();
        desktop = new DesktopClient(cluster.CollectorEndPoint, cluster.ClusterId, cluster.ClusterKey);
        WaitForLeader(since: 0, aboveTerm: 0, out _);
        client = Desktop.Register(LongWait);
        ClientResult? last = null;
        for (seq = 1; seq <= Writes; seq++)
        {
            last = Desktop.Execute(CommandKind.Set, seq % 5, seq, client, seq, LongWait);
            Assert.True(last?.Status == CommandStatus.Ok, $"write {seq}: {last?.Status}; {Seed}");
        }

        byte[] recorded = Desktop.RecordedCommand!;
        int[] before = FreshValues(out LogMark markBefore);
        foreach (int old in new[] { 1, Writes / 2, Writes - 1 })
        {
            ClientResult? r = Desktop.Execute(CommandKind.Set, 3, -1, client, old, LongWait);
            Assert.True(r != null && (r.Status, r.Value, r.Index) == (CommandStatus.StaleSequence, Writes, 0), $"resent seq {old}: {r?.Status} {r?.Value} {r?.Index}; {Seed}");
        }

        ClientResult? again = Desktop.Execute(CommandKind.Set, Writes % 5, Writes, client, Writes, LongWait);
        Assert.True(again != null && (again.Status, again.Value, again.Index) == (last!.Status, last.Value, last.Index), $"the latest resent: {again?.Status}; {Seed}");
        int replayedBefore = Desktop.CollectorStats().DatagramDrops[(int)DatagramError.Replayed];
        Desktop.Replay(recorded); // byte for byte: the link's window drops it
        Waits.Until(() => Desktop.CollectorStats().DatagramDrops[(int)DatagramError.Replayed] > replayedBefore, "the collector counts the replay", LongWait);

        Assert.Equal(before, FreshValues(out LogMark markAfter));
        AssertNothingAppendedButElections(markBefore, markAfter);
    }

    [Fact]
    public void A_write_retried_across_a_leader_change_applies_once()
    {
        cluster.Start();
        desktop = new DesktopClient(cluster.CollectorEndPoint, cluster.ClusterId, cluster.ClusterKey);
        int leader = WaitForLeader(since: 0, aboveTerm: 0, out int term);
        client = Desktop.Register(LongWait);
        int other = Desktop.Register(LongWait);
        Assert.Equal(CommandStatus.Ok, Desktop.Execute(CommandKind.Set, 2, 10, client, 1, LongWait)?.Status);

        // The write leaves, and its leader loses power before the answer can come back; the retry goes to the next one.
        long crashedAt = Desktop.Now;
        Desktop.Resend(new ClientCommand { RequestId = 1_000_000, Client = client, Seq = 2, Kind = CommandKind.Set, Slot = 2, Value = 20 });
        cluster.CrashBoard(leader);
        if (leader == cluster.ServerNode) cluster.RestartBoard(leader);
        WaitForLeader(crashedAt, term, out _);
        ClientResult? retried = Desktop.Execute(CommandKind.Set, 2, 20, client, 2, LongWait);
        Assert.NotNull(retried);
        Assert.True(retried.Status == CommandStatus.Ok, $"the retry: {retried.Status}; {Seed}; {Boards()}");
        Assert.Equal(10, retried.Value); // the slot's value before the one application

        // Another client writes the slot; a further copy of the old write answers from the session and changes nothing.
        Assert.Equal(CommandStatus.Ok, Desktop.Execute(CommandKind.Set, 2, 30, other, 1, LongWait)?.Status);
        int[] before = FreshValues(out LogMark markBefore);
        ClientResult? late = Desktop.Execute(CommandKind.Set, 2, 20, client, 2, LongWait);
        Assert.True(late != null && (late.Status, late.Value, late.Index) == (CommandStatus.Ok, 10, retried.Index), $"a late copy: {late?.Status} {late?.Index}; {Seed}");
        int[] after = FreshValues(out LogMark markAfter);
        Assert.Equal(30, after[2]);
        Assert.Equal(before, after);
        AssertNothingAppendedButElections(markBefore, markAfter);
        if (leader != cluster.ServerNode) cluster.RestartBoard(leader);
    }

    /// <summary>Sets every slot to base+slot through the server node; each write is retried until acknowledged.</summary>
    private void WriteRound(int valueBase)
    {
        for (int slot = 0; slot < 5; slot++)
        {
            int value = valueBase + slot;
            seq++;
            ClientResult? result = Desktop.Execute(CommandKind.Set, slot, value, client, seq, LongWait);
            Assert.True(result != null, $"set slot {slot} = {value} (seq {seq}) was never acknowledged; {Seed}; {Boards()}");
            Assert.True(result.Status == CommandStatus.Ok, $"set slot {slot} = {value} answered {CommandStatuses.Name(result.Status)}; {Seed}");
            Assert.True(result.Value == expected.GetValueOrDefault(slot), $"set slot {slot} = {value} reported previous value {result.Value}, expected {expected.GetValueOrDefault(slot)}: a write was lost or applied twice; {Seed}");
            expected[slot] = value;
        }

        Step($"writes {valueBase}..{valueBase + 4} acknowledged");
    }

    private int WaitForLeader(long since, int aboveTerm, out int term)
    {
        int leader = -1;
        int seen = -1;
        Waits.Until(() => (leader = Desktop.CurrentLeader(since, out seen)) >= 0 && seen > aboveTerm,
            () => $"a leader in a term above {aboveTerm} in reports after {since} ms; {Seed}; {Boards()}", LongWait);
        term = seen;
        return leader;
    }

    private void WaitForConvergence()
    {
        long since = Desktop.Now;
        int[] wanted = Enumerable.Range(0, 5).Select(s => expected[s]).ToArray();
        Waits.Until(() =>
        {
            var fresh = Desktop.Latest.Values.Where(r => r.At > since).ToList();
            return fresh.Count == 5 && fresh.Select(r => r.Applied).Distinct().Count() == 1 && fresh.All(r => r.Commit == r.Applied && r.Values.SequenceEqual(wanted));
        }, () => $"every board applied the same index and holds [{string.Join(',', wanted)}]; {Seed}; {Boards()}", LongWait);
    }

    /// <summary>
    /// A recorded hello, attach and command replayed at once, then again after another desktop (a restarted monitor)
    /// took the stream over: the database and the logs stay as they are, the stream moves only with a fresh
    /// handshake, and the collector counts each replay.
    /// </summary>
    private void ReplaysChangeNothing()
    {
        Waits.Until(() => Desktop.Attached && Desktop.RecordedCommand != null, "a session with a command sent in it", LongWait);
        byte[] hello = Desktop.RecordedHello!;
        byte[] attach = Desktop.RecordedAttach!;
        byte[] command = Desktop.RecordedCommand!;
        int[] before = FreshValues(out LogMark markBefore);
        CollectorStats stats = Desktop.CollectorStats();

        foreach (byte[] replay in new[] { hello, attach, command }) Desktop.Replay(replay);
        Waits.Until(() => Desktop.CollectorStats().DatagramDrops[(int)DatagramError.Replayed] > stats.DatagramDrops[(int)DatagramError.Replayed]
            && Desktop.CollectorStats().DatagramDrops[(int)DatagramError.BadNonce] > stats.DatagramDrops[(int)DatagramError.BadNonce],
            "the collector counts the replayed command and attach", LongWait);
        Assert.Equal(stats.SessionsOpened, Desktop.CollectorStats().SessionsOpened);
        Assert.True(Desktop.Attached, "a replayed hello moved the stream");

        using (var restarted = new DesktopClient(cluster.CollectorEndPoint, cluster.ClusterId, cluster.ClusterKey))
        {
            Waits.Until(() => restarted.Attached, "the second desktop takes over with a fresh handshake", LongWait);
            CollectorStats taken = restarted.CollectorStats();
            restarted.Replay(command);
            restarted.Replay(attach);
            Waits.Until(() => restarted.CollectorStats().DatagramDrops[(int)DatagramError.StaleSession] > taken.DatagramDrops[(int)DatagramError.StaleSession],
                "the old session's command is stale", LongWait);
            Assert.True(restarted.Attached);
        }

        Waits.Until(() => Desktop.Attached, "the first desktop handshakes again after the silence", LongWait);
        Assert.Equal(before, FreshValues(out LogMark markAfter));
        AssertNothingAppendedButElections(markBefore, markAfter);
        Step("replayed hello, attach and command changed nothing");
    }

    /// <summary>Where the server node's log stood in one status report: its commit index, last index and term.</summary>
    private readonly record struct LogMark(int Commit, int LastIndex, int Term);

    /// <summary>The server node's database and log mark from a report sent after this call (not one in flight before it).</summary>
    private int[] FreshValues(out LogMark mark)
    {
        long since = Desktop.Now + 300;
        Waits.Until(() => Desktop.Latest.TryGetValue(0, out ReportSeen? r) && r.At > since, "a fresh report of the server node", LongWait);
        ReportSeen report = Desktop.Latest[0];
        mark = new LogMark(report.Commit, report.LastIndex, report.Term);
        return report.Values;
    }

    /// <summary>
    /// Nothing a client sent was appended between two marks. A leader elected in between appends its one empty entry
    /// per term (§5.4.2; a loaded machine can time a leader out), so the log may grow by at most the terms that passed;
    /// a replayed or repeated command would add one more entry than that, whatever elections happened.
    /// </summary>
    private void AssertNothingAppendedButElections(LogMark before, LogMark after)
    {
        int terms = after.Term - before.Term;
        Assert.True(after.LastIndex - before.LastIndex <= terms && after.Commit - before.Commit <= terms,
            $"the log moved from {before} to {after}, more than the {terms} new term(s) explain; {Seed}; {Boards()}");
    }

    private string Boards() => "boards: " + string.Join("; ", Desktop.Latest.Values.OrderBy(r => r.Node).Select(r =>
        $"{r.Node} {r.Role} term {r.Term} leader {r.Leader} commit {r.Commit} applied {r.Applied} [{string.Join(',', r.Values)}] at {r.At} ms")) +
        "; processes: " + string.Join(", ", cluster.Boards.Select(b => $"{b.Node}:{(b.Running ? "up" : "down")}"));

    private void Step(string what)
    {
        lock (processOutput) processOutput.Add($"{elapsed.ElapsedMilliseconds,6} ==== {what}");
    }

    private static bool Alive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
