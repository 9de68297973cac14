using nanoFramework.TestFramework;
using RaftEsp.Core;
using RaftEsp.DeviceTests.Harness;

namespace RaftEsp.DeviceTests.Raft
{
    /// <summary>Log compaction and snapshot catch-up (§7), with snapshots too big for one 250-byte frame.</summary>
    [TestClass]
    public class CompactionTests
    {
        [TestMethod]
        [DataRow(3)]
        [DataRow(5)]
        public static void Every_node_compacts_its_log_and_keeps_the_same_state(int size)
        {
            NanoCluster cluster = new NanoCluster(size, 5, 16);
            int leader = cluster.RunUntilStableLeader(300);
            for (int i = 0; i < 60; i++) Assert.AreEqual((int)ErrorCode.None, (int)cluster.Set(leader, i % 5, i * 3));
            int last = cluster.Node(leader).Log.LastIndex;
            Assert.IsTrue(cluster.RunUntilApplied(last, 100), "not applied everywhere");
            for (int i = 0; i < size; i++)
            {
                RaftLog log = cluster.Node(i).Log;
                Assert.IsTrue(log.SnapshotIndex > 0, "node " + i + " never compacted");
                Assert.IsTrue(log.Count <= 16 + 26, "node " + i + " keeps " + log.Count + " entries");
                Assert.IsTrue(cluster.Node(i).SnapshotLength > 0, "node " + i + " has no snapshot bytes");
            }

            Assert.IsTrue(cluster.DatabasesAgree(leader), "databases differ after compaction");
        }

        [TestMethod]
        [DataRow(3)]
        [DataRow(5)]
        public static void A_node_behind_the_compacted_log_catches_up_by_a_chunked_snapshot(int size)
        {
            // 64 slots holding large values: the snapshot needs more than one 216-byte chunk.
            NanoCluster cluster = new NanoCluster(size, 64, 16);
            int leader = cluster.RunUntilStableLeader(300);
            int lagging = (leader + 1) % size;
            cluster.TakeDown(lagging);
            for (int slot = 0; slot < 64; slot++) Assert.AreEqual((int)ErrorCode.None, (int)cluster.Set(leader, slot, 1000000000 + slot));
            for (int i = 0; i < 40; i++) Assert.AreEqual((int)ErrorCode.None, (int)cluster.Set(leader, i, -1000000000 - i));
            int last = cluster.Node(leader).Log.LastIndex;
            Assert.IsTrue(cluster.RunUntilApplied(last, 100), "the majority did not apply");
            // The leader keeps the entries for a follower heard within the last election timeout (10 ticks) and
            // compacts past it only once it has been silent that long (docs/design.md, "Replication").
            cluster.Run(11);
            Assert.IsTrue(cluster.Node(leader).Log.SnapshotIndex > cluster.Node(lagging).Log.LastIndex,
                "the leader's log still holds what the lagging node misses: no snapshot needed");
            Assert.IsTrue(cluster.Node(leader).SnapshotLength > FrameLimits.MaxSnapshotChunkData, "snapshot fits one chunk");

            cluster.BringUp(lagging);
            Assert.IsTrue(cluster.RunUntilApplied(last, 300), "the lagging node did not catch up");
            Assert.IsTrue(cluster.Node(lagging).Stats.SnapshotsInstalled >= 1, "no snapshot installed");
            int chunks = 0;
            for (int i = 0; i < size; i++) chunks += cluster.Node(i).Stats.SnapshotChunksSent;
            Assert.IsTrue(chunks >= 2, "snapshot sent in " + chunks + " chunk(s)");
            Assert.IsTrue(cluster.DatabasesAgree(leader), "databases differ after the snapshot");
            cluster.DatabaseOf(lagging).Read(63, out int value);
            Assert.AreEqual(1000000063, value);
        }
    }
}
