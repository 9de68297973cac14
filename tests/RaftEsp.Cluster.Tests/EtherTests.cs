using RaftEsp.Ether;
using RaftEsp.Host;

namespace RaftEsp.Cluster.Tests;

/// <summary>The ether with raw UDP sockets posing as boards: routing, the size limit, loss, partitions, control.</summary>
public class EtherTests
{
    private static byte[] Frame(int length, byte fill = 0x5A) => Enumerable.Repeat(fill, length).ToArray();

    private static byte[] Numbered(int n) => [(byte)n, (byte)(n >> 8), 1, 2, 3, 4, 5, 6];

    [Fact]
    public void Unicast_reaches_only_its_destination_and_names_sender_and_destination()
    {
        using var h = new EtherHarness();
        RawBoard a = h.Board(0), b = h.Board(1), c = h.Board(2);
        a.Send(1, Frame(40));
        h.Settle();
        List<byte[]> atB = b.Drain();
        Assert.Single(atB);
        Assert.Equal([EtherEnvelope.Deliver, 0, 1, .. Frame(40)], atB[0]);
        Assert.Empty(c.Drain(50));
        Assert.Empty(a.Drain(50));
        Assert.Equal(1, h.Server.Stats.Delivered);
    }

    [Fact]
    public void Broadcast_reaches_every_other_node_but_not_the_sender()
    {
        using var h = new EtherHarness();
        RawBoard[] boards = Enumerable.Range(0, 4).Select(n => h.Board(n)).ToArray();
        boards[2].Send(255, Frame(30));
        h.Settle();
        foreach (RawBoard b in boards.Where(b => b.Node != 2))
        {
            List<byte[]> got = b.Drain();
            Assert.Single(got);
            Assert.Equal([EtherEnvelope.Deliver, 2, 255], got[0][..3]);
        }

        Assert.Empty(boards[2].Drain(50));
        Assert.Equal(1, h.Server.Stats.Broadcasts);
    }

    [Fact]
    public void A_frame_of_250_bytes_passes_and_one_of_251_is_dropped_counted_and_logged_as_a_bug()
    {
        using var h = new EtherHarness();
        RawBoard a = h.Board(0), b = h.Board(1);
        a.Send(1, Frame(250));
        a.Send(1, Frame(251));
        h.Settle();
        List<byte[]> got = b.Drain();
        Assert.Single(got);
        Assert.Equal(250 + EtherEnvelope.FrameHeaderBytes, got[0].Length);
        Assert.Equal(1, h.Server.Stats.Dropped(DropReason.Oversize));
        Assert.Contains(h.Log, l => l.Contains("BUG: node 0 sent a 251-byte frame", StringComparison.Ordinal));
    }

    [Fact]
    public void Malformed_datagrams_are_counted_and_change_nothing()
    {
        using var h = new EtherHarness();
        RawBoard a = h.Board(0), b = h.Board(1);
        a.Raw([0x7F, 0, 1, 9, 9]);                   // unknown kind
        a.Raw([EtherEnvelope.Send, 0]);              // too short
        a.Raw([EtherEnvelope.Send, 255, 1, 9, 9]);   // node 255 is not a node id
        a.Raw([EtherEnvelope.Send, 0, 1]);           // no frame
        h.Settle();
        Assert.Empty(b.Drain(50));
        Assert.Equal(4, h.Server.Stats.Dropped(DropReason.Malformed));
        Assert.Equal([0, 1], h.Server.Nodes.Select(r => r.Node));
    }

    [Fact]
    public void Unicast_to_a_node_that_never_registered_is_counted()
    {
        using var h = new EtherHarness();
        RawBoard a = h.Board(0);
        a.Send(7, Frame(20));
        h.Settle();
        Assert.Equal(1, h.Server.Stats.Dropped(DropReason.UnknownDestination));
    }

    [Fact]
    public void A_restarted_board_is_found_at_its_new_endpoint()
    {
        using var h = new EtherHarness();
        RawBoard a = h.Board(0);
        RawBoard before = h.Board(1);
        RawBoard after = h.Board(1);
        a.Send(1, Frame(20));
        h.Settle();
        Assert.Single(after.Drain());
        Assert.Empty(before.Drain(50));
        Assert.Contains(h.Log, l => l.Contains("node 1 moved", StringComparison.Ordinal));
    }

    [Fact]
    public void A_sniffer_hears_unicast_frames_for_other_nodes()
    {
        using var h = new EtherHarness();
        RawBoard a = h.Board(0), b = h.Board(1), sniffer = h.Board(200, sniffer: true), plain = h.Board(3);
        a.Send(1, Frame(20));
        h.Settle();
        Assert.Single(b.Drain());
        List<byte[]> heard = sniffer.Drain();
        Assert.Single(heard);
        Assert.Equal([EtherEnvelope.Deliver, 0, 1], heard[0][..3]);
        Assert.Empty(plain.Drain(50));
    }

    [Fact]
    public void Partition_cuts_groups_apart_lets_unnamed_nodes_hear_all_and_heal_restores()
    {
        using var h = new EtherHarness();
        RawBoard[] n = Enumerable.Range(0, 5).Select(i => h.Board(i)).ToArray();
        Assert.StartsWith("ok", h.Server.Execute("partition 0,1-2,3"), StringComparison.Ordinal);
        n[0].Send(255, Frame(20));
        n[2].Send(255, Frame(20));
        h.Settle();
        Assert.Equal([0], n[1].Drain().Select(d => (int)d[1]));        // hears its group only
        Assert.Equal([2], n[3].Drain().Select(d => (int)d[1]));
        Assert.Equal([0, 2], n[4].Drain().Select(d => (int)d[1]).Order()); // named in no group: hears both
        Assert.Equal(4, h.Server.Stats.Dropped(DropReason.Partition)); // 0->2, 0->3, 2->0, 2->1

        Assert.StartsWith("ok", h.Server.Execute("heal"), StringComparison.Ordinal);
        n[0].Send(2, Frame(20));
        h.Settle();
        Assert.Single(n[2].Drain());
    }

    [Fact]
    public void An_isolated_node_neither_hears_nor_is_heard()
    {
        using var h = new EtherHarness();
        RawBoard a = h.Board(0), b = h.Board(1), c = h.Board(2);
        h.Server.Execute("isolate 1");
        a.Send(255, Frame(20));
        b.Send(255, Frame(20));
        h.Settle();
        Assert.Empty(b.Drain(50));
        Assert.Equal([0], c.Drain().Select(d => (int)d[1]));
        Assert.Equal(3, h.Server.Stats.Dropped(DropReason.Isolated));
    }

    [Fact]
    public void Full_loss_drops_every_copy_and_link_loss_affects_only_its_link_both_ways()
    {
        using var h = new EtherHarness();
        RawBoard a = h.Board(0), b = h.Board(1), c = h.Board(2);
        h.Server.Execute("loss 100");
        a.Send(255, Frame(20));
        h.Settle();
        Assert.Empty(b.Drain(50));
        Assert.Empty(c.Drain(50));
        Assert.Equal(2, h.Server.Stats.Dropped(DropReason.Loss));

        h.Server.Execute("loss 0");
        h.Server.Execute("loss 1 0 100");
        a.Send(255, Frame(20));
        b.Send(0, Frame(20));
        h.Settle();
        Assert.Empty(b.Drain(50));
        Assert.Single(c.Drain());
        Assert.Empty(a.Drain(50));
        Assert.Equal(4, h.Server.Stats.Dropped(DropReason.Loss));
    }

    [Fact]
    public void Partial_loss_drops_about_that_share_and_the_same_seed_drops_the_same_frames()
    {
        static HashSet<int> Survivors(int seed)
        {
            using var h = new EtherHarness(seed);
            RawBoard a = h.Board(0), b = h.Board(1);
            h.Server.Execute("loss 30");
            // One sender and the ether's single receive thread: the draws happen in the order the frames were sent.
            // Batches keep the burst within the sockets' receive buffers.
            for (int i = 0; i < 400; i++)
            {
                a.Send(1, Numbered(i));
                if (i % 50 == 49) h.Settle();
            }

            return b.Drain().Select(d => d[3] | d[4] << 8).ToHashSet();
        }

        HashSet<int> first = Survivors(11);
        Assert.InRange(first.Count, 400 * 0.6, 400 * 0.8);
        Assert.Equal(first, Survivors(11));
        Assert.NotEqual(first, Survivors(12));
    }

    [Fact]
    public void Duplication_delivers_each_copy_twice()
    {
        using var h = new EtherHarness();
        RawBoard a = h.Board(0), b = h.Board(1);
        h.Server.Execute("dup 100");
        a.Send(1, Frame(20));
        h.Settle();
        Assert.Equal(2, b.Drain().Count);
        Assert.Equal(1, h.Server.Stats.Duplicated);
    }

    [Fact]
    public void The_delay_line_is_bounded_and_counts_what_it_refuses()
    {
        using var h = new EtherHarness(maxPending: 3);
        RawBoard a = h.Board(0), b = h.Board(1);
        h.Server.Execute("delay 300");
        for (int i = 0; i < 5; i++) a.Send(1, Numbered(i));
        h.Settle();
        Assert.Equal(3, b.Drain().Count);
        Assert.Equal(2, h.Server.Stats.Dropped(DropReason.QueueFull));
    }

    [Fact]
    public void Jitter_keeps_every_copy()
    {
        using var h = new EtherHarness();
        RawBoard a = h.Board(0), b = h.Board(1);
        h.Server.Execute("delay 2 20");
        for (int i = 0; i < 50; i++) a.Send(1, Numbered(i));
        h.Settle();
        Assert.Equal(Enumerable.Range(0, 50), b.Drain().Select(d => d[3] | d[4] << 8).Order());
    }

    [Theory]
    [InlineData("loss 101")]
    [InlineData("loss -1")]
    [InlineData("loss 1 2")]
    [InlineData("loss 300 1 5")]
    [InlineData("delay x")]
    [InlineData("delay 20000")]
    [InlineData("partition 0,1")]
    [InlineData("partition 0,1-1,2")]
    [InlineData("partition 0,a-2")]
    [InlineData("isolate 255")]
    [InlineData("dup")]
    [InlineData("heal now")]
    [InlineData("explode")]
    [InlineData("")]
    public void Bad_commands_answer_an_error_and_change_nothing(string command)
    {
        using var h = new EtherHarness();
        string before = h.Server.Execute("status");
        string answer = h.Server.Execute(command);
        Assert.StartsWith("error: ", answer, StringComparison.Ordinal);
        Assert.Equal(before, h.Server.Execute("status"));
    }

    [Fact]
    public void The_control_port_answers_commands_over_udp()
    {
        using var h = new EtherHarness(seed: 99);
        using var client = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        client.Client.ReceiveTimeout = 5000;
        string Ask(string command)
        {
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(command);
            client.Send(bytes, bytes.Length, h.Server.ControlEndPoint);
            System.Net.IPEndPoint? from = null;
            return System.Text.Encoding.UTF8.GetString(client.Receive(ref from)).TrimEnd('\n');
        }

        Assert.Equal("ok seed=99 loss=5% links=[] delay=10+4ms dup=0% partition=none isolated=none",
            (Ask("loss 5"), Ask("delay 10 4")).Item2);
        Assert.Equal("ok seed=99 loss=5% links=[0-3:50%] delay=10+4ms dup=0% partition=2,0-1,3,4 isolated=none",
            (Ask("loss 3 0 50"), Ask("partition 2,0-1,3,4")).Item2);
        Assert.StartsWith("ok frames=0 broadcast=0 delivered=0", Ask("stats"), StringComparison.Ordinal);
        Assert.StartsWith("error: unknown command 'fly'", Ask("fly"), StringComparison.Ordinal);
    }
}
