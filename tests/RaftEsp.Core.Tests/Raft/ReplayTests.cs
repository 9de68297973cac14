using System.Buffers.Binary;
using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>
/// Anti-replay at node level (docs/wire-format.md, "Security"): an authentic frame recorded off the air and fed back
/// later is dropped and counted, whatever happened in between, and changes no state (RFC 4303 §3.4.3's window, with
/// boot epochs and the Sync handshake for reboots).
/// </summary>
public class ReplayTests
{
    private static TestCluster Protected() => new(3, c => c.ReplayProtection = true);

    /// <summary>The client session <see cref="Running"/> registered (its id is the register entry's index).</summary>
    private int client;

    /// <summary>A cluster past its Sync handshake, with node 1 leading, a client registered and its first set committed everywhere.</summary>
    private TestCluster Running()
    {
        TestCluster c = Protected();
        c.Stabilize();
        c.Elect(1);
        client = c.Register(1);
        Assert.Equal(ErrorCode.None, c.Set(1, 0, 11, client, seq: 1));
        c.Stabilize();
        c.TickAll();
        c.Stabilize();
        foreach (int id in c.Ids) Assert.Equal(11, c.Hosts[id].Values()[0]);
        return c;
    }

    private static SimBoard.SentFrame RecordedAppend(TestCluster c, int from) =>
        c.History.Last(f => f.From == from && f.Type == MessageType.AppendEntries && f.Bytes.Length > FrameLimits.HeaderBytes + FrameLimits.AppendFixedBytes + FrameLimits.TagBytes);

    /// <summary>Feeds <paramref name="frame"/> to <paramref name="to"/>: it must be dropped for <paramref name="expected"/>, counted, and change nothing.</summary>
    private static void AssertRefused(TestCluster c, int to, SimBoard.SentFrame frame, FrameError expected)
    {
        SimBoard board = c.Hosts[to];
        board.ProcessReady();
        byte[] before = StateCapture.Core(board.Node, board.Database);
        int counted = board.Node.Drops.Get(expected);
        Assert.Equal(expected, board.Node.Step(frame.Bytes, frame.Bytes.Length));
        Assert.Equal(counted + 1, board.Node.Drops.Get(expected));
        Assert.True(before.AsSpan().SequenceEqual(StateCapture.Core(board.Node, board.Database)), "a replay changed state");
        Assert.Empty(board.ProcessReady());
    }

    [Fact]
    public void A_protected_cluster_synchronises_elects_and_replicates()
    {
        TestCluster c = Running();
        foreach (int id in c.Ids)
        {
            ReplayWindow w = c.Node(id).Codec.Guard.Window;
            foreach (int peer in c.Ids) if (peer != id) Assert.True(w.KnownEpoch(peer) > 0, $"{id} never synchronised with {peer}");
            Assert.Equal(0, c.Node(id).Outbox.EncodeFailures);
        }

        Assert.Contains(c.History, f => f.Type == MessageType.Sync);
        Assert.Contains(c.History, f => f.Type == MessageType.SyncAck);
    }

    [Fact]
    public void A_frame_replayed_at_once_is_refused()
    {
        TestCluster c = Running();
        AssertRefused(c, 2, RecordedAppend(c, 1), FrameError.Replayed);
    }

    [Fact]
    public void A_frame_replayed_after_its_sender_rebooted_is_refused()
    {
        TestCluster c = Running();
        SimBoard.SentFrame recorded = RecordedAppend(c, 1);
        c.CrashAndRestart(1);
        c.RunUntil(() => c.Leader() != null && c.Ids.All(id => c.Node(id).CommitIndex == c.Node(c.Leader()!.Value).CommitIndex), what: "a leader again");
        Assert.Equal(2, c.Hosts[1].Storage.Epoch);
        AssertRefused(c, 2, recorded, FrameError.Replayed);
    }

    [Fact]
    public void A_frame_replayed_after_its_receiver_rebooted_is_refused_before_and_after_the_sync()
    {
        TestCluster c = Running();
        SimBoard.SentFrame recorded = RecordedAppend(c, 1);
        c.CrashAndRestart(2);
        // The rebooted node cannot tell which of node 1's counters it saw: nothing from node 1 until a fresh SyncAck.
        AssertRefused(c, 2, recorded, FrameError.Unsynced);
        // Its first Sync went nowhere (the check above took it); it asks again once an interval passed.
        c.RunUntil(() => c.Node(2).Codec.Guard.Window.KnownEpoch(1) > 0, what: "node 2 synchronised with node 1");
        AssertRefused(c, 2, recorded, FrameError.Replayed);
    }

    [Fact]
    public void A_frame_replayed_after_a_leader_change_is_refused()
    {
        TestCluster c = Running();
        SimBoard.SentFrame recorded = RecordedAppend(c, 1);
        c.Down(1);
        c.RunUntil(() => c.Leader() is int l && l != 1, what: "a new leader");
        int leader = c.Leader()!.Value;
        Assert.Equal(ErrorCode.None, c.Set(leader, 1, 22, client, seq: 2));
        c.Stabilize();
        c.Up(1);
        c.RunUntil(() => c.Hosts[1].Values()[1] == 22, what: "the old leader follows");
        AssertRefused(c, 5 - leader, recorded, FrameError.Replayed);
        AssertRefused(c, 1, recorded, FrameError.FromSelf);
        AssertRefused(c, 1, RecordedAppend(c, leader), FrameError.Replayed);
    }

    [Fact]
    public void A_leadership_transfer_hands_over_with_protection_on_and_a_recorded_TimeoutNow_is_refused()
    {
        TestCluster c = Running();
        int term = c.Node(1).Term;
        Assert.Equal(ErrorCode.None, c.Node(1).TransferLeadership(2));
        c.Stabilize();

        Assert.Equal(Role.Leader, c.Node(2).Role);
        Assert.Equal(term + 1, c.Node(2).Term);
        Assert.Equal(1, c.Node(2).Stats.TransferCampaigns);
        Assert.Equal(0, c.Node(3).Stats.VotesIgnoredInLease); // the flagged vote request passed node 3's window
        foreach (int id in c.Ids)
        {
            Assert.Equal(0, c.Node(id).Drops.Get(FrameError.Replayed));
            Assert.Equal(0, c.Node(id).Drops.Get(FrameError.Unsynced));
        }

        // TimeoutNow is an ordinary sealed frame: a bare header with the leader's epoch and a fresh counter, and a tag.
        SimBoard.SentFrame timeoutNow = c.History.Single(f => f.Type == MessageType.TimeoutNow);
        Assert.Equal(FrameLimits.HeaderBytes + FrameLimits.TagBytes, timeoutNow.Bytes.Length);
        Assert.Equal(c.Hosts[1].Storage.Epoch, BinaryPrimitives.ReadUInt16LittleEndian(timeoutNow.Bytes.AsSpan(FrameLimits.EpochOffset)));
        Assert.True(BinaryPrimitives.ReadInt32LittleEndian(timeoutNow.Bytes.AsSpan(FrameLimits.CounterOffset)) > 0);
        AssertRefused(c, 2, timeoutNow, FrameError.Replayed);

        // And back: the new leader's TimeoutNow passes node 1's window, which saw every earlier one of node 2.
        Assert.Equal(ErrorCode.None, c.Set(2, 1, 21, client, seq: 2));
        c.Stabilize();
        Assert.Equal(ErrorCode.None, c.Node(2).TransferLeadership(1));
        c.Stabilize();
        Assert.Equal(Role.Leader, c.Node(1).Role);
        Assert.Equal(term + 2, c.Node(1).Term);
        foreach (int id in c.Ids) Assert.Equal(21, c.Hosts[id].Values()[1]);
    }

    [Fact]
    public void A_recorded_sync_answer_never_starts_a_window_after_a_reboot()
    {
        TestCluster c = Running();
        SimBoard.SentFrame ack = c.History.Last(f => f.From == 1 && f.To == 2 && f.Type == MessageType.SyncAck);
        c.CrashAndRestart(2);
        c.Down(1); // node 1 stays silent: only the recording answers node 2's Sync
        c.Stabilize();
        Assert.Equal(FrameError.Replayed, c.Node(2).Step(ack.Bytes, ack.Bytes.Length));
        Assert.Equal(0, c.Node(2).Codec.Guard.Window.KnownEpoch(1));
    }

    [Fact]
    public void A_replayed_sync_is_answered_at_most_once_per_interval()
    {
        TestCluster c = Running();
        SimBoard.SentFrame sync = c.History.Last(f => f.From == 2 && f.Type == MessageType.Sync);
        SimBoard board = c.Hosts[1];
        int answered = board.Node.Codec.Guard.SyncsAnswered;
        for (int i = 0; i < 50; i++) Assert.Equal(FrameError.None, board.Node.Step(sync.Bytes, sync.Bytes.Length));
        List<SimBoard.SentFrame> sent = board.ProcessReady();
        Assert.Single(sent, f => f.Type == MessageType.SyncAck);
        Assert.Equal(answered + 1, board.Node.Codec.Guard.SyncsAnswered);
        Assert.Equal(49, board.Node.Codec.Guard.SyncsLimited);
    }

    [Fact]
    public void A_board_whose_flash_was_restored_moves_past_the_epoch_its_peers_remember()
    {
        TestCluster c = Running();
        int before = c.Hosts[2].Storage.Epoch;
        c.Hosts[2].Storage.Epoch = before - 1; // the restored image remembers the previous boot only
        c.CrashAndRestart(2);
        Assert.Equal(before, c.Node(2).Codec.Sequencer.Epoch); // the reused epoch
        c.Stabilize();
        c.TickAll();
        c.Stabilize();
        Assert.True(c.Node(2).Codec.Sequencer.Epoch > before, "the restored board must jump past the epoch its peers know");
        Assert.Equal(c.Node(2).Codec.Sequencer.Epoch, c.Hosts[2].Storage.Epoch);
        Assert.Equal(ErrorCode.None, c.Set(1, 2, 33, client, seq: 2));
        c.RunUntil(() => c.Hosts[2].Values()[2] == 33, what: "the restored board replicates again");
        Assert.Equal(c.Node(1).Log.LastIndex, c.Node(1).ProgressOf(2).Match);
    }

    [Fact]
    public void A_node_whose_counter_runs_out_moves_to_the_next_epoch_and_keeps_working()
    {
        var c = new TestCluster(3, cfg => { cfg.ReplayProtection = true; cfg.FrameCounterLimit = 20; });
        c.Stabilize();
        c.Elect(1);
        int client = c.Register(1);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(ErrorCode.None, c.Set(1, 0, i, client, seq: i + 1));
            c.Stabilize();
            c.TickAll();
            c.Stabilize();
        }

        Assert.True(c.Node(1).Codec.Sequencer.Epoch > 1, "the leader sent more than 20 frames");
        Assert.Equal(c.Node(1).Codec.Sequencer.Epoch, c.Hosts[1].Storage.Epoch);
        foreach (int id in c.Ids) Assert.Equal(9, c.Hosts[id].Values()[0]);
    }
}
