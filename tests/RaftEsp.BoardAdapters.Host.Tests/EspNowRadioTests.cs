using nanoFramework.EspNow;

namespace RaftEsp.BoardAdapters.Host.Tests;

/// <summary>The ESP-NOW radio's own logic (peers, routing, filtering, counting) over a stand-in controller.</summary>
public sealed class EspNowRadioTests : IDisposable
{
    private static readonly byte[] Members = { 0, 1, 2 };
    private const int Collector = 9;
    private readonly AutoResetEvent arrived = new(false);

    public void Dispose() => arrived.Dispose();

    private static byte[] Mac(int id) => new byte[] { 0x24, 0x6F, 0x28, 0, 0, (byte)id };

    private static PeerTable Table(params int[] ids)
    {
        PeerTable table = new();
        foreach (int id in ids) Assert.Equal(AdapterSettingsError.None, table.Add(id, Mac(id)));
        return table;
    }

    private EspNowRadio Started(out EspNowController controller, int ownId = 1, int channel = 6)
    {
        EspNowRadio radio = new(Table(0, 1, 2, Collector), channel, new FrameInbox(4, FrameLimits.MaxFrameBytes, arrived));
        Assert.Equal(RadioStartError.None, radio.Start(Members, Collector, ownId));
        controller = EspNowController.Last!;
        return radio;
    }

    [Fact]
    public void Registers_broadcast_and_every_other_board_on_the_configured_channel()
    {
        using EspNowRadio radio = Started(out EspNowController controller, ownId: 1, channel: 6);
        Assert.Equal(
            new[] { "FF:FF:FF:FF:FF:FF", "24:6F:28:00:00:00", "24:6F:28:00:00:02", "24:6F:28:00:00:09" },
            controller.Peers.Select(p => MacAddress.Format(p.Mac)).ToArray());
        Assert.All(controller.Peers, p => Assert.Equal(6, p.Channel));
    }

    [Fact]
    public void A_member_or_the_collector_without_an_address_stops_the_start()
    {
        FrameInbox inbox = new(4, FrameLimits.MaxFrameBytes, arrived);
        Assert.Equal(RadioStartError.MissingPeer, new EspNowRadio(Table(0, 1, 2), 0, inbox).Start(Members, Collector, 1));
        Assert.Equal(RadioStartError.MissingPeer, new EspNowRadio(Table(0, 1, Collector), 0, inbox).Start(Members, Collector, 1));
        // Its own address is not needed: the collector's table may leave itself out.
        Assert.Equal(RadioStartError.None, new EspNowRadio(Table(0, 1, 2), 0, inbox).Start(Members, Collector, Collector));
    }

    [Fact]
    public void A_controller_that_cannot_start_is_reported_as_such()
    {
        EspNowController.FailNextInit = true;
        EspNowRadio radio = new(Table(0, 1, 2, Collector), 0, new FrameInbox(4, FrameLimits.MaxFrameBytes, arrived));
        Assert.Equal(RadioStartError.EspNowInitFailed, radio.Start(Members, Collector, 1));
        Assert.False(radio.Send(0, new byte[10], 10));
    }

    [Fact]
    public void A_listed_board_outside_the_founders_is_registered_when_first_sent_to_and_once()
    {
        // Board 5 is a spare: listed (mac-5), not a founder. A node registers it only once a change added it to the
        // configuration and Raft sends it a frame; ESP-NOW's 20-peer limit holds because the table holds 19 at most.
        EspNowRadio radio = new(Table(0, 1, 2, 5, Collector), 0, new FrameInbox(4, FrameLimits.MaxFrameBytes, arrived));
        Assert.Equal(RadioStartError.None, radio.Start(Members, Collector, 1));
        EspNowController controller = EspNowController.Last!;
        Assert.DoesNotContain(controller.Peers, p => p.Mac[5] == 5);
        Assert.Equal(3, radio.RegisteredPeers); // 0, 2 and the collector
        Assert.True(radio.Send(5, new byte[] { 9 }, 1));
        Assert.True(radio.Send(5, new byte[] { 8 }, 1));
        Assert.Single(controller.Peers, p => p.Mac[5] == 5);
        Assert.Equal(4, radio.RegisteredPeers);
        Assert.Equal(2, controller.Sent.Count(x => x.Mac[5] == 5));
        radio.Dispose();
    }

    [Fact]
    public void The_collector_registers_every_listed_board_at_start_since_it_polls_joiners_too()
    {
        EspNowRadio radio = new(Table(0, 1, 2, 5, 6), 0, new FrameInbox(4, FrameLimits.MaxFrameBytes, arrived));
        Assert.Equal(RadioStartError.None, radio.Start(Members, Collector, Collector));
        Assert.Equal(5, radio.RegisteredPeers);
        Assert.Equal(6, EspNowController.Last!.Peers.Count); // and the broadcast address
        radio.Dispose();
    }

    [Fact]
    public void Unicast_goes_to_the_peer_address_and_broadcast_to_all_ones()
    {
        using EspNowRadio radio = Started(out EspNowController controller);
        Assert.True(radio.Send(2, new byte[] { 1, 2, 3, 4 }, 3));
        Assert.True(radio.Send(NodeId.Broadcast, new byte[] { 5 }, 1));
        Assert.Equal("24:6F:28:00:00:02", MacAddress.Format(controller.Sent[0].Mac));
        Assert.Equal(new byte[] { 1, 2, 3 }, controller.Sent[0].Data);
        Assert.True(MacAddress.IsBroadcast(controller.Sent[1].Mac));
    }

    [Fact]
    public void Frames_it_cannot_carry_are_refused_and_a_full_queue_is_counted()
    {
        using EspNowRadio radio = Started(out EspNowController controller);
        Assert.False(radio.Send(7, new byte[10], 10), "node 7 has no address");
        Assert.False(radio.Send(2, new byte[FrameLimits.MaxFrameBytes + 1], FrameLimits.MaxFrameBytes + 1));
        Assert.False(radio.Send(2, new byte[10], 0));
        controller.QueueFull = true;
        Assert.False(radio.Send(2, new byte[10], 10));
        Assert.Equal(1, radio.SendFailures);
        Assert.Empty(controller.Sent);
    }

    [Fact]
    public void Frames_from_the_cluster_reach_the_app_and_strangers_are_dropped()
    {
        using EspNowRadio radio = Started(out EspNowController controller);
        controller.Receive(new byte[] { 0xAA, 0xBB, 0xCC, 0, 0, 1 }, new byte[] { 9, 9 });
        Assert.Equal(1, radio.UnknownSenders);
        Assert.False(arrived.WaitOne(0));

        controller.Receive(Mac(0), new byte[] { 7, 8, 9 });
        Assert.True(arrived.WaitOne(0));
        byte[] buffer = new byte[FrameLimits.MaxFrameBytes];
        Assert.Equal(3, radio.Receive(buffer));
        Assert.Equal(new byte[] { 7, 8, 9 }, buffer[..3]);
        Assert.Equal(0, radio.Receive(buffer));
    }

    [Fact]
    public void Failed_link_layer_deliveries_are_counted()
    {
        using EspNowRadio radio = Started(out EspNowController controller);
        controller.Report(Mac(2), EspNowSendStatus.Success);
        controller.Report(Mac(2), EspNowSendStatus.Fail);
        Assert.Equal(1, radio.DeliveryFailures);
    }

    [Fact]
    public void Dispose_stops_the_controller_and_sending()
    {
        EspNowRadio radio = Started(out EspNowController controller);
        radio.Dispose();
        Assert.True(controller.Disposed);
        Assert.False(radio.Send(2, new byte[10], 10));
    }
}
