namespace RaftEsp.Apps.Tests;

public class BoardConfigTests
{
    private const string Minimal =
        "node-id=2\nmembers=0,1,2,3,4\nserver-node=0\ncollector-id=9\ncluster-key=000102030405060708090a0b0c0d0e0f\n";

    private static BoardConfig Parsed(string text)
    {
        var config = new BoardConfig();
        BoardConfigError error = BoardConfig.Parse(text, config);
        Assert.True(error == BoardConfigError.None, BoardConfigErrors.Name(error) + " at line " + config.ErrorLine);
        return config;
    }

    [Fact]
    public void A_minimal_file_parses_with_the_documented_defaults()
    {
        BoardConfig c = Parsed(Minimal);
        Assert.Equal(2, c.NodeId);
        Assert.Equal(new byte[] { 0, 1, 2, 3, 4 }, c.Members);
        Assert.Equal(0, c.ServerNode);
        Assert.Equal(9, c.CollectorId);
        Assert.Equal(Enumerable.Range(0, 16).Select(i => (byte)i).ToArray(), c.ClusterKey);
        Assert.Equal(1, c.ClusterId);
        Assert.Equal(5, c.DatabaseSlots);
        Assert.Equal(16, c.ClientSessions);
        Assert.Equal(10, c.TickMillis);
        Assert.Equal("udp", c.Radio);
        Assert.Equal(5700, c.DesktopPort);
        Assert.Equal(5701, c.RadioUdpPort);
        Assert.Equal(2, c.LedPin);
        Assert.False(c.Join);
        Assert.Equal(0, c.MaxMembers);
        Assert.False(c.IsServer);
        Assert.False(c.IsCollector);
        Assert.True(c.IsNode);
    }

    [Fact]
    public void Comments_blank_lines_spaces_and_crlf_are_accepted()
    {
        BoardConfig c = Parsed("# board 0\r\n\r\n  node-id = 0 \r\nmembers = 0, 1 ,2\r\nserver-node=0\r\ncollector-id=7\r\ncluster-key=FFEEDDCCBBAA99887766554433221100\r\nwifi-ssid=My Home Net\r\n");
        Assert.True(c.IsServer);
        Assert.Equal(new byte[] { 0, 1, 2 }, c.Members);
        Assert.Equal("My Home Net", c.WifiSsid);
        Assert.Equal(0xFF, c.ClusterKey[0]);
    }

    [Fact]
    public void Every_field_round_trips_through_ToText()
    {
        BoardConfig c = Parsed(Minimal + "cluster-id=513\nseed=4000000000\ndatabase-slots=64\nclient-sessions=255\ntick-millis=20\nradio=udp\nwifi-ssid=lab\nwifi-password=p=a#ss\ndesktop-host=192.168.1.20\ndesktop-port=6000\nradio-udp-port=6001\nled-pin=-1\npoll-gap-millis=50\npoll-timeout-millis=400\nmax-members=9\n");
        BoardConfig again = Parsed(c.ToText());
        Assert.Equal(9, again.MaxMembers);
        Assert.Equal(c.ToText(), again.ToText());
        Assert.Equal(4000000000u, again.Seed);
        Assert.Equal("p=a#ss", again.WifiPassword);
        Assert.Equal(-1, again.LedPin);
        Assert.Equal("udp", again.Radio);
        Assert.Equal(64, again.DatabaseSlots);
    }

    [Fact]
    public void The_Raft_configuration_carries_the_board_settings_and_validates()
    {
        BoardConfig c = Parsed(Minimal + "database-slots=12\n");
        RaftEsp.Core.Config raft = c.ToRaftConfig();
        Assert.Equal(RaftEsp.Core.ConfigError.None, raft.Validate());
        Assert.Equal(2, raft.NodeId);
        Assert.Equal(12, raft.DatabaseSlots);
        Assert.Equal(c.ClusterKey, raft.ClusterKey);
        Assert.NotSame(c.ClusterKey, raft.ClusterKey);
        Assert.Equal(c.EffectiveSeed, raft.RandomSeed);
        Assert.Equal(RaftEsp.Core.Database.MaxSnapshotSize(12, c.ClientSessions), raft.MaxSnapshotBytes);
        // The server node is the preferred leader: every command enters there (docs/design.md, "Leadership transfer").
        Assert.Equal(0, raft.PreferredLeader);
        Assert.True(raft.TransferToPreferred);
    }

    [Fact]
    public void Derived_seeds_differ_between_boards()
    {
        var seeds = Enumerable.Range(0, 5).Select(id => Parsed(Minimal.Replace("node-id=2", "node-id=" + id)).EffectiveSeed).ToHashSet();
        Assert.Equal(5, seeds.Count);
    }

    [Theory]
    [InlineData("node-id\n", BoardConfigError.MissingEquals, 6)]
    [InlineData("colour=blue\n", BoardConfigError.UnknownKey, 6)]
    [InlineData("node-id=3\n", BoardConfigError.DuplicateKey, 6)]
    [InlineData("tick-millis=0\n", BoardConfigError.TickMillisOutOfRange, 6)]
    [InlineData("tick-millis=1O\n", BoardConfigError.BadNumber, 6)]
    [InlineData("seed=-1\n", BoardConfigError.BadNumber, 6)]
    [InlineData("seed=4294967296\n", BoardConfigError.BadNumber, 6)]
    [InlineData("radio=lora\n", BoardConfigError.BadRadio, 6)]
    [InlineData("database-slots=65\n", BoardConfigError.DatabaseSlotsOutOfRange, 6)]
    [InlineData("client-sessions=1\n", BoardConfigError.ClientSessionsOutOfRange, 6)]
    [InlineData("desktop-port=0\n", BoardConfigError.PortOutOfRange, 6)]
    [InlineData("led-pin=49\n", BoardConfigError.LedPinOutOfRange, 6)]
    [InlineData("cluster-id=65536\n", BoardConfigError.ClusterIdOutOfRange, 6)]
    [InlineData("poll-timeout-millis=0\n", BoardConfigError.PollTimingOutOfRange, 6)]
    [InlineData("wifi-ssid=" + "0123456789012345678901234567890123456789012345678901234567890123456789\n", BoardConfigError.BadText, 6)]
    public void A_bad_line_is_reported_with_its_number(string extra, BoardConfigError expected, int line)
    {
        var into = new BoardConfig();
        Assert.Equal(expected, BoardConfig.Parse(Minimal + extra, into));
        Assert.Equal(line, into.ErrorLine);
    }

    [Theory]
    [InlineData("node-id=2\nmembers=0,1,2\nserver-node=0\ncollector-id=9\n", BoardConfigError.MissingKey, 0)]
    [InlineData("node-id=2\nmembers=0,1,2,1\nserver-node=0\ncollector-id=9\ncluster-key=000102030405060708090a0b0c0d0e0f\n", BoardConfigError.DuplicateMember, 2)]
    [InlineData("node-id=2\nmembers=0,1,x\nserver-node=0\ncollector-id=9\ncluster-key=000102030405060708090a0b0c0d0e0f\n", BoardConfigError.BadMemberList, 2)]
    [InlineData("node-id=2\nmembers=0,1,2\nserver-node=5\ncollector-id=9\ncluster-key=000102030405060708090a0b0c0d0e0f\n", BoardConfigError.ServerNotMember, 3)]
    [InlineData("node-id=2\nmembers=0,1,2\nserver-node=0\ncollector-id=1\ncluster-key=000102030405060708090a0b0c0d0e0f\n", BoardConfigError.CollectorIsMember, 4)]
    [InlineData("node-id=8\nmembers=0,1,2\nserver-node=0\ncollector-id=9\ncluster-key=000102030405060708090a0b0c0d0e0f\n", BoardConfigError.NotMemberNorCollector, 1)]
    [InlineData("node-id=2\nmembers=0,1,2\nserver-node=0\ncollector-id=9\ncluster-key=000102030405060708090a0b0c0d0e0\n", BoardConfigError.BadClusterKey, 5)]
    [InlineData("node-id=2\nmembers=0,1,2\nserver-node=0\ncollector-id=9\ncluster-key=000102030405060708090a0b0c0d0e0g\n", BoardConfigError.BadClusterKey, 5)]
    [InlineData("node-id=255\nmembers=0,1,2\nserver-node=0\ncollector-id=9\ncluster-key=000102030405060708090a0b0c0d0e0f\n", BoardConfigError.NodeIdOutOfRange, 1)]
    [InlineData("node-id=2\nmembers=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16\nserver-node=0\ncollector-id=99\ncluster-key=000102030405060708090a0b0c0d0e0f\n", BoardConfigError.BadMemberList, 2)]
    public void Invalid_files_are_refused_with_a_typed_error(string text, BoardConfigError expected, int line)
    {
        var into = new BoardConfig();
        Assert.Equal(expected, BoardConfig.Parse(text, into));
        Assert.Equal(line, into.ErrorLine);
    }

    [Fact]
    public void A_refused_file_changes_nothing_in_the_target()
    {
        BoardConfig target = Parsed(Minimal);
        string before = target.ToText();
        Assert.Equal(BoardConfigError.DuplicateMember, BoardConfig.Parse("node-id=4\nmembers=4,4\nserver-node=4\ncollector-id=9\ncluster-key=ffffffffffffffffffffffffffffffff\ndatabase-slots=9\n", target));
        Assert.Equal(before, target.ToText());
    }

    [Fact]
    public void The_collector_board_is_recognised_and_needs_wifi_on_hardware_but_no_desktop_host()
    {
        BoardConfig c = Parsed(Minimal.Replace("node-id=2", "node-id=9"));
        Assert.True(c.IsCollector);
        Assert.Equal(BoardConfigError.None, c.Validate());
        Assert.Equal(BoardConfigError.MissingWifi, c.ValidateForBoard());
        c.WifiSsid = "lab";
        Assert.Equal(BoardConfigError.None, c.ValidateForBoard()); // the monitor finds the collector, not the reverse
        c.DesktopHost = "192.168.1.2"; // an old file's desktop-host still loads, and changes nothing
        Assert.Equal(BoardConfigError.None, c.ValidateForBoard());
    }

    [Fact]
    public void Every_error_has_a_distinct_name()
    {
        var names = Enumerable.Range(0, (int)BoardConfigError.CollectorJoins + 1).Select(i => BoardConfigErrors.Name((BoardConfigError)i)).ToList();
        Assert.DoesNotContain("unknown", names);
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public void A_joiner_need_not_be_in_the_member_list_and_maps_to_the_core_config()
    {
        BoardConfig c = Parsed(Minimal.Replace("node-id=2", "node-id=7") + "join=true\nmax-members=8\n");
        Assert.True(c.Join);
        Assert.True(c.IsNode);
        Assert.False(c.IsMember(7));
        Assert.False(c.IsCollector);
        Assert.False(c.IsServer);
        RaftEsp.Core.Config raft = c.ToRaftConfig();
        Assert.True(raft.Join);
        Assert.Equal(8, raft.MaxMembers);
        Assert.Equal(8, raft.MemberCapacity);
        Assert.Equal(RaftEsp.Core.ConfigError.None, raft.Validate());
        Assert.Equal(c.ToText(), Parsed(c.ToText()).ToText());
    }

    [Fact]
    public void A_joiner_may_take_a_founders_id_a_replacement_of_a_removed_board()
    {
        BoardConfig c = Parsed(Minimal + "join=true\n");
        Assert.True(c.Join && c.IsMember(2) && c.IsNode);
        Assert.Equal(RaftEsp.Core.ConfigError.None, c.ToRaftConfig().Validate());
    }

    [Fact]
    public void Without_max_members_the_core_uses_the_founders_plus_two()
    {
        BoardConfig c = Parsed(Minimal);
        RaftEsp.Core.Config raft = c.ToRaftConfig();
        Assert.False(raft.Join);
        Assert.Equal(0, raft.MaxMembers);
        Assert.Equal(7, raft.MemberCapacity);
    }

    [Theory]
    [InlineData("join=yes\n", BoardConfigError.BadBoolean, 6)]
    [InlineData("join=True\n", BoardConfigError.BadBoolean, 6)]
    [InlineData("join=\n", BoardConfigError.BadBoolean, 6)]
    [InlineData("max-members=17\n", BoardConfigError.MaxMembersOutOfRange, 6)]
    [InlineData("max-members=-1\n", BoardConfigError.MaxMembersOutOfRange, 6)]
    [InlineData("max-members=4\n", BoardConfigError.MaxMembersOutOfRange, 6)] // below the 5 founders
    [InlineData("max-members=many\n", BoardConfigError.BadNumber, 6)]
    [InlineData("join=true\njoin=false\n", BoardConfigError.DuplicateKey, 7)]
    public void Bad_join_and_max_members_values_are_refused_at_their_line(string extra, BoardConfigError expected, int line)
    {
        BoardConfig target = Parsed(Minimal);
        string before = target.ToText();
        Assert.Equal(expected, BoardConfig.Parse(Minimal + extra, target));
        Assert.Equal(line, target.ErrorLine);
        Assert.Equal(before, target.ToText());
    }

    [Fact]
    public void The_collector_cannot_join()
    {
        var into = new BoardConfig();
        Assert.Equal(BoardConfigError.CollectorJoins, BoardConfig.Parse(Minimal.Replace("node-id=2", "node-id=9") + "join=true\n", into));
        Assert.Equal(6, into.ErrorLine);
        Assert.Equal("collector-joins", BoardConfigErrors.Name(BoardConfigError.CollectorJoins));
    }

    [Fact]
    public void Sixteen_founders_allow_max_members_16_and_a_joiner_outside_the_list_is_still_a_node()
    {
        string members = string.Join(",", Enumerable.Range(0, 16));
        BoardConfig c = Parsed("node-id=20\nmembers=" + members + "\nserver-node=0\ncollector-id=99\ncluster-key=000102030405060708090a0b0c0d0e0f\njoin=true\nmax-members=16\n");
        Assert.True(c.IsNode);
        Assert.Equal(16, c.ToRaftConfig().MemberCapacity);
    }
}
