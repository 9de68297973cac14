using RaftEsp.Apps;

namespace RaftEsp.Apps.Tests;

/// <summary>
/// docs/design.md, "Worst-case memory per node": what one board's Raft state costs at construction (the node, its
/// database and its board store), measured in bytes allocated, against the documented bounds and formula. Counting,
/// not timing. Nothing is allocated after construction (SteadyStateAllocationTests), so this is the whole cost.
/// </summary>
public class NodeMemoryTests
{
    /// <summary>The documented bounds (docs/design.md), for the defaults and for every limit at its largest.</summary>
    private const int DefaultBoundBytes = 37_000;
    private const int LargestBoundBytes = 62_000;

    private const int StoreLogBudget = 16 * 1024;

    // Boards run with replay protection (BoardConfig.ToRaftConfig), so its window is part of every measurement.
    private static Config Defaults() => new() { NodeId = 1, Members = [1, 2, 3, 4, 5], ReplayProtection = true };

    private static Config Largest() => new()
    {
        NodeId = 1,
        Members = Enumerable.Range(1, Config.MaxClusterSize).Select(i => (byte)i).ToArray(),
        LogCapacity = Config.MaxLogCapacity,
        MaxInflightFrames = Config.InflightFramesLimit,
        MaxPendingReads = Config.PendingReadsLimit,
        DatabaseSlots = Config.MaxDatabaseSlots,
        ClientSessions = Config.MaxClientSessions,
        MaxUncommittedEntries = 104,
        CompactionThreshold = 96,
        ReplayProtection = true,
    };

    /// <summary>Bytes allocated by constructing one board's node, database and store (after a warm-up of the types).</summary>
    private static long Measure(Config config)
    {
        var flash = new RaftEsp.Simulator.SimFlashFiles();
        GC.KeepAlive(Build(config, flash));
        long before = GC.GetAllocatedBytesForCurrentThread();
        object built = Build(config, flash);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(built);
        return allocated;
    }

    private static object[] Build(Config config, IFlashFiles flash) =>
    [
        new RaftNode(config),
        new RaftEsp.Core.Database(config.DatabaseSlots, config.ClientSessions),
        new BoardStore(flash, config, StoreLogBudget),
    ];

    /// <summary>The formula of docs/design.md, term by term.</summary>
    private static int FormulaBytes(Config c)
    {
        int n = c.Members.Length;
        int frames = Math.Max(12, 2 * n + 4);
        int snapshot = RaftEsp.Core.Database.MaxSnapshotSize(c.DatabaseSlots, c.ClientSessions);
        int tracker = 750 + 20 * n;
        int replay = (NodeId.MaxId + 1) * (ReplayWindow.BytesPerSender + ReplayGuard.SyncBytesPerSender);
        int node = 18 * c.LogCapacity + 271 * frames + n * (216 + 4 * c.MaxInflightFrames) + tracker + 2 * snapshot + 39 * c.MaxPendingReads + replay + 4_700;
        int database = 4 * c.DatabaseSlots + 17 * c.ClientSessions + 100;
        int store = 39 * c.LogCapacity + snapshot + 200;
        return node + database + store;
    }

    [Fact]
    public void The_default_configuration_stays_under_its_documented_bound()
    {
        Assert.Equal(ConfigError.None, Defaults().Validate());
        long bytes = Measure(Defaults());
        Assert.True(bytes < DefaultBoundBytes, $"defaults: {bytes} bytes, documented bound {DefaultBoundBytes}");
    }

    [Fact]
    public void The_largest_configuration_stays_under_its_documented_bound()
    {
        Assert.Equal(ConfigError.None, Largest().Validate());
        long bytes = Measure(Largest());
        Assert.True(bytes < LargestBoundBytes, $"largest: {bytes} bytes, documented bound {LargestBoundBytes}");
    }

    [Theory]
    [InlineData(3, 16, 1, 1, 1, 1)]
    [InlineData(5, 128, 4, 8, 5, 16)]
    [InlineData(7, 200, 6, 12, 32, 100)]
    [InlineData(16, 256, 8, 16, 64, 255)]
    public void The_documented_formula_tracks_what_construction_allocates(int size, int logCapacity, int inflight, int reads, int slots, int sessions)
    {
        var config = new Config
        {
            NodeId = 1,
            Members = Enumerable.Range(1, size).Select(i => (byte)i).ToArray(),
            LogCapacity = logCapacity,
            MaxInflightFrames = inflight,
            MaxPendingReads = reads,
            DatabaseSlots = slots,
            ClientSessions = sessions,
            MaxUncommittedEntries = logCapacity / 4,
            CompactionThreshold = logCapacity / 4,
            ReplayProtection = true,
        };
        Assert.Equal(ConfigError.None, config.Validate());
        long measured = Measure(config);
        int formula = FormulaBytes(config);
        // The formula counts array contents plus a per-object allowance; the 64-bit host adds larger headers. Both
        // must agree within 15 %, or the documentation no longer describes the code.
        Assert.InRange(measured, formula * 85L / 100, formula * 115L / 100);
    }

    [Theory]
    [InlineData("log", ConfigError.LogCapacityOutOfRange)]
    [InlineData("inflight", ConfigError.MaxInflightOutOfRange)]
    [InlineData("reads", ConfigError.MaxPendingReadsOutOfRange)]
    public void A_limit_one_past_its_cap_is_refused(string which, ConfigError expected)
    {
        Config c = Largest();
        switch (which)
        {
            case "log": c.LogCapacity = Config.MaxLogCapacity + 1; break;
            case "inflight": c.MaxInflightFrames = Config.InflightFramesLimit + 1; break;
            default: c.MaxPendingReads = Config.PendingReadsLimit + 1; break;
        }

        Assert.Equal(expected, c.Validate());
    }
}
