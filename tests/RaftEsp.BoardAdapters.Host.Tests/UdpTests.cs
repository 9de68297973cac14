#nullable enable
using System.Net;
using System.Net.Sockets;

namespace RaftEsp.BoardAdapters.Host.Tests;

/// <summary>The UDP radio and desktop link on loopback only (127.0.0.1): bounded, no other address is touched.</summary>
public sealed class UdpTests : IDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);
    private readonly AutoResetEvent arrived = new(false);

    public void Dispose() => arrived.Dispose();

    private static int FreeLoopbackPort()
    {
        using Socket probe = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private static byte[] ReceiveFrom(UdpClient client)
    {
        client.Client.ReceiveTimeout = (int)Guard.TotalMilliseconds;
        IPEndPoint from = new(IPAddress.Any, 0);
        return client.Receive(ref from);
    }

    [Fact]
    public void The_desktop_link_replies_to_the_sender_and_streams_only_to_the_attached_desktop()
    {
        DatagramInbox inbox = new(4, 512, arrived);
        using WifiDesktopLink link = new(0, inbox);
        Assert.True(link.Start(IPAddress.Loopback));
        Assert.False(link.Send(new byte[] { 1 }, 1), "nobody attached: nowhere to stream");
        Assert.False(link.Reply(new byte[] { 1 }, 1), "nothing received: nobody to answer");
        IPEndPoint board = new(IPAddress.Loopback, link.LocalPort);

        using UdpClient desktop = new(new IPEndPoint(IPAddress.Loopback, 0));
        using UdpClient stranger = new(new IPEndPoint(IPAddress.Loopback, 0));
        desktop.Send(new byte[] { 7, 8, 9 }, 3, board);
        Assert.True(arrived.WaitOne(Guard));
        while (inbox.Count < 1) Thread.Sleep(1);
        stranger.Send(new byte[] { 6 }, 1, board); // arrives after, but is read second
        while (inbox.Count < 2) Thread.Sleep(1);

        byte[] buffer = new byte[512];
        Assert.Equal(3, link.Receive(buffer));
        Assert.Equal(new byte[] { 7, 8, 9 }, buffer[..3]);
        Assert.True(link.Reply(new byte[] { 4 }, 1));
        Assert.Equal(new byte[] { 4 }, ReceiveFrom(desktop)); // the reply goes to the datagram's own sender, not the latest one
        link.AttachLastSender();
        Assert.True(link.HasDesktop);

        Assert.Equal(1, link.Receive(buffer));
        Assert.True(link.Reply(new byte[] { 5 }, 1));
        Assert.Equal(new byte[] { 5 }, ReceiveFrom(stranger));
        Assert.True(link.Send(new byte[] { 2, 3 }, 2));
        Assert.Equal(new byte[] { 2, 3 }, ReceiveFrom(desktop)); // the stream stays with the attached desktop
    }

    [Fact]
    public void A_datagram_longer_than_the_inbox_takes_is_handed_over_as_too_long()
    {
        DatagramInbox inbox = new(4, 16, arrived);
        using WifiDesktopLink link = new(0, inbox);
        Assert.True(link.Start(IPAddress.Loopback));
        using UdpClient monitor = new(new IPEndPoint(IPAddress.Loopback, 0));
        IPEndPoint board = new(IPAddress.Loopback, link.LocalPort);

        monitor.Send(new byte[17], 17, board);
        monitor.Send(new byte[] { 42 }, 1, board);
        while (inbox.Count < 2) Thread.Sleep(1);
        byte[] buffer = new byte[16];
        Assert.Equal(RaftEsp.Apps.DesktopProtocol.TooLongForLink, link.Receive(buffer));
        Assert.Equal(1, link.Receive(buffer));
        Assert.Equal(42, buffer[0]);
        Assert.Equal(0, link.Receive(buffer));
    }

    [Fact]
    public void The_UDP_radio_carries_a_frame_to_every_board_on_the_port()
    {
        int port = FreeLoopbackPort();
        FrameInbox inbox = new(4, FrameLimits.MaxFrameBytes, arrived);
        using WifiUdpRadio radio = new(port, "127.0.0.1", inbox);
        Assert.Equal(RadioStartError.None, radio.Start());

        byte[] frame = new byte[FrameLimits.MaxFrameBytes];
        for (int i = 0; i < frame.Length; i++) frame[i] = (byte)i;
        Assert.True(radio.Send(NodeId.Broadcast, frame, frame.Length));
        Assert.True(arrived.WaitOne(Guard));
        byte[] buffer = new byte[FrameLimits.MaxFrameBytes];
        Assert.Equal(frame.Length, radio.Receive(buffer));
        Assert.Equal(frame, buffer);
    }

    [Fact]
    public void The_UDP_radio_refuses_frames_the_ESP_NOW_radio_could_not_carry()
    {
        FrameInbox inbox = new(4, FrameLimits.MaxFrameBytes, arrived);
        using WifiUdpRadio radio = new(FreeLoopbackPort(), "127.0.0.1", inbox);
        Assert.Equal(RadioStartError.None, radio.Start());

        Assert.False(radio.Send(1, new byte[FrameLimits.MaxFrameBytes + 1], FrameLimits.MaxFrameBytes + 1));
        Assert.False(radio.Send(1, new byte[10], 0));
        Assert.False(radio.Send(1, new byte[10], 11));
        Assert.False(radio.Send(256, new byte[10], 10));
        Assert.False(radio.Send(-1, new byte[10], 10));
        Assert.True(radio.Send(3, new byte[10], 10));
    }

    [Fact]
    public void A_radio_on_a_port_already_taken_reports_the_socket_failure()
    {
        using Socket taken = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        taken.Bind(new IPEndPoint(IPAddress.Any, 0));
        int port = ((IPEndPoint)taken.LocalEndPoint!).Port;
        FrameInbox inbox = new(4, FrameLimits.MaxFrameBytes, arrived);
        using WifiUdpRadio radio = new(port, "127.0.0.1", inbox);
        Assert.Equal(RadioStartError.SocketFailed, radio.Start());
        Assert.False(radio.Send(NodeId.Broadcast, new byte[10], 10));
    }
}

public class HostAddressTests
{
    [Fact]
    public void A_dotted_address_is_taken_as_it_is()
    {
        Assert.Equal(System.Net.IPAddress.Parse("192.168.1.20"), HostAddress.Resolve("192.168.1.20"));
    }

    [Fact]
    public void A_name_resolves_to_an_IPv4_address()
    {
        System.Net.IPAddress? address = HostAddress.Resolve("localhost");
        Assert.NotNull(address);
        Assert.Equal(System.Net.Sockets.AddressFamily.InterNetwork, address!.AddressFamily);
    }

    [Fact]
    public void No_host_means_no_address()
    {
        Assert.Null(HostAddress.Resolve(string.Empty));
    }
}
