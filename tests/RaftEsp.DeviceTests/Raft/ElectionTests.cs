using nanoFramework.TestFramework;
using RaftEsp.Core;
using RaftEsp.DeviceTests.Harness;

namespace RaftEsp.DeviceTests.Raft
{
    /// <summary>Leader election (§5.2) with PreVote and CheckQuorum, in clusters of 3 and 5, by ticks and frames alone.</summary>
    [TestClass]
    public class ElectionTests
    {
        [TestMethod]
        [DataRow(3)]
        [DataRow(5)]
        public static void One_leader_is_elected_and_every_node_follows_it(int size)
        {
            NanoCluster cluster = new NanoCluster(size, 5, 48);
            int leader = cluster.RunUntilStableLeader(300);
            Assert.IsTrue(leader >= 0, "no leader after 300 ticks");
            int term = cluster.Node(leader).Term;
            Assert.AreEqual(1, cluster.LeadersInTerm(term));
            for (int i = 0; i < size; i++)
            {
                Assert.AreEqual(term, cluster.Node(i).Term, "term of node " + i);
                Assert.AreEqual(leader, cluster.Node(i).Leader, "leader known to node " + i);
            }

            // A quiet, healthy cluster keeps its leader: heartbeats hold the followers' timers back.
            cluster.Run(200);
            Assert.AreEqual(leader, cluster.StableLeader());
            Assert.AreEqual(term, cluster.Node(leader).Term);
        }

        [TestMethod]
        [DataRow(3)]
        [DataRow(5)]
        public static void The_majority_replaces_an_isolated_leader_and_the_old_one_steps_down(int size)
        {
            NanoCluster cluster = new NanoCluster(size, 5, 48);
            int old = cluster.RunUntilStableLeader(300);
            Assert.IsTrue(old >= 0, "no first leader");
            int oldTerm = cluster.Node(old).Term;

            cluster.Isolate(old);
            int next = -1;
            for (int t = 0; t < 400 && next < 0; t++)
            {
                cluster.Run(1);
                for (int i = 0; i < size; i++)
                    if (i != old && cluster.Node(i).Role == Role.Leader) next = i;
            }

            Assert.IsTrue(next >= 0, "the majority elected no new leader");
            Assert.IsTrue(cluster.Node(next).Term > oldTerm, "the new leader's term must be newer");
            // CheckQuorum: having heard no majority for an election timeout, the cut-off leader stops believing it leads.
            for (int t = 0; t < 30 && cluster.Node(old).Role == Role.Leader; t++) cluster.Run(1);
            Assert.IsTrue(cluster.Node(old).Role != Role.Leader, "the isolated leader still leads");

            cluster.Heal();
            int settled = cluster.RunUntilStableLeader(300);
            Assert.IsTrue(settled >= 0, "no single leader after healing");
            Assert.AreEqual(1, cluster.LeadersInTerm(cluster.Node(settled).Term));
        }

        [TestMethod]
        public static void A_minority_never_elects_a_leader()
        {
            NanoCluster cluster = new NanoCluster(5, 5, 48);
            cluster.TakeDown(2);
            cluster.TakeDown(3);
            cluster.TakeDown(4);
            cluster.Run(400);
            Assert.IsTrue(cluster.Node(0).Role != Role.Leader && cluster.Node(1).Role != Role.Leader, "two of five nodes elected a leader");
            // PreVote: failed pre-elections do not inflate the terms of the cut-off nodes.
            Assert.AreEqual(0, cluster.Node(0).Term);
            Assert.AreEqual(0, cluster.Node(1).Term);
        }
    }
}
