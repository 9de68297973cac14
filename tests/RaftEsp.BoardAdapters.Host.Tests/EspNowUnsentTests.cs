using nanoFramework.EspNow;

namespace RaftEsp.BoardAdapters.Host.Tests;

/// <summary>
/// The ESP-NOW radio counts the frames it handed to ESP-NOW whose send callback has not come (IRadio.Unsent): what a
/// leader paces its appends by. Every frame taken gets exactly one callback, delivered or not.
/// </summary>
public sealed class EspNowUnsentTests : IDisposable
{
    private static readonly byte[] Members = { 0, 1, 2 };
    private const int Collector = 9;
    private readonly AutoResetEvent wake = new(false);

    public void Dispose() => wake.Dispose();

    private static byte[] Mac(int id) => new byte[] { 0x24, 0x6F, 0x28, 0, 0, (byte)id };

    private EspNowRadio Started(out EspNowController controller)
    {
        PeerTable table = new();
        foreach (int id in new[] { 0, 1, 2, Collector }) Assert.Equal(AdapterSettingsError.None, table.Add(id, Mac(id)));
        EspNowRadio radio = new(table, 0, new FrameInbox(4, FrameLimits.MaxFrameBytes, wake));
        Assert.Equal(RadioStartError.None, radio.Start(Members, Collector, 1));
        controller = EspNowController.Last!;
        return radio;
    }

    [Fact]
    public void Frames_count_as_unsent_until_their_send_callback_whatever_its_status()
    {
        using EspNowRadio radio = Started(out EspNowController controller);
        Assert.Equal(0, radio.Unsent);
        Assert.True(radio.Send(NodeId.Broadcast, new byte[] { 1 }, 1));
        Assert.True(radio.Send(2, new byte[] { 2 }, 1));
        Assert.Equal(2, radio.Unsent);

        controller.Report(MacAddress.NewBroadcast(), EspNowSendStatus.Success);
        Assert.Equal(1, radio.Unsent);
        controller.Report(Mac(2), EspNowSendStatus.Fail); // given up after the retries: done all the same
        Assert.Equal(0, radio.Unsent);
    }

    [Fact]
    public void A_frame_ESP_NOW_refuses_is_not_counted()
    {
        using EspNowRadio radio = Started(out EspNowController controller);
        controller.QueueFull = true;
        Assert.False(radio.Send(2, new byte[10], 10));
        Assert.False(radio.Send(7, new byte[10], 10), "node 7 has no address");
        Assert.Equal(0, radio.Unsent);
    }

    [Fact]
    public void The_last_send_callback_wakes_the_app_loop()
    {
        using EspNowRadio radio = Started(out EspNowController controller);
        Assert.True(radio.Send(0, new byte[] { 1 }, 1));
        Assert.True(radio.Send(2, new byte[] { 2 }, 1));
        controller.Report(Mac(0), EspNowSendStatus.Success);
        Assert.False(wake.WaitOne(0), "one frame is still unsent");
        controller.Report(Mac(2), EspNowSendStatus.Success);
        Assert.True(wake.WaitOne(0));
    }

    [Fact]
    public void A_send_callback_that_never_comes_does_not_hold_the_count_forever()
    {
        using EspNowRadio radio = Started(out EspNowController controller);
        Assert.True(radio.Send(2, new byte[] { 1 }, 1));
        Assert.Equal(1, radio.Unsent);
        Thread.Sleep((int)(EspNowRadio.StaleUnsentMicros / 1000) + 100);
        Assert.Equal(0, radio.Unsent);
        Assert.Equal(1, radio.LostSendCallbacks);

        // The missing callback comes after all: the count does not go below zero, and counting goes on from there.
        controller.Report(Mac(2), EspNowSendStatus.Success);
        Assert.Equal(0, radio.Unsent);
        Assert.True(radio.Send(2, new byte[] { 2 }, 1));
        Assert.Equal(1, radio.Unsent);
    }
}
