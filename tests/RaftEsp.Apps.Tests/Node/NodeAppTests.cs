namespace RaftEsp.Apps.Tests;

public class NodeAppTests
{
    private static ClientCommand Set(int request, int client, int seq, int slot, int value) =>
        new() { RequestId = request, Client = client, Seq = seq, Kind = CommandKind.Set, Slot = slot, Value = value };

    private static ClientCommand Get(int request, int client, int seq, int slot) =>
        new() { RequestId = request, Client = client, Seq = seq, Kind = CommandKind.Get, Slot = slot };

    private static int[] Values(NodeApp app) =>
        Enumerable.Range(0, app.Database.SlotCount).Select(s => { app.Database.Read(s, out int v); return v; }).ToArray();

    [Fact]
    public void Five_boards_elect_one_leader_that_all_follow()
    {
        var cluster = new AppCluster();
        Assert.True(cluster.RunUntil(cluster.Settled, 5000), "no settled leader within 5 s of simulated time");
        int leader = cluster.Leader();
        Assert.Equal(1, Enumerable.Range(0, 5).Count(id => cluster.Apps[id].Node.Role == Role.Leader));
        Assert.All(cluster.Apps, app => Assert.Equal(leader, app.Node.Leader));
    }

    [Fact]
    public void The_server_node_leads_once_it_is_caught_up_and_commands_still_commit()
    {
        var cluster = new AppCluster();
        Assert.True(cluster.RunUntil(() => cluster.Settled() && cluster.Leader() == AppCluster.ServerId, 10_000),
            "the server node (the preferred leader) did not take over within 10 s of simulated time");
        int client = cluster.Register();
        Assert.Equal(CommandStatus.Ok, cluster.Execute(Set(1, client, 1, 0, 5)).Status);
        cluster.Run(3000);
        Assert.Equal(AppCluster.ServerId, cluster.Leader()); // and it keeps the leadership
    }

    [Fact]
    public void Commands_sent_to_the_server_node_are_answered_only_once_committed_and_replicate_everywhere()
    {
        var cluster = new AppCluster();
        Assert.True(cluster.RunUntil(cluster.Settled, 5000));
        int client = cluster.Register();
        for (int i = 0; i < 10; i++)
        {
            ClientResult r = cluster.Execute(Set(100 + i, client, i + 1, i % 5, 1000 + i));
            Assert.Equal(CommandStatus.Ok, r.Status);
            Assert.Equal(client, r.Client);
            Assert.Equal(i + 1, r.Seq);
            Assert.True(r.Index > 0);
            // Answered once committed: a majority holds the entry durably, and the server node applied it.
            int term = cluster.Apps[AppCluster.ServerId].Node.Log.TermAt(r.Index);
            int holders = Enumerable.Range(0, 5).Count(id => cluster.Apps[id].Node.Log.StableIndex >= r.Index && cluster.Apps[id].Node.Log.TermAt(r.Index) == term);
            Assert.True(holders >= 3, "result for index " + r.Index + " sent while only " + holders + " boards hold it");
            Assert.True(cluster.Apps[AppCluster.ServerId].Database.AppliedIndex >= r.Index);
        }

        cluster.Run(500);
        int[] expected = [1005, 1006, 1007, 1008, 1009];
        Assert.All(cluster.Apps, app => Assert.Equal(expected, Values(app)));
    }

    [Fact]
    public void After_seventy_thousand_writes_of_one_client_a_replayed_request_changes_nothing_on_any_board_and_appends_no_entry()
    {
        // Past 2^16 writes, where a 16-bit sequence would have wrapped onto an early one (70,001 mod 65,536 = 4,465).
        var cluster = new AppCluster();
        // The server node leads first: if another board won the election, the hand-over to the preferred leader
        // would come during the writes, and a write that meets it is answered no-leader (the client's to retry).
        Assert.True(cluster.RunUntil(() => cluster.Settled() && cluster.Leader() == AppCluster.ServerId, 5000));
        int client = cluster.Register();
        ClientResult last = new();
        for (int seq = 1; seq <= 70_000; seq++)
        {
            last = cluster.Execute(Set(seq, client, seq, seq % 5, seq));
            Assert.True(last.Status == CommandStatus.Ok, "write " + seq + ": " + CommandStatuses.Name(last.Status));
            if (cluster.Results.Count > 64) cluster.Results.Clear();
        }

        Assert.True(last.Index > 70_000, "the last write's log index: " + last.Index);
        cluster.Run(300);
        int[] before = Values(cluster.Apps[AppCluster.ServerId]);
        Assert.Equal([70_000, 69_996, 69_997, 69_998, 69_999], before);
        int[] lastIndexes = cluster.Apps.Select(app => app.Node.Log.LastIndex).ToArray();
        foreach (int replayed in new[] { 1, 4_465, 65_536, 69_999 })
        {
            ClientResult r = cluster.Execute(Set(100_000 + replayed, client, replayed, 3, -1));
            Assert.Equal((CommandStatus.StaleSequence, 70_000, 0), (r.Status, r.Value, r.Index));
        }

        ClientResult again = cluster.Execute(Set(200_000, client, 70_000, 0, 70_000)); // the latest: its first result
        Assert.Equal((CommandStatus.Ok, last.Value, last.Index), (again.Status, again.Value, again.Index));
        cluster.Run(300);
        Assert.Equal(lastIndexes, cluster.Apps.Select(app => app.Node.Log.LastIndex).ToArray());
        Assert.All(cluster.Apps, app => Assert.Equal(before, Values(app)));
    }

    [Fact]
    public void A_set_answers_the_previous_value_and_a_get_reads_it_linearizably()
    {
        var cluster = new AppCluster();
        Assert.True(cluster.RunUntil(cluster.Settled, 5000));
        int c = cluster.Register();
        Assert.Equal(0, cluster.Execute(Set(1, c, 1, 3, -7)).Value);
        Assert.Equal(-7, cluster.Execute(Set(2, c, 2, 3, 8)).Value);
        ClientResult get = cluster.Execute(Get(3, c, 3, 3));
        Assert.Equal(CommandStatus.Ok, get.Status);
        Assert.Equal(8, get.Value);
        Assert.True(get.Index >= 3);
        ClientResult remove = cluster.Execute(new ClientCommand { RequestId = 4, Client = c, Seq = 4, Kind = CommandKind.Remove, Slot = 3 });
        Assert.Equal(8, remove.Value);
        Assert.Equal(0, cluster.Execute(Get(5, c, 5, 3)).Value);
    }

    [Fact]
    public void A_retry_applies_once_and_returns_the_first_result()
    {
        var cluster = new AppCluster();
        Assert.True(cluster.RunUntil(cluster.Settled, 5000));
        int a = cluster.Register(101);
        int b = cluster.Register(102);
        ClientResult first = cluster.Execute(Set(1, a, 9, 0, 50));
        Assert.Equal(0, first.Value);
        Assert.Equal(50, cluster.Execute(Set(2, b, 1, 0, 60)).Value); // another client changes the slot meanwhile
        int logLength = cluster.Apps[AppCluster.ServerId].Node.Log.LastIndex;
        ClientResult retry = cluster.Execute(Set(3, a, 9, 0, 50)); // the lost answer, fetched again from the session
        Assert.Equal((CommandStatus.Ok, first.Value, first.Index, 3), (retry.Status, retry.Value, retry.Index, retry.RequestId));
        Assert.Equal(logLength, cluster.Apps[AppCluster.ServerId].Node.Log.LastIndex); // answered without proposing
        cluster.Run(300);
        Assert.All(cluster.Apps, app => Assert.Equal(60, Values(app)[0])); // the retry did not set 50 again
        Assert.Equal(CommandStatus.Ok, cluster.Execute(Set(4, a, 10, 1, 1)).Status);
        ClientResult stale = cluster.Execute(Set(5, a, 9, 0, 50));
        Assert.Equal((CommandStatus.StaleSequence, 10, 0), (stale.Status, stale.Value, stale.Index));
        Assert.Equal(CommandStatus.SessionExpired, cluster.Execute(Set(6, a + 1000, 1, 0, 1)).Status);
    }

    [Fact]
    public void Errors_are_answered_at_once_and_change_nothing()
    {
        var cluster = new AppCluster();
        Assert.True(cluster.RunUntil(cluster.Settled, 5000));
        int c = cluster.Register();
        Assert.Equal(CommandStatus.SlotOutOfRange, cluster.Execute(Get(1, c, 1, 5)).Status);
        Assert.Equal(CommandStatus.SessionExpired, cluster.Execute(Set(2, c + 1, 1, 0, 1)).Status);
        ClientResult outOfRange = cluster.Execute(Set(3, c, 1, 7, 1)); // slot 7 of 5
        Assert.Equal(CommandStatus.SlotOutOfRange, outOfRange.Status);
        cluster.Run(300);
        Assert.All(cluster.Apps, app => Assert.Equal(new int[5], Values(app)));
    }

    [Fact]
    public void A_command_sent_to_another_board_is_answered_not_server()
    {
        var cluster = new AppCluster();
        Assert.True(cluster.RunUntil(cluster.Settled, 5000));
        cluster.SendCommand(Set(1, 1, 1, 0, 5), to: 3);
        cluster.Run(50);
        ClientResult r = Assert.Single(cluster.Results);
        Assert.Equal(CommandStatus.NotServer, r.Status);
    }

    [Fact]
    public void Without_a_quorum_the_server_node_answers_an_error_not_a_result()
    {
        var cluster = new AppCluster();
        Assert.True(cluster.RunUntil(cluster.Settled, 5000));
        for (int id = 1; id < 5; id++) cluster.Crash(id);
        cluster.Run(2000); // the server node loses its leader (or, as leader, its quorum)
        ClientResult r = cluster.Execute(Set(1, 1, 1, 0, 5), 20000);
        Assert.NotEqual(CommandStatus.Ok, r.Status);
        Assert.Equal(0, Values(cluster.Apps[0])[0]);
    }

    [Fact]
    public void Boards_restarted_from_their_flash_lose_nothing_acknowledged()
    {
        var cluster = new AppCluster(slots: 8);
        Assert.True(cluster.RunUntil(cluster.Settled, 5000));
        var acknowledged = new int[8];
        int[] clients = { cluster.Register(201), cluster.Register(202), cluster.Register(203) };
        for (int i = 0; i < 120; i++) // enough to compact the log several times (threshold 48)
        {
            ClientResult r = cluster.Execute(Set(i + 1, clients[i % 3], 1 + i / 3, i % 8, i * 37 - 500));
            Assert.Equal(CommandStatus.Ok, r.Status);
            acknowledged[i % 8] = i * 37 - 500;
            if (i == 60) cluster.Crash(2); // one board misses some, and catches up later
        }

        Assert.True(cluster.Apps[0].Node.Log.SnapshotIndex > 0, "the test should cover compaction");
        for (int id = 0; id < 5; id++) cluster.Crash(id); // every board loses power at once
        for (int id = 0; id < 5; id++) Assert.Equal(ErrorCode.None, cluster.Boot(id));
        Assert.True(cluster.RunUntil(cluster.Settled, 10000));
        for (int slot = 0; slot < 8; slot++)
        {
            ClientResult r = cluster.Execute(Get(1000 + slot, 7, slot + 1, slot));
            Assert.Equal(CommandStatus.Ok, r.Status);
            Assert.Equal(acknowledged[slot], r.Value);
        }

        cluster.Run(1000);
        Assert.All(cluster.Apps, app => Assert.Equal(acknowledged, Values(app)));
    }

    [Fact]
    public void A_status_poll_is_answered_with_the_board_state_and_the_requested_page()
    {
        var cluster = new AppCluster(slots: 64);
        Assert.True(cluster.RunUntil(cluster.Settled, 5000));
        int c = cluster.Register();
        for (int i = 0; i < 4; i++) cluster.Execute(Set(1 + i, c, 1 + i, 40 - 3 * i, i == 0 ? 12345 : int.MinValue));
        cluster.Run(200);
        cluster.SendPoll(2, 77, 30);
        cluster.Run(20);
        StatusReport r = Assert.Single(cluster.Reports);
        NodeApp app = cluster.Apps[2];
        Assert.Equal((2, 77, app.Node.Term, app.Node.Role, app.Node.Leader), (r.NodeId, r.Sequence, r.Term, r.Role, r.Leader));
        Assert.Equal(app.Node.CommitIndex, r.Commit);
        Assert.Equal(app.Node.Log.LastIndex, r.LastIndex);
        Assert.Equal(4, r.EntryCount);
        Assert.Equal(EntryKind.Set, r.EntryKinds[3]);
        Assert.Equal(int.MinValue, r.EntryValues[3]);
        Assert.Equal(64, r.SlotCount);
        Assert.Equal(30, r.FirstSlot);
        Assert.Equal(34, r.PageCount); // one wide value among small ones: the rest of the database fits
        Assert.Equal(12345, r.PageValues[10]);
        Assert.Equal(int.MinValue, r.PageValues[1]);
        Assert.False(r.IsServer);
        Assert.Equal(ErrorCode.None, r.Fault);
    }

    [Fact]
    public void A_board_whose_flash_contradicts_itself_refuses_to_start_and_reports_the_fault()
    {
        var cluster = new AppCluster();
        Assert.True(cluster.RunUntil(cluster.Settled, 5000));
        cluster.Execute(Set(1, 1, 1, 0, 5));
        cluster.Crash(3);
        byte[] snap = new byte[40];
        snap[0] = 0xA8; // a snapshot file with a bad checksum
        cluster.Flash[3].Put(BoardStore.SnapshotFile, snap);
        Assert.Equal(ErrorCode.BadPersistentState, cluster.Boot(3));
        Assert.False(cluster.Apps[3].Running);
        cluster.Run(200); // a faulted board still synchronises its replay windows, so it can answer polls
        cluster.SendPoll(3, 1, 0);
        cluster.Run(3000);
        StatusReport r = Assert.Single(cluster.Reports);
        Assert.Equal(ErrorCode.BadPersistentState, r.Fault);
        Assert.Equal(0, cluster.Apps[3].Node.Term); // it took no part
        Assert.True(cluster.Leds[3].Switches > 4); // and blinks the fault pattern
    }

    [Fact]
    public void Forged_and_mutated_frames_change_nothing_on_a_running_board()
    {
        var cluster = new AppCluster();
        Assert.True(cluster.RunUntil(cluster.Settled, 5000));
        cluster.Execute(Set(1, 1, 1, 0, 5));
        cluster.Run(200);
        for (int id = 1; id < 5; id++) cluster.Crash(id); // hold the cluster still: only the server node runs
        NodeApp server = cluster.Apps[0];
        cluster.Run(50);
        (int term, int last, int commit, int applied) before = (server.Node.Term, server.Node.Log.LastIndex, server.Node.CommitIndex, server.Database.AppliedIndex);
        int[] values = Values(server);
        int results = cluster.Results.Count;

        var codec = new FrameCodec(1, Samples.Key);
        byte[] frame = new byte[FrameLimits.MaxFrameBytes];
        var valid = new List<byte[]>
        {
            frame.AsSpan(0, AppFrames.EncodeClientCommand(codec, frame, AppCluster.CollectorId, 0, Set(9, 1, 2, 1, 99))).ToArray(),
            frame.AsSpan(0, AppFrames.EncodeStatusPoll(codec, frame, AppCluster.CollectorId, 0, new StatusPoll { Sequence = 3 })).ToArray(),
        };
        var forger = cluster.Ether.Join(200);
        var random = new Random(99);
        for (int i = 0; i < 3000; i++)
        {
            byte[] original = valid[i % valid.Count];
            byte[] bad = Samples.Mutate(original, original.Length, random);
            bad[3] = (byte)(AppFrames.StatusPollType + random.Next(4)); // keep them app frames, so the app's decoder sees them
            bad[5] = 0;
            if (bad.AsSpan().SequenceEqual(original)) continue; // the flips were all undone: a plain replay, not a forgery
            forger.Send(0, bad, bad.Length);
            if (i % 8 == 7) cluster.Run(1);
        }

        // A frame sealed with another cluster's key, perfectly formed otherwise.
        var foreign = new FrameCodec(1, Samples.OtherKey);
        int n = AppFrames.EncodeClientCommand(foreign, frame, AppCluster.CollectorId, 0, Set(10, 1, 2, 1, 99));
        forger.Send(0, frame, n);
        cluster.Run(50);

        Assert.Equal(before, (server.Node.Term, server.Node.Log.LastIndex, server.Node.CommitIndex, server.Database.AppliedIndex));
        Assert.Equal(values, Values(server));
        Assert.Equal(results, cluster.Results.Count);
        Assert.True(server.AppDrops.Total >= 2900);
        Assert.True(server.AppDrops.Get(FrameError.BadTag) > 2000);
    }

    [Fact]
    public void RunOnce_says_how_long_the_board_may_sleep()
    {
        var cluster = new AppCluster(size: 1);
        NodeApp app = cluster.Apps[0];
        int wait = app.RunOnce();
        Assert.InRange(wait, 1, cluster.Configs[0].TickMillis);
        cluster.Clock.NowMillis += wait;
        Assert.Equal(0, app.Node.Stats.ElectionsStarted);
        for (int i = 0; i < 200; i++)
        {
            int w = app.RunOnce();
            Assert.InRange(w, 0, cluster.Configs[0].TickMillis);
            cluster.Clock.NowMillis += Math.Max(w, 1);
        }

        Assert.Equal(Role.Leader, app.Node.Role); // a one-board cluster elects itself after its election timeout
    }

    [Fact]
    public void An_invalid_configuration_is_refused_at_construction()
    {
        BoardConfig collector = AppCluster.Config(AppCluster.CollectorId, 5, 5);
        var ether = new FakeEther();
        Assert.Throws<ArgumentException>(() => new NodeApp(collector, ether.Join(9), new MemoryFlash(), new FakeClock(), new FakeLed()));
        BoardConfig bad = AppCluster.Config(1, 5, 5);
        bad.TickMillis = 0;
        Assert.Throws<ArgumentException>(() => new NodeApp(bad, ether.Join(1), new MemoryFlash(), new FakeClock(), new FakeLed()));
    }
}
