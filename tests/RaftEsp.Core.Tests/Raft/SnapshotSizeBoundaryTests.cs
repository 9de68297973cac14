using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>
/// §7 snapshots at the edges of their sizes and positions. A snapshot blob is the configuration at its index, then
/// the database (docs/wire-format.md, "Snapshots"): the node holds any blob from the bare configuration head up to
/// <see cref="Config.SnapshotBufferBytes"/> (the largest head in front of the largest snapshot its database can write),
/// whether the host compacts, restores one at start-up or a leader sends one, and refuses one byte more, an empty one,
/// bytes outside the buffer, or an index not applied.
/// </summary>
public class SnapshotSizeBoundaryTests
{
    private const int Slots = Config.MaxDatabaseSlots; // the largest blob (18 + 467 bytes) takes 3 chunks
    private const int Sessions = 16;
    private static readonly int[] Founders = SnapshotBlob.Founders(3);
    private static readonly int Max = Configuration.MaxEncodedBytes + RaftEsp.Core.Database.MaxSnapshotSize(Slots, Sessions);
    private static readonly int HeadOnly = SnapshotBlob.Head(Founders).Length;

    [Fact]
    public void The_node_buffers_hold_the_largest_configuration_head_in_front_of_the_largest_database_snapshot()
    {
        Assert.Equal(Max, FollowerWithFourApplied().Node.SnapshotData.Length);
        Assert.Equal(5, HeadOnly); // 3 voters, 0 learners, ids 1 2 3
    }

    /// <summary>A follower of term 2 that applied 4 entries (index 4 is its last).</summary>
    private static Scripted FollowerWithFourApplied()
    {
        var s = new Scripted(1, 3, c => { c.DatabaseSlots = Slots; c.ClientSessions = Sessions; });
        s.Host.AutoCompact = false;
        s.Restore(2);
        s.Step(Scripted.FourSetsFromLeader2(commit: 4));
        s.Drain();
        Assert.Equal(4, s.Node.AppliedIndex);
        return s;
    }

    [Theory]
    [InlineData(0, 0)] // the smallest: the configuration head alone (0: HeadOnly)
    [InlineData(0, -1)] // the largest head and database (-1: Max)
    [InlineData(3, -1)] // the largest, ending at the last byte of the host's buffer
    public void S7_compaction_takes_a_snapshot_from_the_bare_head_up_to_the_maximum_size(int offset, int length)
    {
        length = length < 0 ? Max : HeadOnly;
        Scripted s = FollowerWithFourApplied();
        byte[] data = SnapshotBlob.OfLength(length, Founders, offset);
        Assert.Equal(ErrorCode.None, s.Node.Compact(4, data, offset, length)); // index 4: the applied and the last
        Assert.Equal(4, s.Node.Log.SnapshotIndex);
    }

    [Theory]
    [InlineData(5, 0, 1, ErrorCode.InvalidState)] // not applied yet (nor in the log)
    [InlineData(4, 0, 0, ErrorCode.BadSnapshot)] // empty
    [InlineData(4, 0, -2, ErrorCode.BadSnapshot)] // one byte more than the buffers hold (-2: Max + 1)
    [InlineData(4, -1, 1, ErrorCode.BadSnapshot)]
    [InlineData(4, 0, 4, ErrorCode.BadSnapshot)] // shorter than its configuration head
    public void S7_compaction_refuses_a_snapshot_out_of_bounds_and_changes_nothing(int index, int offset, int length, ErrorCode expected)
    {
        if (length == -2) length = Max + 1;
        Scripted s = FollowerWithFourApplied();
        byte[] data = SnapshotBlob.OfLength(Max + 1, Founders, slack: 7);
        Assert.Equal(expected, s.Node.Compact(index, data, offset, length));
        Assert.Equal(0, s.Node.Log.SnapshotIndex);
        Assert.Equal(4, s.Node.Log.LastIndex);
    }

    [Fact]
    public void S7_compaction_refuses_bytes_past_the_end_of_the_hosts_buffer()
    {
        Scripted s = FollowerWithFourApplied();
        byte[] data = SnapshotBlob.OfLength(9, Founders, offset: 1);
        Assert.Equal(10, data.Length);
        Assert.Equal(ErrorCode.BadSnapshot, s.Node.Compact(4, data, 1, 10));
        Assert.Equal(0, s.Node.Log.SnapshotIndex);
        Assert.Equal(ErrorCode.None, s.Node.Compact(4, data, 1, 9));
    }

    private static RaftNode Fresh() =>
        new(new Config { NodeId = 1, Members = [1, 2, 3], ClusterKey = TestCluster.Key, DatabaseSlots = Slots, ClientSessions = Sessions });

    [Theory]
    [InlineData(-3, ErrorCode.None)] // the bare head
    [InlineData(-1, ErrorCode.None)] // Max
    [InlineData(0, ErrorCode.BadSnapshot)]
    [InlineData(4, ErrorCode.BadSnapshot)] // cut inside its head
    [InlineData(-2, ErrorCode.BadSnapshot)] // Max + 1
    public void A_restored_snapshot_may_hold_its_bare_head_up_to_the_maximum_size(int length, ErrorCode expected)
    {
        if (length == -1) length = Max;
        if (length == -2) length = Max + 1;
        if (length == -3) length = HeadOnly;
        RaftNode n = Fresh();
        Assert.Equal(ErrorCode.None, n.RestoreHardState(3, NodeId.None, 0));
        Assert.Equal(expected, n.RestoreSnapshot(6, 3, SnapshotBlob.OfLength(Max + 1, Founders), 0, length));
        Assert.Equal(expected == ErrorCode.None ? 6 : 0, n.Log.SnapshotIndex);
    }

    [Fact]
    public void S7_a_follower_accepts_a_transfer_of_exactly_the_maximum_size()
    {
        var s = new Scripted(1, 3, c => { c.DatabaseSlots = Slots; c.ClientSessions = Sessions; });
        s.Restore(2);
        var chunk = Scripted.SnapshotChunkFromLeader2(6, Max, FrameLimits.MaxSnapshotChunkData);
        s.Step(chunk);
        var answer = Assert.Single(s.Drain());
        Assert.Equal(MessageType.SnapshotResponse, answer.Type);
        Assert.False(answer.Reject);
        Assert.Equal(chunk.DataLength, answer.Offset);
        Assert.Equal(0, s.Node.Drops.Get(FrameError.BadField));

        // One byte more than this node's buffers hold is a configuration mismatch: dropped, not answered.
        s.Step(Scripted.SnapshotChunkFromLeader2(7, Max + 1, 1));
        Assert.Empty(s.Drain());
        Assert.Equal(1, s.Node.Drops.Get(FrameError.BadField));
    }
    [Fact]
    public void S7_compaction_refuses_an_index_in_the_log_but_not_yet_applied()
    {
        var s = new Scripted(1, 3, c => { c.DatabaseSlots = Slots; c.ClientSessions = Sessions; });
        s.Restore(2);
        s.Step(Scripted.FourSetsFromLeader2(commit: 2));
        s.Drain();
        Assert.Equal(2, s.Node.AppliedIndex);
        Assert.Equal(4, s.Node.Log.LastIndex);
        byte[] blob = SnapshotBlob.OfLength(8, Founders);
        Assert.Equal(ErrorCode.InvalidState, s.Node.Compact(3, blob, 0, 8));
        Assert.Equal(0, s.Node.Log.SnapshotIndex);
        Assert.Equal(ErrorCode.None, s.Node.Compact(2, blob, 0, 8));
    }
}
