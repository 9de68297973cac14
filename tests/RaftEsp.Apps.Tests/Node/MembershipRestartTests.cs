namespace RaftEsp.Apps.Tests;

/// <summary>
/// Restart safety of membership changes: a board that loses power at any step of a join or a leave comes back from its
/// flash (BoardStore: raft.log and raft.snap, whose snapshot carries the configuration at its head) with the
/// configuration it had, and the change completes once, retried under the same session (§4.1: a node acts on the
/// latest configuration in its log, so the configuration is exactly as durable as the log).
/// </summary>
public class MembershipRestartTests
{
    private int nextRequest = 1;

    private static AppCluster Settled(int founders, int joiners = 0)
    {
        var cluster = new AppCluster(founders, joiners: joiners);
        Assert.True(cluster.RunUntil(() => cluster.Settled() && cluster.Leader() == AppCluster.ServerId, 10_000), "the server node should lead");
        return cluster;
    }

    private ClientCommand Change(CommandKind kind, int client, int seq, int node) =>
        new() { RequestId = nextRequest++, Client = client, Seq = seq, Kind = kind, Slot = 0, Value = node };

    private static int[] Ids(NodeSet set) => Enumerable.Range(0, set.Count).Select(set.IdAt).ToArray();

    private static (int[] Voters, int[] Learners, int Index) ConfigurationOf(NodeApp app) =>
        (Ids(app.Node.Voters), Ids(app.Node.Learners), app.Node.ConfigurationIndex);

    private static int Entries(NodeApp app, EntryKind kind, int node)
    {
        RaftLog log = app.Node.Log;
        int n = 0;
        for (int i = log.FirstIndex; i <= log.LastIndex; i++) if (log.KindAt(i) == kind && log.ValueAt(i) == node) n++;
        return n;
    }

    /// <summary>Power cut and reboot at once: the board must come back with exactly the configuration it had.</summary>
    private static void CrashAndReboot(AppCluster cluster, int victim)
    {
        var before = ConfigurationOf(cluster.Apps[victim]);
        int lastIndex = cluster.Apps[victim].Node.Log.LastIndex;
        cluster.Crash(victim);
        Assert.Equal(ErrorCode.None, cluster.Boot(victim));
        var after = ConfigurationOf(cluster.Apps[victim]);
        Assert.Equal(lastIndex, cluster.Apps[victim].Node.Log.LastIndex);
        Assert.Equal(before.Voters, after.Voters);
        Assert.Equal(before.Learners, after.Learners);
        Assert.Equal(before.Index, after.Index);
    }

    /// <summary>Sends the same (client, seq), a fifth of a second apart, until an answer other than "try again" comes.</summary>
    private static ClientResult Retry(AppCluster cluster, Func<ClientCommand> command)
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            ClientCommand c = command();
            int before = cluster.Results.Count;
            cluster.SendCommand(c);
            if (cluster.RunUntil(() => cluster.Results.Skip(before).Any(r => r.RequestId == c.RequestId), 5000))
            {
                ClientResult r = cluster.Results.Skip(before).First(x => x.RequestId == c.RequestId);
                bool again = r.Status == CommandStatus.Timeout || r.Status == CommandStatus.NoLeader || r.Status == CommandStatus.NotLeader || r.Status == CommandStatus.JoinedAsLearner;
                if (!again) return r;
            }

            cluster.Run(200);
        }

        throw new Xunit.Sdk.XunitException("no final answer after 50 tries");
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 3)]
    [InlineData(0, 12)]
    [InlineData(0, 40)]
    [InlineData(0, 120)]
    [InlineData(1, 0)]
    [InlineData(1, 3)]
    [InlineData(1, 12)]
    [InlineData(1, 40)]
    [InlineData(1, 120)]
    [InlineData(3, 0)]
    [InlineData(3, 3)]
    [InlineData(3, 12)]
    [InlineData(3, 40)]
    [InlineData(3, 120)]
    public void A_board_killed_during_a_join_comes_back_with_its_configuration_and_the_join_completes_once(int victim, int afterMillis)
    {
        AppCluster cluster = Settled(3, joiners: 1);
        int client = cluster.Register();
        cluster.SendCommand(Change(CommandKind.Join, client, 1, 3));
        cluster.Run(afterMillis);
        CrashAndReboot(cluster, victim);

        ClientResult r = Retry(cluster, () => Change(CommandKind.Join, client, 1, 3));
        Assert.Equal(CommandStatus.Ok, r.Status);
        Assert.True(cluster.RunUntil(() => Enumerable.Range(0, 4).All(b => Ids(cluster.Apps[b].Node.Voters).Order().SequenceEqual([0, 1, 2, 3])), 5000),
            "every board should end with voters 0, 1, 2, 3");
        Assert.All(cluster.Apps, app => Assert.Equal(0, app.Node.Learners.Count));
        Assert.Equal(1, Entries(cluster.Apps[0], EntryKind.AddLearner, 3));
        Assert.Equal(1, Entries(cluster.Apps[0], EntryKind.PromoteLearner, 3));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 5)]
    [InlineData(0, 30)]
    [InlineData(1, 0)]
    [InlineData(1, 5)]
    [InlineData(1, 30)]
    [InlineData(3, 0)]
    [InlineData(3, 5)]
    [InlineData(3, 30)]
    public void A_board_killed_during_a_leave_comes_back_with_its_configuration_and_the_removal_happens_once(int victim, int afterMillis)
    {
        AppCluster cluster = Settled(4);
        int client = cluster.Register();
        cluster.SendCommand(Change(CommandKind.Leave, client, 1, 3));
        cluster.Run(afterMillis);
        CrashAndReboot(cluster, victim);

        ClientResult r = Retry(cluster, () => Change(CommandKind.Leave, client, 1, 3));
        Assert.Equal(CommandStatus.Ok, r.Status);
        Assert.True(cluster.RunUntil(() => Enumerable.Range(0, 3).All(b => Ids(cluster.Apps[b].Node.Voters).Order().SequenceEqual([0, 1, 2])), 5000));
        Assert.Equal(1, Entries(cluster.Apps[0], EntryKind.RemoveNode, 3));
        // The cluster of three goes on; the removed board does not disturb it (§4.2.3).
        int term = cluster.Apps[0].Node.Term;
        cluster.Run(2000);
        Assert.Equal(term, cluster.Apps[0].Node.Term);
    }

    [Fact]
    public void Every_board_rebooted_from_a_snapshot_taken_after_a_join_holds_the_new_voter()
    {
        AppCluster cluster = Settled(3, joiners: 1);
        int client = cluster.Register();
        Assert.Equal(CommandStatus.Ok, cluster.Execute(Change(CommandKind.Join, client, 1, 3)).Status);
        int promotedAt = 0;
        RaftLog log = cluster.Apps[0].Node.Log;
        for (int i = log.FirstIndex; i <= log.LastIndex; i++) if (log.KindAt(i) == EntryKind.PromoteLearner) promotedAt = i;
        Assert.True(promotedAt > 0);
        for (int i = 0; i < 70; i++) // past the compaction threshold (48): the change is in every board's snapshot
        {
            ClientResult w = cluster.Execute(new ClientCommand { RequestId = nextRequest++, Client = client, Seq = 2 + i, Kind = CommandKind.Set, Slot = i % 5, Value = i });
            Assert.Equal(CommandStatus.Ok, w.Status);
        }

        Assert.True(cluster.RunUntil(() => cluster.Apps.All(a => a.Node.Log.SnapshotIndex > promotedAt), 3000), "every board should compact past the promotion");
        Assert.All(cluster.Apps, a => Assert.True(a.Node.ConfigurationIndex <= a.Node.Log.SnapshotIndex)); // from the snapshot's head now
        for (int b = 0; b < 4; b++) cluster.Crash(b);
        for (int b = 0; b < 4; b++)
        {
            Assert.Equal(ErrorCode.None, cluster.Boot(b));
            Assert.Equal([0, 1, 2, 3], Ids(cluster.Apps[b].Node.Voters).Order());
            Assert.Equal(0, cluster.Apps[b].Node.Learners.Count);
            Assert.True(cluster.Apps[b].Node.Promotable); // the joiner too: a voter after reboot, though its file says join
        }

        Assert.True(cluster.RunUntil(cluster.Settled, 10_000));
        // With two of the four down the rest cannot commit: the joiner really counts in the quorum after the reboot.
        cluster.Crash(1);
        cluster.Crash(2);
        ClientResult stuck = cluster.Execute(new ClientCommand { RequestId = nextRequest++, Client = client, Seq = 100, Kind = CommandKind.Set, Slot = 0, Value = -1 }, 20_000);
        Assert.NotEqual(CommandStatus.Ok, stuck.Status);
        cluster.Boot(2);
        Assert.Equal(CommandStatus.Ok, Retry(cluster, () => new ClientCommand { RequestId = nextRequest++, Client = client, Seq = 100, Kind = CommandKind.Set, Slot = 0, Value = -1 }).Status);
    }

    [Fact]
    public void Every_board_rebooted_from_a_snapshot_taken_after_a_leave_leaves_the_board_out_and_it_reports_removed()
    {
        AppCluster cluster = Settled(4);
        int client = cluster.Register();
        Assert.Equal(CommandStatus.Ok, cluster.Execute(Change(CommandKind.Leave, client, 1, 3)).Status);
        for (int i = 0; i < 70; i++)
        {
            Assert.Equal(CommandStatus.Ok, cluster.Execute(new ClientCommand { RequestId = nextRequest++, Client = client, Seq = 2 + i, Kind = CommandKind.Set, Slot = i % 5, Value = i }).Status);
        }

        Assert.True(cluster.RunUntil(() => cluster.Apps.Take(3).All(a => a.Node.Log.SnapshotIndex > 0 && !a.Node.Configuration.Contains(3)), 3000));
        Assert.True(cluster.RunUntil(() => !cluster.Apps[3].Node.Configuration.Contains(3), 3000), "board 3 should hear of its removal");
        for (int b = 0; b < 4; b++) cluster.Crash(b);
        for (int b = 0; b < 4; b++)
        {
            Assert.Equal(ErrorCode.None, cluster.Boot(b));
            Assert.Equal([0, 1, 2], Ids(cluster.Apps[b].Node.Voters).Order());
        }

        Assert.False(cluster.Apps[3].Node.Promotable);
        // Settled with the server node leading: if another board won the election after the reboot, the hand-over to
        // the preferred leader (a transfer, one term more) is part of settling, not the disruption checked below.
        Assert.True(cluster.RunUntil(() => cluster.Settled() && cluster.Leader() == AppCluster.ServerId, 10_000));
        int term = cluster.Apps[0].Node.Term;
        cluster.Run(3000);
        Assert.Equal(term, cluster.Apps[0].Node.Term);
        Assert.Equal(0, cluster.Apps[3].Node.Stats.ElectionsStarted);

        int before = cluster.Reports.Count;
        cluster.SendPoll(3, 77, 0);
        Assert.True(cluster.RunUntil(() => cluster.Reports.Skip(before).Any(r => r.NodeId == 3), 1000));
        StatusReport report = cluster.Reports.Skip(before).First(r => r.NodeId == 3);
        Assert.True(report.Removed);
        Assert.False(report.WaitingToJoin);
    }

    /// <summary>
    /// A power cut after any flash write of a join and the compactions after it: the flash as it was then boots, and
    /// the configuration the board derives from raft.snap's head and raft.log's entries is the one those entries
    /// make: founders only before the AddLearner entry, board 3 a learner from it, a voter from the PromoteLearner.
    /// </summary>
    [Theory]
    [InlineData(0)] // the leader, which appends the changes
    [InlineData(3)] // the joiner, which receives them (and a snapshot's head)
    public void The_flash_left_by_a_power_cut_after_any_write_of_a_join_boots_into_the_configuration_its_entries_make(int board)
    {
        AppCluster cluster = Settled(3, joiners: 1);
        int client = cluster.Register();
        var cuts = new List<MemoryFlash> { cluster.Flash[board].Clone() }; // a cut before the join's first write
        cluster.Flash[board].Written = flash => cuts.Add(flash.Clone());
        Assert.Equal(CommandStatus.Ok, cluster.Execute(Change(CommandKind.Join, client, 1, 3)).Status);
        RaftLog log = cluster.Apps[0].Node.Log;
        int added = Enumerable.Range(log.FirstIndex, log.LastIndex - log.FirstIndex + 1).FirstOrDefault(i => log.KindAt(i) == EntryKind.AddLearner);
        int promoted = Enumerable.Range(log.FirstIndex, log.LastIndex - log.FirstIndex + 1).FirstOrDefault(i => log.KindAt(i) == EntryKind.PromoteLearner);
        Assert.True(added > 0 && promoted > added);
        for (int i = 0; i < 70; i++)
        {
            Assert.Equal(CommandStatus.Ok, cluster.Execute(new ClientCommand { RequestId = nextRequest++, Client = client, Seq = 2 + i, Kind = CommandKind.Set, Slot = i % 5, Value = i }).Status);
        }

        Assert.True(cluster.RunUntil(() => cluster.Apps[board].Node.Log.SnapshotIndex > promoted, 3000));
        cluster.Flash[board].Written = null;

        var seen = new HashSet<string>();
        var ether = new FakeEther();
        foreach (MemoryFlash cut in cuts)
        {
            var app = new NodeApp(cluster.Configs[board], ether.Join(board), cut, cluster.Clock, new FakeLed());
            Assert.Equal(ErrorCode.None, app.Start());
            int last = app.Node.Log.LastIndex;
            var (voters, learners, index) = ConfigurationOf(app);
            int[] expectedVoters = last >= promoted ? [0, 1, 2, 3] : [0, 1, 2];
            int[] expectedLearners = last >= added && last < promoted ? [3] : [];
            int expectedIndex = last >= promoted ? promoted : last >= added ? added : 0;
            Assert.Equal(expectedVoters, voters.Order());
            Assert.Equal(expectedLearners, learners);
            // Once compacted past the change, the configuration comes from the snapshot's head and is indexed there.
            Assert.Equal(Math.Max(expectedIndex, app.Node.Log.SnapshotIndex), index);
            seen.Add(string.Join(",", voters) + "/" + string.Join(",", learners) + (app.Node.Log.SnapshotIndex > 0 ? "/snap" : ""));
        }

        // The cuts covered every stage: founders, learner, voter, and a voter restored from a snapshot.
        Assert.Contains("0,1,2/3", seen);
        Assert.Contains(seen, s => s.StartsWith("0,1,2,3/", StringComparison.Ordinal) && s.EndsWith("/snap", StringComparison.Ordinal));
        Assert.Contains("0,1,2/", seen);
    }
}
