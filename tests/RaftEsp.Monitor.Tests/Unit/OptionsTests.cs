using System.Net;
using RaftEsp.Monitor.Options;

namespace RaftEsp.Monitor.Tests.Unit;

public sealed class OptionsTests
{
    [Fact]
    public void No_options_mean_a_virtual_cluster_of_five_on_loopback_5080()
    {
        Assert.True(MonitorCommandLine.TryParse(Array.Empty<string>(), out MonitorOptions? o, out string error), error);
        Assert.True(o!.IsVirtual);
        Assert.Equal(5, o.Boards);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 5080), o.Http);
        Assert.False(o.Tui);
        Assert.Equal(0, o.MaxMembers);
        Assert.Equal(TimeSpan.FromSeconds(30), o.MembershipTimeout);
    }

    [Fact]
    public void Max_members_and_the_membership_timeout_are_taken()
    {
        Assert.True(MonitorCommandLine.TryParse(new[] { "--max-members", "9", "--membership-timeout", "45" }, out MonitorOptions? o, out string error), error);
        Assert.Equal(9, o!.MaxMembers);
        Assert.Equal(TimeSpan.FromSeconds(45), o.MembershipTimeout);
    }

    [Theory]
    [InlineData("127.0.0.1:6000", "127.0.0.1", 6000)]
    [InlineData("http://localhost:6001/", "127.0.0.1", 6001)]
    [InlineData("[::1]:6002", "::1", 6002)]
    [InlineData("127.0.0.2", "127.0.0.2", 5080)]
    public void Loopback_http_addresses_are_accepted(string text, string address, int port)
    {
        Assert.True(HttpAddress.TryParse(text, false, out IPEndPoint e, out string error), error);
        Assert.Equal(IPAddress.Parse(address), e.Address);
        Assert.Equal(port, e.Port);
    }

    [Theory]
    [InlineData("0.0.0.0:5080")]
    [InlineData("192.168.1.10:5080")]
    [InlineData("[::]:5080")]
    public void A_non_loopback_http_address_needs_allow_remote(string text)
    {
        Assert.False(MonitorCommandLine.TryParse(new[] { "--http", text }, out _, out string error));
        Assert.Contains("--allow-remote", error, StringComparison.Ordinal);
        Assert.True(MonitorCommandLine.TryParse(new[] { "--http", text, "--allow-remote" }, out MonitorOptions? o, out error), error);
        Assert.False(IPAddress.IsLoopback(o!.Http.Address));
    }

    [Theory]
    [InlineData("--http", "https://127.0.0.1:5080")]
    [InlineData("--http", "127.0.0.1:99999")]
    [InlineData("--http", "monitor.example:80")]
    [InlineData("--boards", "2")]
    [InlineData("--boards", "10")]
    [InlineData("--server-node", "5")]
    [InlineData("--client-id", "1")] // gone: the cluster gives the client id when the monitor registers
    [InlineData("--collector", "nowhere")]
    [InlineData("--cluster-key", "00112233445566778899aabbccddeeff")]
    [InlineData("--max-members", "4")]  // fewer than the 5 founders
    [InlineData("--max-members", "17")]
    [InlineData("--membership-timeout", "0")]
    public void Bad_options_are_refused_with_a_message(string option, string value)
    {
        Assert.False(MonitorCommandLine.TryParse(new[] { option, value }, out _, out string error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Real_collector_mode_needs_a_well_formed_key()
    {
        Assert.False(MonitorCommandLine.TryParse(new[] { "--collector", "192.168.4.1:5090" }, out _, out string error));
        Assert.Contains("cluster key", error, StringComparison.Ordinal);
        Assert.False(MonitorCommandLine.TryParse(new[] { "--collector", "192.168.4.1:5090", "--cluster-key", "xyz" }, out _, out _));
        Assert.True(MonitorCommandLine.TryParse(new[] { "--collector", "192.168.4.1:5090", "--cluster-key", "00112233445566778899AABBCCDDEEFF" }, out MonitorOptions? o, out error), error);
        Assert.False(o!.IsVirtual);
        Assert.Equal(0x00, o.ClusterKey![0]);
        Assert.Equal(0xFF, o.ClusterKey![15]);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.168.4.1"), 5090), o.Collector);
    }

    private static string WriteCollectorConfig(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), "raftesp-monitor-test-" + Guid.NewGuid().ToString("N") + ".conf");
        File.WriteAllText(path, text);
        return path;
    }

    private const string CollectorConfig =
        "node-id=200\nmembers=0,1,2,3,4,5,6\nserver-node=2\ncollector-id=200\ncluster-id=77\n" +
        "cluster-key=0f0e0d0c0b0a09080706050403020100\nwifi-ssid=lab\ndesktop-host=192.168.4.2\ndesktop-port=6100\n" +
        "mac-0=24:6F:28:AA:BB:00\nmac-200=24:6F:28:AA:BB:09\nespnow-channel=1\n";

    [Fact]
    public void A_collectors_own_configuration_file_gives_the_key_the_cluster_the_members_and_the_port()
    {
        string path = WriteCollectorConfig(CollectorConfig);
        try
        {
            Assert.True(MonitorCommandLine.TryParse(new[] { "--collector", "192.168.4.1:6100", "--config", path }, out MonitorOptions? o, out string error), error);
            Assert.Equal(77, o!.ClusterId);
            Assert.Equal(0x0f, o.ClusterKey![0]);
            Assert.Equal(7, o.Boards);
            Assert.Equal(2, o.ServerNode);
            Assert.Equal(6100, o.UdpPort);
            Assert.True(MonitorCommandLine.TryParse(new[] { "--collector", "192.168.4.1:6100", "--config", path, "--udp-port", "6200", "--cluster-id", "5" }, out o, out error), error);
            Assert.Equal((6200, 5), (o!.UdpPort, o.ClusterId));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_broken_board_configuration_is_refused_naming_the_problem()
    {
        string path = WriteCollectorConfig(CollectorConfig.Replace("cluster-key=0f0e", "cluster-key=zz0e", StringComparison.Ordinal));
        try
        {
            Assert.False(MonitorCommandLine.TryParse(new[] { "--collector", "192.168.4.1:6100", "--config", path }, out _, out string error));
            Assert.Contains("line 6", error, StringComparison.Ordinal);
            Assert.False(MonitorCommandLine.TryParse(new[] { "--config", path }, out _, out error));
            Assert.Contains("--collector", error, StringComparison.Ordinal);
            File.WriteAllText(path, CollectorConfig.Replace("mac-0=24:6F:28:AA:BB:00", "mac-0=24:6F", StringComparison.Ordinal));
            Assert.False(MonitorCommandLine.TryParse(new[] { "--collector", "192.168.4.1:6100", "--config", path }, out _, out error));
            Assert.Contains("line 10", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
