using nanoFramework.TestFramework;
using RaftEsp.Apps;

namespace RaftEsp.DeviceTests.Apps
{
    /// <summary>A board's key=value configuration: read, checked, and refused whole with the line at fault.</summary>
    [TestClass]
    public class BoardConfigTests
    {
        private const string Valid =
            "# node 2 of a 3-board cluster\n" +
            "node-id=2\n" +
            "members=1,2,3\n" +
            "server-node=1\n" +
            "collector-id=9\n" +
            "cluster-key=000102030405060708090a0b0c0d0e0f\n" +
            "tick-millis=20\n";

        [TestMethod]
        public static void A_valid_file_is_read_and_turns_into_the_core_configuration()
        {
            BoardConfig config = new BoardConfig();
            Assert.AreEqual((int)BoardConfigError.None, (int)BoardConfig.Parse(Valid, config));
            Assert.AreEqual(2, config.NodeId);
            Assert.AreEqual(3, config.Members.Length);
            Assert.AreEqual(20, config.TickMillis);
            Assert.IsFalse(config.IsServer);
            Assert.IsFalse(config.IsCollector);
            RaftEsp.Core.Config raft = config.ToRaftConfig();
            Assert.AreEqual((int)RaftEsp.Core.ConfigError.None, (int)raft.Validate());
            Assert.AreEqual(15, (int)raft.ClusterKey[15]);
        }

        [TestMethod]
        public static void Writing_and_reading_back_gives_the_same_configuration()
        {
            BoardConfig config = new BoardConfig();
            BoardConfig.Parse(Valid, config);
            BoardConfig again = new BoardConfig();
            Assert.AreEqual((int)BoardConfigError.None, (int)BoardConfig.Parse(config.ToText(), again));
            Assert.AreEqual(config.ToText(), again.ToText());
        }

        // Each bad line replaces line 3 of the valid file; the error names that line.
        [TestMethod]
        [DataRow("members 1,2,3", 1, true)]
        [DataRow("colour=blue", 2, true)]
        [DataRow("node-id=2", 3, true)]
        [DataRow("members=1,x,3", 5, false)]
        [DataRow("members=1,2,2", 12, false)]
        public static void A_bad_line_is_refused_with_its_line_number_and_nothing_changes(string line, int error, bool addMembers)
        {
            string text = "node-id=2\nserver-node=1\n" + line + "\ncollector-id=9\ncluster-key=000102030405060708090a0b0c0d0e0f\n";
            if (addMembers) text += "members=1,2,3\n";
            BoardConfig config = new BoardConfig();
            int before = config.TickMillis;
            Assert.AreEqual(error, (int)BoardConfig.Parse(text, config));
            Assert.AreEqual(3, config.ErrorLine);
            Assert.AreEqual(-1, config.NodeId);
            Assert.AreEqual(before, config.TickMillis);
        }

        [TestMethod]
        public static void A_missing_key_or_a_bad_key_length_is_refused()
        {
            BoardConfig config = new BoardConfig();
            Assert.AreEqual((int)BoardConfigError.MissingKey, (int)BoardConfig.Parse("node-id=2\nmembers=1,2,3\nserver-node=1\ncollector-id=9\n", config));
            Assert.AreEqual((int)BoardConfigError.BadClusterKey,
                (int)BoardConfig.Parse("node-id=2\nmembers=1,2,3\nserver-node=1\ncollector-id=9\ncluster-key=0001\n", config));
        }
    }
}
