namespace RaftEsp.Core.Tests.Node;

public class ConfigTests
{
    private static Config Valid() => new() { NodeId = 1, Members = [1, 2, 3] };

    [Fact]
    public void The_defaults_for_a_three_board_cluster_are_valid() => Assert.Equal(ConfigError.None, Valid().Validate());

    [Fact]
    public void A_preferred_leader_need_not_be_a_member_yet()
    {
        // Membership changes at run time: a leader hands over only while the preferred node is a voter.
        Config c = Valid();
        c.PreferredLeader = 9;
        Assert.Equal(ConfigError.None, c.Validate());
    }

    public static TheoryData<string, ConfigError> Broken() => new()
    {
        { "node id 255", ConfigError.NodeIdOutOfRange },
        { "no members", ConfigError.NoMembers },
        { "duplicate member", ConfigError.DuplicateMember },
        { "self missing", ConfigError.SelfNotMember },
        { "17 members", ConfigError.TooManyMembers },
        { "cluster id 65536", ConfigError.ClusterIdOutOfRange },
        { "15-byte key", ConfigError.BadClusterKey },
        { "heartbeat 0", ConfigError.HeartbeatTicksTooSmall },
        { "election 2x heartbeat", ConfigError.ElectionTicksTooSmall },
        { "27 entries per frame", ConfigError.MaxEntriesPerFrameOutOfRange },
        { "0 inflight", ConfigError.MaxInflightOutOfRange },
        { "log of 8", ConfigError.LogCapacityOutOfRange },
        { "65 slots", ConfigError.DatabaseSlotsOutOfRange },
        { "0 sessions", ConfigError.ClientSessionsOutOfRange },
        { "threshold too high", ConfigError.CompactionThresholdOutOfRange },
        { "negative snapshot size", ConfigError.MaxSnapshotBytesOutOfRange },
        { "snapshot past 16 bits", ConfigError.MaxSnapshotBytesOutOfRange },
        { "preferred leader 255", ConfigError.PreferredLeaderOutOfRange },
        { "preferred leader -2", ConfigError.PreferredLeaderOutOfRange },
        { "negative own-write deferral", ConfigError.OwnWriteDeferralOutOfRange },
        { "own-write deferral of an election timeout", ConfigError.OwnWriteDeferralOutOfRange },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Validate_names_what_is_wrong(string what, ConfigError expected)
    {
        Config c = Valid();
        switch (what)
        {
            case "node id 255": c.NodeId = 255; break;
            case "no members": c.Members = []; break;
            case "duplicate member": c.Members = [1, 2, 2]; break;
            case "self missing": c.Members = [2, 3, 4]; break;
            case "17 members": c.Members = Enumerable.Range(1, 17).Select(i => (byte)i).ToArray(); break;
            case "cluster id 65536": c.ClusterId = 65536; break;
            case "15-byte key": c.ClusterKey = new byte[15]; break;
            case "heartbeat 0": c.HeartbeatTicks = 0; break;
            case "election 2x heartbeat": c.ElectionTicks = 2 * c.HeartbeatTicks; break;
            case "27 entries per frame": c.MaxEntriesPerFrame = 27; break;
            case "0 inflight": c.MaxInflightFrames = 0; break;
            case "log of 8": c.LogCapacity = 8; break;
            case "65 slots": c.DatabaseSlots = 65; break;
            case "0 sessions": c.ClientSessions = 0; break;
            case "threshold too high": c.CompactionThreshold = c.LogCapacity; break;
            case "negative snapshot size": c.MaxSnapshotBytes = -1; break;
            case "snapshot past 16 bits": c.MaxSnapshotBytes = FrameLimits.MaxSnapshotBytes + 1; break;
            case "preferred leader 255": c.PreferredLeader = NodeId.Broadcast; break;
            case "preferred leader -2": c.PreferredLeader = -2; break;
            case "negative own-write deferral": c.OwnWriteDeferralTicks = -1; break;
            case "own-write deferral of an election timeout": c.OwnWriteDeferralTicks = c.ElectionTicks; break;
        }

        Assert.Equal(expected, c.Validate());
        Assert.NotEqual("Unknown", ConfigErrors.Name(expected));
    }

    [Fact]
    public void A_node_refuses_an_invalid_configuration_at_construction()
    {
        Config c = Valid();
        c.DatabaseSlots = 0;
        var e = Assert.Throws<ArgumentException>(() => new RaftNode(c));
        Assert.Contains("DatabaseSlotsOutOfRange", e.Message);
    }

    [Theory]
    [InlineData(5, 16)]
    [InlineData(Config.MaxDatabaseSlots, Config.MaxClientSessions)]
    public void Without_a_snapshot_size_the_buffers_fit_the_largest_snapshot_of_the_database(int slots, int sessions)
    {
        Config c = Valid();
        c.DatabaseSlots = slots;
        c.ClientSessions = sessions;
        Assert.Equal(0, c.MaxSnapshotBytes);
        Assert.Equal(RaftEsp.Core.Database.MaxSnapshotSize(slots, sessions), c.SnapshotBytes);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(FrameLimits.MaxSnapshotBytes - Configuration.MaxEncodedBytes)] // the largest configuration head in front
    public void A_snapshot_size_the_wire_can_carry_is_taken_as_given(int bytes)
    {
        Config c = Valid();
        c.MaxSnapshotBytes = bytes;
        Assert.Equal(ConfigError.None, c.Validate());
        Assert.Equal(bytes, c.SnapshotBytes);
        Assert.Equal(Configuration.MaxEncodedBytes + bytes, c.SnapshotBufferBytes);
    }

    [Fact]
    public void A_snapshot_size_that_leaves_no_room_on_the_wire_for_the_configuration_head_is_refused()
    {
        // A snapshot frame's 16-bit length carries the whole blob: the head and the state machine's part.
        Config c = Valid();
        c.MaxSnapshotBytes = FrameLimits.MaxSnapshotBytes - Configuration.MaxEncodedBytes + 1;
        Assert.Equal(ConfigError.MaxSnapshotBytesOutOfRange, c.Validate());
    }
}
