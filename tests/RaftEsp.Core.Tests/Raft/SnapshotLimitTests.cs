using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>
/// <see cref="Config.MaxSnapshotBytes"/> set by the host, not derived from the core's database: the node's snapshot
/// buffers take exactly that many bytes behind the largest configuration head (<see cref="Config.SnapshotBufferBytes"/>),
/// whether the host compacts, restores or a leader sends a snapshot.
/// </summary>
public class SnapshotLimitTests
{
    private const int Limit = 40; // below the default database's largest snapshot (172 bytes)
    private const int Blob = Configuration.MaxEncodedBytes + Limit; // the whole snapshot: head and state
    private static readonly int[] Founders = SnapshotBlob.Founders(3);

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
        Assert.Equal(Blob, s.Node.Config.SnapshotBufferBytes);
        byte[] data = SnapshotBlob.OfLength(Blob + 1, Founders);
        Assert.Equal(ErrorCode.BadSnapshot, s.Node.Compact(4, data, 0, Blob + 1));
        Assert.Equal(0, s.Node.Log.SnapshotIndex);
        Assert.Equal(ErrorCode.None, s.Node.Compact(4, data, 0, Blob));
        Assert.Equal(4, s.Node.Log.SnapshotIndex);
    }

    [Fact]
    public void A_size_above_the_databases_lets_a_restore_hold_a_larger_snapshot()
    {
        int databaseMax = RaftEsp.Core.Database.MaxSnapshotSize(5, 16);
        var node = new RaftNode(new Config { NodeId = 1, Members = [1, 2, 3], ClusterKey = TestCluster.Key, MaxSnapshotBytes = databaseMax + 100 });
        Assert.Equal(ErrorCode.None, node.RestoreHardState(3, NodeId.None, 0));
        int blob = Configuration.MaxEncodedBytes + databaseMax + 100;
        Assert.Equal(ErrorCode.None, node.RestoreSnapshot(6, 3, SnapshotBlob.OfLength(blob, Founders), 0, blob));
        Assert.Equal(6, node.Log.SnapshotIndex);
    }

    [Fact]
    public void A_follower_drops_a_transfer_larger_than_its_configured_size()
    {
        Scripted s = FollowerWithFourApplied(Limit);
        s.Step(Scripted.SnapshotChunkFromLeader2(7, Blob + 1, 1));
        Assert.Empty(s.Drain());
        Assert.Equal(1, s.Node.Drops.Get(FrameError.BadField));

        s.Step(Scripted.SnapshotChunkFromLeader2(7, Blob, Blob / 2)); // the first half: no database restore yet
        Message answer = Assert.Single(s.Drain());
        Assert.Equal(MessageType.SnapshotResponse, answer.Type);
        Assert.False(answer.Reject);
        Assert.Equal(Blob / 2, answer.Offset);
    }
}
