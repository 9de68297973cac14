using System.Net;
using System.Net.Sockets;
using RaftEsp.Apps;
using RaftEsp.Host;

namespace RaftEsp.Cluster.Tests;

/// <summary>The virtual collector's UDP link: replies go to each datagram's sender, the stream only to the attached desktop.</summary>
public class LoopbackDesktopLinkTests
{
    [Fact]
    public void A_reply_goes_to_the_sender_and_the_stream_only_to_the_desktop_the_app_attached()
    {
        using var link = new LoopbackDesktopLink(new IPEndPoint(IPAddress.Loopback, 0));
        using var desktop = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var stranger = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        desktop.Client.ReceiveTimeout = stranger.Client.ReceiveTimeout = 500;
        byte[] buffer = new byte[64];

        Assert.False(link.Send([1, 2, 3], 3)); // nobody attached yet
        desktop.Send([0xAA], 1, link.LocalEndPoint);
        Waits.Until(() => link.Receive(buffer) == 1, "the desktop's datagram is read");
        link.AttachLastSender();
        Assert.Equal(desktop.Client.LocalEndPoint, link.Desktop);

        stranger.Send([0x55], 1, link.LocalEndPoint);
        Waits.Until(() => link.Receive(buffer) == 1, "the stranger's datagram is read");
        Assert.True(link.Reply([9], 1));
        IPEndPoint? from = null;
        Assert.Equal([9], stranger.Receive(ref from));
        Assert.Equal(desktop.Client.LocalEndPoint, link.Desktop);

        Assert.True(link.Send([1, 2, 3], 3));
        Assert.Equal([1, 2, 3], desktop.Receive(ref from));
        Assert.Throws<SocketException>(() => stranger.Receive(ref from));
    }

    [Fact]
    public void A_datagram_longer_than_the_reader_buffer_is_handed_over_as_too_long()
    {
        using var link = new LoopbackDesktopLink(new IPEndPoint(IPAddress.Loopback, 0));
        using var desktop = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        desktop.Send(new byte[100], 100, link.LocalEndPoint);
        desktop.Send(new byte[10], 10, link.LocalEndPoint);
        byte[] small = new byte[50];
        int n = 0;
        Waits.Until(() => (n = link.Receive(small)) != 0, "the long datagram is read");
        Assert.Equal(DesktopProtocol.TooLongForLink, n);
        Waits.Until(() => (n = link.Receive(small)) != 0, "the short datagram is read");
        Assert.Equal(10, n);
    }
}
