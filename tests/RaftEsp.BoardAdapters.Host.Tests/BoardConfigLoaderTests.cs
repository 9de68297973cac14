namespace RaftEsp.BoardAdapters.Host.Tests;

/// <summary>
/// The configuration loader against the apps' real BoardConfig (compiled in once firmware/RaftEsp.Apps.Shared has
/// Config/BoardConfig.cs, see the .csproj), and the texts compiled into the two firmwares.
/// </summary>
public sealed class BoardConfigLoaderTests : IDisposable
{
    private const string Member =
        "# node 1\n" +
        "node-id=1\n" +
        "members=0,1,2\n" +
        "server-node=0\n" +
        "collector-id=9\n" +
        "cluster-id=7\n" +
        "cluster-key=000102030405060708090a0b0c0d0e0f\n" +
        "mac-0=24:6F:28:AA:BB:00\n" +
        "mac-1=24:6F:28:AA:BB:01\n" +
        "mac-2=24:6F:28:AA:BB:02\n" +
        "espnow-channel=6\n" +
        "radio=espnow\n";

    private readonly string folder = Path.Combine(Path.GetTempPath(), "raftesp-conf-" + Guid.NewGuid().ToString("N"));

    public BoardConfigLoaderTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_member_file_with_adapter_lines_is_accepted_whole()
    {
        LoadedConfig loaded = BoardConfigLoader.FromText(Member, "test");
        Assert.True(loaded.Accepted, loaded.ErrorText);
        Assert.Equal(1, loaded.Config.NodeId);
        Assert.Equal(new byte[] { 0, 1, 2 }, loaded.Config.Members);
        Assert.Equal(7, loaded.Config.ClusterId);
        Assert.Equal(3, loaded.Adapter.Peers.Count);
        Assert.Equal(6, loaded.Adapter.EspNowChannel);
    }

    [Fact]
    public void An_apps_error_names_the_line_of_the_original_file()
    {
        LoadedConfig loaded = BoardConfigLoader.FromText(Member + "colour=blue\n", "I:\\raftesp.conf");
        Assert.False(loaded.Accepted);
        Assert.Equal(ErrorFamily.Config, loaded.ErrorFamily);
        Assert.Equal((int)BoardConfigError.UnknownKey, loaded.ErrorCode);
        Assert.Contains("line 13", loaded.ErrorText, StringComparison.Ordinal);
    }

    [Fact]
    public void An_adapter_error_comes_first_with_its_line()
    {
        LoadedConfig loaded = BoardConfigLoader.FromText(Member.Replace("mac-2=24:6F:28:AA:BB:02", "mac-2=24:6F:28:AA:BB", StringComparison.Ordinal), "test");
        Assert.Equal(ErrorFamily.AdapterSettings, loaded.ErrorFamily);
        Assert.Equal((int)AdapterSettingsError.BadPeerMac, loaded.ErrorCode);
        Assert.Contains("line 10", loaded.ErrorText, StringComparison.Ordinal);
    }

    [Fact]
    public void The_board_checks_apply_the_UDP_radio_needs_Wi_Fi()
    {
        LoadedConfig loaded = BoardConfigLoader.FromText(Member.Replace("radio=espnow", "radio=udp", StringComparison.Ordinal), "test");
        Assert.Equal(ErrorFamily.Config, loaded.ErrorFamily);
        Assert.Equal((int)BoardConfigError.MissingWifi, loaded.ErrorCode);
    }

    [Fact]
    public void The_file_wins_over_the_built_in_text_and_a_missing_file_falls_back_to_it()
    {
        string path = Path.Combine(folder, BoardConfigLoader.FileName);
        File.WriteAllText(path, Member.Replace("node-id=1", "node-id=2", StringComparison.Ordinal));

        LoadedConfig fromFile = BoardConfigLoader.Load(path, Member);
        Assert.True(fromFile.Accepted, fromFile.ErrorText);
        Assert.Equal(path, fromFile.Source);
        Assert.Equal(2, fromFile.Config.NodeId);

        LoadedConfig builtIn = BoardConfigLoader.Load(Path.Combine(folder, "absent.conf"), Member);
        Assert.Equal(BoardConfigLoader.BuiltInSource, builtIn.Source);
        Assert.Equal(1, builtIn.Config.NodeId);
    }

    [Fact]
    public void An_oversized_file_is_refused_before_parsing()
    {
        string path = Path.Combine(folder, BoardConfigLoader.FileName);
        File.WriteAllText(path, Member + new string('#', BoardConfigLoader.MaxFileBytes));
        LoadedConfig loaded = BoardConfigLoader.Load(path, Member);
        Assert.False(loaded.Accepted);
        Assert.Equal(ErrorFamily.AdapterSettings, loaded.ErrorFamily);
        Assert.Equal((int)AdapterSettingsError.UnreadableFile, loaded.ErrorCode);
    }

    [Fact]
    public void The_node_firmware_default_is_well_formed_and_asks_only_for_Wi_Fi()
    {
        Assert.Equal((int)BoardConfigError.MissingWifi, BoardConfigLoader.FromText(RaftEsp.Node.DefaultConfig.Text, "built-in").ErrorCode);
        LoadedConfig filled = BoardConfigLoader.FromText(RaftEsp.Node.DefaultConfig.Text.Replace("wifi-ssid=\n", "wifi-ssid=lab\n", StringComparison.Ordinal), "built-in");
        Assert.True(filled.Accepted, filled.ErrorText);
        Assert.False(filled.Config.IsCollector);
    }

    [Fact]
    public void The_collector_firmware_default_is_well_formed_and_asks_only_for_Wi_Fi()
    {
        string text = RaftEsp.Collector.DefaultConfig.Text;
        Assert.Equal((int)BoardConfigError.MissingWifi, BoardConfigLoader.FromText(text, "built-in").ErrorCode);
        text = text.Replace("wifi-ssid=\n", "wifi-ssid=lab\n", StringComparison.Ordinal);
        LoadedConfig filled = BoardConfigLoader.FromText(text, "built-in");
        Assert.True(filled.Accepted, filled.ErrorText);
        Assert.True(filled.Config.IsCollector);
    }
}
