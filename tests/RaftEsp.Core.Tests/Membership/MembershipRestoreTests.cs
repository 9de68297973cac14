using RaftEsp.Core.Tests.Raft.Harness;
using static RaftEsp.Core.Tests.Membership.MembershipCluster;

namespace RaftEsp.Core.Tests.Membership;

/// <summary>
/// The configuration is a function of the log (docs/design.md, "The configuration is a function of the log"): the
/// snapshot's head, then every membership entry after it, committed or not (dissertation §4.1). So a restart derives it
/// again from what was durable (RestoreHardState, RestoreSnapshot, RestoreEntry), and a follower whose uncommitted
/// suffix is truncated goes back to the configuration before it.
/// </summary>
public class MembershipRestoreTests
{
    private static RaftNode Fresh(int capacity = 0) =>
        new(new Config { NodeId = 1, Members = [1, 2, 3], ClusterKey = TestCluster.Key, MaxMembers = capacity });

    [Fact]
    public void S4_1_restored_entries_give_the_latest_configuration_committed_or_not()
    {
        RaftNode n = Fresh();
        Assert.Equal(ErrorCode.None, n.RestoreHardState(2, NodeId.None, 2));
        Assert.Equal(ErrorCode.None, n.RestoreEntry(1, 1, EntryKind.Noop, 0, 0, 0, 0));
        Assert.Equal(ErrorCode.None, n.RestoreEntry(2, 1, EntryKind.AddLearner, 0, 0, 0, 4));
        Assert.Equal(ErrorCode.None, n.RestoreEntry(3, 2, EntryKind.PromoteLearner, 0, 0, 0, 4));
        Assert.Equal(ErrorCode.None, n.RestoreEntry(4, 2, EntryKind.Set, 0, 0, 0, 9));
        Assert.Equal([1, 2, 3, 4], Ids(n.Voters));
        Assert.Equal(3, n.ConfigurationIndex);
        n.Tick(); // boots: commit 2 restored, the promotion at 3 is not known committed
        Assert.True(n.MembershipChangePending);
    }

    [Fact]
    public void S4_1_a_restored_snapshot_head_is_the_start_and_entries_after_it_change_it()
    {
        RaftNode n = Fresh();
        n.RestoreHardState(3, NodeId.None, 0);
        byte[] blob = [.. SnapshotBlob.Head([1, 2, 3], [4]), 0xAB];
        Assert.Equal(ErrorCode.None, n.RestoreSnapshot(10, 3, blob, 0, blob.Length));
        Assert.Equal([4], Ids(n.Learners));
        Assert.Equal(10, n.ConfigurationIndex);
        Assert.Equal(ErrorCode.None, n.RestoreEntry(11, 3, EntryKind.RemoveNode, 0, 0, 0, 2));
        Assert.Equal([1, 3], Ids(n.Voters));
        Assert.Equal([4], Ids(n.Learners));
        Assert.Equal(11, n.ConfigurationIndex);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0 })] // no voter
    [InlineData(new byte[] { 2, 0, 1, 1 })] // a duplicate
    [InlineData(new byte[] { 3, 0, 1, 2 })] // cut short
    [InlineData(new byte[] { 4, 2, 1, 2, 3, 4, 5, 6 })] // six members where this cluster holds at most five
    public void A_restored_snapshot_with_a_bad_head_is_refused_and_changes_nothing(byte[] head)
    {
        RaftNode n = Fresh();
        n.RestoreHardState(3, NodeId.None, 0);
        Assert.Equal(ErrorCode.BadSnapshot, n.RestoreSnapshot(10, 3, head, 0, head.Length));
        Assert.Equal(0, n.Log.SnapshotIndex);
        Assert.Equal([1, 2, 3], Ids(n.Voters));
        Assert.Equal(0, n.SnapshotLength);
    }

    [Fact]
    public void A_board_restarted_from_its_log_and_snapshot_acts_on_the_same_configuration()
    {
        TestCluster c = Led(3, cfg => cfg.PromoteLearners = false);
        c.AddJoiner(4);
        Propose(c, 1, EntryKind.AddLearner, 4);
        SettleCommit(c, 1);
        c.Hosts[2].Compact(); // board 2: the learner is now in its snapshot's head, not in its log
        Assert.Equal(c.Node(2).AppliedIndex, c.Node(2).Log.SnapshotIndex);
        Propose(c, 1, EntryKind.RemoveNode, 3); // board 1 and 2: after the snapshot, in the log
        SettleCommit(c, 1, 1, 2, 4);

        foreach (int id in new[] { 1, 2, 4 })
        {
            int index = c.Node(id).ConfigurationIndex;
            c.CrashAndRestart(id);
            Assert.Equal([1, 2], Ids(c.Node(id).Voters));
            Assert.Equal([4], Ids(c.Node(id).Learners));
            Assert.Equal(index, c.Node(id).ConfigurationIndex);
        }

        Assert.Equal(SnapshotBlob.Head([1, 2, 3], [4]), c.Hosts[2].Storage.Snapshot.AsSpan(0, 6).ToArray());
        c.RunUntil(() => c.Leader() is not null, what: "a leader after the restarts");
        Assert.Contains(c.Leader(), new int?[] { 1, 2 });
    }

    [Fact]
    public void S4_1_truncating_an_uncommitted_membership_entry_reverts_the_configuration()
    {
        var s = new Scripted(1, 3);
        s.Restore(2);
        // Leader 2 of term 2 appends add-learner(4) at index 1; it is not committed.
        Message append = Scripted.Msg(MessageType.AppendEntries, 2, 1, 2);
        append.EntriesTerm = 2;
        append.EntryCount = 1;
        append.SetEntry(0, EntryKind.AddLearner, 0, 0, 0, 4);
        s.Step(append);
        s.Drain();
        Assert.Equal([4], Ids(s.Node.Learners)); // in force as soon as it is in the log (§4.1)
        Assert.True(s.Node.MembershipChangePending);

        // Leader 3 of term 3 never had it: its entry at index 1 conflicts, and the suffix goes.
        Message other = Scripted.Msg(MessageType.AppendEntries, 3, 1, 3);
        other.EntriesTerm = 3;
        other.EntryCount = 1;
        other.SetEntry(0, EntryKind.Set, 0, 0, 0, 5);
        s.Step(other);
        s.Drain();
        Assert.Equal(3, s.Node.Log.TermAt(1));
        Assert.Equal(0, s.Node.Learners.Count);
        Assert.Equal([1, 2, 3], Ids(s.Node.Voters));
        Assert.Equal(0, s.Node.ConfigurationIndex);
        Assert.False(s.Node.MembershipChangePending);
    }

    [Fact]
    public void Compaction_refuses_a_snapshot_whose_head_is_not_the_configuration_at_its_index()
    {
        TestCluster c = Led(3, cfg => cfg.PromoteLearners = false);
        Propose(c, 1, EntryKind.AddLearner, 4);
        SettleCommit(c, 1, 1, 2, 3);
        RaftNode n = c.Node(2);
        int index = n.AppliedIndex;
        byte[] stale = SnapshotBlob.With([1, 2, 3], [0]); // without the learner
        Assert.Equal(ErrorCode.BadSnapshot, n.Compact(index, stale, 0, stale.Length));
        Assert.Equal(0, n.Log.SnapshotIndex);
        byte[] right = new byte[Configuration.MaxEncodedBytes + 1];
        int end = n.WriteConfigurationAt(index, right, 0);
        Assert.Equal(6, end);
        Assert.Equal(ErrorCode.None, n.Compact(index, right, 0, end + 1));
        // The configuration before the change, at an index before it, is what the log tells too.
        Assert.Equal(-1, n.WriteConfigurationAt(index - 1, right, 0)); // compacted away now
    }
}
