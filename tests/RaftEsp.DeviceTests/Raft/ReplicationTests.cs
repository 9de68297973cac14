using nanoFramework.TestFramework;
using RaftEsp.Core;
using RaftEsp.DeviceTests.Harness;

namespace RaftEsp.DeviceTests.Raft
{
    /// <summary>Log replication (§5.3): commands commit on a majority and every database ends up the same.</summary>
    [TestClass]
    public class ReplicationTests
    {
        [TestMethod]
        [DataRow(3)]
        [DataRow(5)]
        public static void Commands_through_the_leader_reach_every_database(int size)
        {
            NanoCluster cluster = new NanoCluster(size, 5, 48);
            int leader = cluster.RunUntilStableLeader(300);
            Assert.IsTrue(leader >= 0, "no leader");
            for (int i = 0; i < 20; i++) Assert.AreEqual((int)ErrorCode.None, (int)cluster.Set(leader, i % 5, 1000 + i));
            int last = cluster.Node(leader).Log.LastIndex;
            Assert.IsTrue(cluster.RunUntilApplied(last, 100), "not every node applied index " + last);
            for (int i = 0; i < size; i++)
            {
                for (int slot = 0; slot < 5; slot++)
                {
                    cluster.DatabaseOf(i).Read(slot, out int value);
                    Assert.AreEqual(1015 + slot, value, "node " + i + " slot " + slot);
                }
            }
        }

        [TestMethod]
        public static void A_command_given_to_a_follower_is_forwarded_and_committed()
        {
            NanoCluster cluster = new NanoCluster(5, 5, 48);
            int leader = cluster.RunUntilStableLeader(300);
            int follower = (leader + 2) % 5;
            Assert.AreEqual((int)ErrorCode.None, (int)cluster.Set(follower, 3, -77));
            Assert.IsTrue(cluster.RunUntilApplied(cluster.Node(leader).Log.LastIndex, 100), "forwarded command not applied everywhere");
            cluster.DatabaseOf(follower).Read(3, out int value);
            Assert.AreEqual(-77, value);
            Assert.IsTrue(cluster.DatabasesAgree(leader), "databases differ");
        }

        [TestMethod]
        [DataRow(3)]
        [DataRow(5)]
        public static void A_node_that_was_down_catches_up_from_the_log(int size)
        {
            NanoCluster cluster = new NanoCluster(size, 5, 48);
            int leader = cluster.RunUntilStableLeader(300);
            int lagging = (leader + 1) % size;
            cluster.TakeDown(lagging);
            for (int i = 0; i < 10; i++) Assert.AreEqual((int)ErrorCode.None, (int)cluster.Set(leader, i % 5, i));
            int last = cluster.Node(leader).Log.LastIndex;
            Assert.IsTrue(cluster.RunUntilApplied(last, 100), "the majority did not commit without the lagging node");
            Assert.IsTrue(cluster.DatabaseOf(lagging).AppliedIndex < last, "a down node cannot have applied");

            cluster.BringUp(lagging);
            Assert.IsTrue(cluster.RunUntilApplied(last, 200), "the returning node did not catch up");
            Assert.IsTrue(cluster.DatabasesAgree(leader), "databases differ after catch-up");
            Assert.AreEqual(0, cluster.Node(lagging).Stats.SnapshotsInstalled);
        }

        [TestMethod]
        public static void Without_a_majority_nothing_commits()
        {
            NanoCluster cluster = new NanoCluster(3, 5, 48);
            int leader = cluster.RunUntilStableLeader(300);
            int committed = cluster.Node(leader).CommitIndex;
            cluster.Isolate(leader);
            cluster.Node(leader).Propose(EntryKind.Set, 0, 1, 500, 500);
            cluster.Run(5);
            Assert.AreEqual(committed, cluster.Node(leader).CommitIndex);
            cluster.DatabaseOf(leader).Read(0, out int value);
            Assert.AreEqual(0, value);
        }
    }
}
