using System.Net;
using RaftEsp.Ether;
using RaftEsp.Host;

namespace RaftEsp.Cluster.Tests;

/// <summary>The board-side radio adapter against a real ether.</summary>
public class EtherRadioTests
{
    [Fact]
    public void Two_radios_exchange_frames_through_the_ether_and_an_oversized_frame_is_refused_and_reported()
    {
        using var h = new EtherHarness();
        using var a = new EtherRadio(0, h.Server.RadioEndPoint);
        using var b = new EtherRadio(1, h.Server.RadioEndPoint);
        Waits.Until(() => h.Server.Nodes.Count == 2, "both radios registered");

        byte[] frame = Enumerable.Range(0, 250).Select(i => (byte)i).ToArray();
        Assert.True(a.Send(1, frame, 250));
        Assert.True(b.WaitForFrame(5000));
        byte[] buffer = new byte[250];
        Assert.Equal(250, b.Receive(buffer));
        Assert.Equal(frame, buffer);
        Assert.Equal(0, b.Receive(buffer));

        Assert.False(a.Send(1, new byte[251], 251));
        Assert.Equal(1, a.Refused);
        Waits.Until(() => h.Server.Stats.Dropped(DropReason.Oversize) == 1, "the ether counted the oversized frame");
        Assert.False(a.Send(300, frame, 10)); // not a node id
    }

    [Fact]
    public void WaitForFrame_returns_false_when_nothing_arrives()
    {
        using var h = new EtherHarness();
        using var a = new EtherRadio(0, h.Server.RadioEndPoint);
        Assert.False(a.WaitForFrame(20));
    }

    [Fact]
    public void A_radio_without_an_ether_loses_its_frames_without_failing()
    {
        using var nobody = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var absent = (IPEndPoint)nobody.Client.LocalEndPoint!;
        nobody.Dispose();
        using var a = new EtherRadio(0, absent);
        Assert.True(a.Send(255, new byte[20], 20)); // handed to the air; nobody hears it
    }
}
