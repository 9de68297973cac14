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

    [Fact]
    public void S6_4_batched_reads_on_the_leader_and_on_a_follower_allocate_nothing()
    {
        var loop = new RaftEsp.Core.Benchmarks.InMemoryCluster(5, heartbeatTicks: 2, compactionThreshold: 40);
        loop.RunUntilLeader();
        loop.RunWithCommands(200);
        RaftNode leader = loop.Node(loop.Leader);
        RaftNode follower = loop.Node((loop.Leader + 1) % 5);
        for (int k = 0; k < 200; k++) ReadAndStep(loop, leader, follower, k); // warm up
        int confirmed = leader.Stats.ReadsConfirmed;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 2000; k++) ReadAndStep(loop, leader, follower, k);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(leader.Stats.ReadsConfirmed - confirmed > 2000, "reads must have been confirmed");
        Assert.Equal(0, allocated);
    }

    /// <summary>Two reads on the follower (one batch) and one on the leader, then one step of the cluster.</summary>
    private static void ReadAndStep(RaftEsp.Core.Benchmarks.InMemoryCluster loop, RaftNode leader, RaftNode follower, int k)
    {
        follower.ReadIndex(2 * k + 1);
        follower.ReadIndex(2 * k + 2);
        leader.ReadIndex(k + 1);
        loop.RunWithCommands(1);
    }
}
