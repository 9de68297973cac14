namespace RaftEsp.BoardAdapters.Host.Tests;

public class AdapterSettingsTests
{
    private const string Config =
        "# node 1 of a three-board cluster\n" +
        "node-id=1\n" +
        "members=0,1,2\n" +
        "mac-0=24:6F:28:AA:BB:00\n" +
        "mac-1 = 24:6F:28:AA:BB:01\r\n" +
        "MAC-2=24:6f:28:aa:bb:02\n" +
        "espnow-channel=6\n" +
        "led-active-low=true\n" +
        "udp-broadcast=192.168.4.255\n" +
        "radio=espnow\n";

    [Fact]
    public void Takes_the_adapter_lines_and_leaves_the_rest_in_place()
    {
        AdapterSettings settings = new();
        Assert.Equal(AdapterSettingsError.None, AdapterSettings.Extract(Config, settings));

        Assert.Equal(3, settings.Peers.Count);
        Assert.Equal("24:6F:28:AA:BB:02", MacAddress.Format(settings.Peers.MacOf(2)!));
        Assert.Equal(6, settings.EspNowChannel);
        Assert.True(settings.LedActiveLow);
        Assert.Equal("192.168.4.255", settings.UdpBroadcastAddress);

        string[] lines = settings.AppText.Split('\n');
        Assert.Equal("# node 1 of a three-board cluster", lines[0]);
        Assert.Equal("node-id=1", lines[1]);
        Assert.Equal("members=0,1,2", lines[2]);
        Assert.Equal(string.Empty, lines[3]);
        Assert.Equal(string.Empty, lines[8]);
        Assert.Equal("radio=espnow", lines[9]);
        Assert.DoesNotContain("mac-", settings.AppText, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Defaults_hold_when_the_file_has_no_adapter_lines()
    {
        AdapterSettings settings = new();
        Assert.Equal(AdapterSettingsError.None, AdapterSettings.Extract("node-id=0\nradio=udp", settings));
        Assert.Equal(0, settings.Peers.Count);
        Assert.Equal(0, settings.EspNowChannel);
        Assert.False(settings.LedActiveLow);
        Assert.Equal("255.255.255.255", settings.UdpBroadcastAddress);
        Assert.Equal("node-id=0\nradio=udp\n", settings.AppText);
    }

    [Theory]
    [InlineData("mac-1=24:6F:28:AA:BB\n", AdapterSettingsError.BadPeerMac)]
    [InlineData("mac-1=FF:FF:FF:FF:FF:FF\n", AdapterSettingsError.BadPeerMac)]
    [InlineData("mac-x=24:6F:28:AA:BB:01\n", AdapterSettingsError.BadPeerId)]
    [InlineData("mac-300=24:6F:28:AA:BB:01\n", AdapterSettingsError.BadPeerId)]
    [InlineData("mac-1=24:6F:28:AA:BB:01\nmac-1=24:6F:28:AA:BB:02\n", AdapterSettingsError.DuplicatePeer)]
    [InlineData("espnow-channel=15\n", AdapterSettingsError.BadChannel)]
    [InlineData("espnow-channel=1\nespnow-channel=2\n", AdapterSettingsError.DuplicateKey)]
    [InlineData("led-active-low=sometimes\n", AdapterSettingsError.BadBoolean)]
    [InlineData("udp-broadcast=192.168.1\n", AdapterSettingsError.BadBroadcastAddress)]
    public void Refuses_a_bad_adapter_line(string text, AdapterSettingsError expected)
    {
        Assert.Equal(expected, AdapterSettings.Extract("node-id=1\n" + text, new AdapterSettings()));
    }

    [Fact]
    public void Reports_the_line_of_the_first_bad_adapter_line()
    {
        AdapterSettings settings = new();
        AdapterSettingsError error = AdapterSettings.Extract("node-id=1\nmac-0=24:6F:28:AA:BB:00\n\nmac-2=nonsense\n", settings);
        Assert.Equal(AdapterSettingsError.BadPeerMac, error);
        Assert.Equal(4, settings.ErrorLine);
        Assert.Equal("BadPeerMac", AdapterSettingsErrors.Name(error));
    }

    [Fact]
    public void Commented_out_adapter_lines_stay_comments_for_the_apps()
    {
        AdapterSettings settings = new();
        Assert.Equal(AdapterSettingsError.None, AdapterSettings.Extract("# mac-1=24:6F:28:AA:BB:01\n", settings));
        Assert.Equal(0, settings.Peers.Count);
        Assert.Equal("# mac-1=24:6F:28:AA:BB:01\n", settings.AppText);
    }
}
