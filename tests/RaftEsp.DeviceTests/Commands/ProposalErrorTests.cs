using nanoFramework.TestFramework;
using RaftEsp.Core;
using RaftEsp.DeviceTests.Harness;

namespace RaftEsp.DeviceTests.Commands
{
    /// <summary>A node refuses bad commands at propose time, with the same rule the database applies.</summary>
    [TestClass]
    public class ProposalErrorTests
    {
        [TestMethod]
        public static void A_node_that_knows_no_leader_refuses_commands_and_reads()
        {
            NanoCluster cluster = new NanoCluster(3, 5, 48);
            Assert.AreEqual((int)ErrorCode.NoLeader, (int)cluster.Node(0).Propose(EntryKind.Set, 0, 1, 1, 1));
            Assert.AreEqual((int)ErrorCode.NoLeader, (int)cluster.Node(0).ReadIndex(1));
            Assert.AreEqual(0, cluster.Node(0).Log.LastIndex);
        }

        [TestMethod]
        [DataRow(5, 1, 5)]
        [DataRow(-1, 1, 5)]
        [DataRow(0, -1, 6)]
        public static void The_leader_refuses_an_invalid_command_without_logging_it(int slot, int client, int expected)
        {
            NanoCluster cluster = new NanoCluster(3, 5, 48);
            int leader = cluster.RunUntilStableLeader(300);
            int last = cluster.Node(leader).Log.LastIndex;
            Assert.AreEqual(expected, (int)cluster.Node(leader).Propose(EntryKind.Set, slot, client, 1, 1));
            Assert.AreEqual(last, cluster.Node(leader).Log.LastIndex);
        }

        [TestMethod]
        public static void Membership_changes_that_do_not_apply_are_refused()
        {
            NanoCluster cluster = new NanoCluster(3, 5, 48);
            int leader = cluster.RunUntilStableLeader(300);
            Assert.AreEqual((int)ErrorCode.NotMember, (int)cluster.Node(leader).Propose(EntryKind.RemoveNode, 0, 0, 0, 7));
            Assert.AreEqual((int)ErrorCode.InvalidCommand, (int)cluster.Node(leader).Propose(EntryKind.AddLearner, 1, 0, 0, 7));
            Assert.AreEqual((int)ErrorCode.InvalidCommand, (int)cluster.Node(leader).Propose(EntryKind.Noop, 0, 1, 1, 0));
        }
    }
}
