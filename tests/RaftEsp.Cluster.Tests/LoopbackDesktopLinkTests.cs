using System.Net;
using System.Net.Sockets;
using RaftEsp.Host;

namespace RaftEsp.Cluster.Tests;

/// <summary>The collector's UDP link: replies go only where an authentic hello came from.</summary>
public class LoopbackDesktopLinkTests
{
    private const byte AuthenticHello = 0xAA;

    [Fact]
    public void Replies_follow_the_sender_of_the_last_authentic_hello_and_strangers_cannot_redirect_them()
    {
        using var link = new LoopbackDesktopLink(new IPEndPoint(IPAddress.Loopback, 0), (d, n) => n == 1 && d[0] == AuthenticHello);
        using var desktop = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var stranger = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        desktop.Client.ReceiveTimeout = stranger.Client.ReceiveTimeout = 500;
        byte[] buffer = new byte[64];

        Assert.False(link.Send([1, 2, 3], 3)); // nobody known yet
        desktop.Send([AuthenticHello], 1, link.LocalEndPoint);
        Waits.Until(() => link.Receive(buffer) == 1, "the hello is read");
        Assert.Equal(desktop.Client.LocalEndPoint, link.Desktop);

        stranger.Send([0x55], 1, link.LocalEndPoint);
        Waits.Until(() => link.Receive(buffer) == 1, "the stranger's datagram is read");
        Assert.Equal(desktop.Client.LocalEndPoint, link.Desktop);

        Assert.True(link.Send([1, 2, 3], 3));
        IPEndPoint? from = null;
        Assert.Equal([1, 2, 3], desktop.Receive(ref from));
        Assert.Throws<SocketException>(() => stranger.Receive(ref from));
    }

    [Fact]
    public void A_datagram_longer_than_the_reader_buffer_is_dropped_and_counted()
    {
        using var link = new LoopbackDesktopLink(new IPEndPoint(IPAddress.Loopback, 0), (_, _) => false);
        using var desktop = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        desktop.Send(new byte[100], 100, link.LocalEndPoint);
        desktop.Send(new byte[10], 10, link.LocalEndPoint);
        byte[] small = new byte[50];
        int n = 0;
        Waits.Until(() => (n = link.Receive(small)) > 0, "the short datagram is read");
        Assert.Equal(10, n);
        Assert.Equal(1, link.Dropped);
    }
}
