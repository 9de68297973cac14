using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>
/// <see cref="Config.MaxSnapshotBytes"/> set by the host, not derived from the core's database: the node's snapshot
/// buffers take exactly that many bytes, whether the host compacts, restores or a leader sends a snapshot.
/// </summary>
public class SnapshotLimitTests
{
    private const int Limit = 40; // below the default database's largest snapshot (172 bytes)

    private static Scripted FollowerWithFourApplied(int limit)
    {
        var s = new Scripted(1, 3, c => c.MaxSnapshotBytes = limit);
        s.Host.AutoCompact = false;
        s.Restore(2);
        s.Step(Scripted.FourSetsFromLeader2(commit: 4));
        s.Drain();
        return s;
    }

    [Fact]
    public void Compaction_takes_a_snapshot_of_the_configured_size_and_refuses_one_byte_more()
    {
        Scripted s = FollowerWithFourApplied(Limit);
        var data = new byte[Limit + 1];
        Assert.Equal(ErrorCode.BadSnapshot, s.Node.Compact(4, data, 0, Limit + 1));
        Assert.Equal(0, s.Node.Log.SnapshotIndex);
        Assert.Equal(ErrorCode.None, s.Node.Compact(4, data, 0, Limit));
        Assert.Equal(4, s.Node.Log.SnapshotIndex);
    }

    [Fact]
    public void A_size_above_the_databases_lets_a_restore_hold_a_larger_snapshot()
    {
        int databaseMax = RaftEsp.Core.Database.MaxSnapshotSize(5, 16);
        var node = new RaftNode(new Config { NodeId = 1, Members = [1, 2, 3], ClusterKey = TestCluster.Key, MaxSnapshotBytes = databaseMax + 100 });
        Assert.Equal(ErrorCode.None, node.RestoreHardState(3, NodeId.None, 0));
        Assert.Equal(ErrorCode.None, node.RestoreSnapshot(6, 3, new byte[databaseMax + 100], 0, databaseMax + 100));
        Assert.Equal(6, node.Log.SnapshotIndex);
    }

    [Fact]
    public void A_follower_drops_a_transfer_larger_than_its_configured_size()
    {
        Scripted s = FollowerWithFourApplied(Limit);
        s.Step(Scripted.SnapshotChunkFromLeader2(7, Limit + 1, 1));
        Assert.Empty(s.Drain());
        Assert.Equal(1, s.Node.Drops.Get(FrameError.BadField));

        s.Step(Scripted.SnapshotChunkFromLeader2(7, Limit, Limit / 2)); // the first half: no database restore yet
        Message answer = Assert.Single(s.Drain());
        Assert.Equal(MessageType.SnapshotResponse, answer.Type);
        Assert.False(answer.Reject);
        Assert.Equal(Limit / 2, answer.Offset);
    }
}
