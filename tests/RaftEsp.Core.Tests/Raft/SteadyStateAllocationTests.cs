namespace RaftEsp.Core.Tests.Raft;

/// <summary>
/// The core's steady state (heartbeats, appends, acknowledgements, applying, compaction) allocates nothing. This
/// counts bytes, it does not time anything; the BenchmarkDotNet project reports the same with its memory diagnoser.
/// </summary>
public class SteadyStateAllocationTests
{
    [Fact]
    public void Heartbeats_appends_acks_apply_and_compaction_allocate_nothing()
    {
        var loop = new RaftEsp.Core.Benchmarks.InMemoryCluster(5, heartbeatTicks: 2, compactionThreshold: 40);
        loop.RunUntilLeader();
        loop.RunWithCommands(200); // warm up: first compactions, JIT
        long before = GC.GetAllocatedBytesForCurrentThread();
        loop.RunWithCommands(2000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(loop.Node(loop.Leader).CommitIndex > 1000, "commands must have committed");
        Assert.Equal(0, allocated);
    }
}
