using nanoFramework.TestFramework;
using RaftEsp.Apps;
using RaftEsp.Core;
using RaftEsp.DeviceTests.Harness;

namespace RaftEsp.DeviceTests.Apps
{
    /// <summary>The node app as a board runs it: fake radio, flash, clock and LED; no threads.</summary>
    [TestClass]
    public class NodeAppTests
    {
        [TestMethod]
        [DataRow(3)]
        [DataRow(5)]
        public static void The_boards_elect_one_leader_that_all_follow(int size)
        {
            AppRig rig = new AppRig(size, false);
            int leader = rig.RunUntilSettled(5000);
            Assert.IsTrue(leader >= 0, "no settled leader within 5 s");
            for (int i = 0; i < size; i++)
            {
                Assert.IsTrue(rig.Apps[i].Running, "board " + i + " is not running");
                Assert.IsTrue(rig.Leds[i].Switches > 0, "the LED of board " + i + " never changed");
            }
        }

        [TestMethod]
        public static void A_set_through_the_server_node_is_answered_once_committed_and_reaches_every_board()
        {
            AppRig rig = new AppRig(3, false);
            Assert.IsTrue(rig.RunUntilSettled(5000) >= 0, "no leader");
            ClientResult result = new ClientResult();
            Assert.IsTrue(rig.Register(result, 3000), "no session");
            Assert.IsTrue(rig.Execute(AppRig.Command(1, 1, CommandKind.Set, 2, 4242), AppRig.ServerId, result, 3000), "no answer");
            Assert.AreEqual((int)CommandStatus.Ok, (int)result.Status);
            Assert.IsTrue(result.Index > 0, "no log index in the answer");
            Assert.IsTrue(rig.Apps[AppRig.ServerId].Database.AppliedIndex >= result.Index, "answered before the server applied it");
            rig.Run(500);
            for (int i = 0; i < 3; i++)
            {
                rig.Apps[i].Database.Read(2, out int value);
                Assert.AreEqual(4242, value, "board " + i);
            }
        }

        [TestMethod]
        public static void A_get_reads_the_last_value_and_a_remove_answers_the_old_one()
        {
            AppRig rig = new AppRig(3, false);
            Assert.IsTrue(rig.RunUntilSettled(5000) >= 0, "no leader");
            ClientResult result = new ClientResult();
            Assert.IsTrue(rig.Register(result, 3000), "no session");
            Assert.IsTrue(rig.Execute(AppRig.Command(1, 1, CommandKind.Set, 4, -9), AppRig.ServerId, result, 3000), "set: no answer");
            Assert.IsTrue(rig.Execute(AppRig.Command(2, 2, CommandKind.Get, 4, 0), AppRig.ServerId, result, 3000), "get: no answer");
            Assert.AreEqual((int)CommandStatus.Ok, (int)result.Status);
            Assert.AreEqual(-9, result.Value);
            Assert.IsTrue(rig.Execute(AppRig.Command(3, 3, CommandKind.Remove, 4, 0), AppRig.ServerId, result, 3000), "remove: no answer");
            Assert.AreEqual(-9, result.Value);
            Assert.IsTrue(rig.Execute(AppRig.Command(4, 4, CommandKind.Get, 4, 0), AppRig.ServerId, result, 3000), "second get: no answer");
            Assert.AreEqual(0, result.Value);
        }

        [TestMethod]
        public static void A_bad_command_is_answered_with_its_error_and_changes_nothing()
        {
            AppRig rig = new AppRig(3, false);
            Assert.IsTrue(rig.RunUntilSettled(5000) >= 0, "no leader");
            int last = rig.Apps[AppRig.ServerId].Node.Log.LastIndex;
            ClientResult result = new ClientResult();
            Assert.IsTrue(rig.Execute(AppRig.Command(1, 1, CommandKind.Set, 20, 1), AppRig.ServerId, result, 3000), "no answer");
            Assert.AreEqual((int)CommandStatus.SlotOutOfRange, (int)result.Status);
            Assert.AreEqual(last, rig.Apps[AppRig.ServerId].Node.Log.LastIndex);
        }

        [TestMethod]
        public static void A_board_that_is_not_the_server_answers_not_server()
        {
            AppRig rig = new AppRig(3, false);
            int leader = rig.RunUntilSettled(5000);
            Assert.IsTrue(leader >= 0, "no leader");
            ClientResult result = new ClientResult();
            Assert.IsTrue(rig.Execute(AppRig.Command(1, 1, CommandKind.Set, 0, 1), 2, result, 3000), "no answer");
            Assert.AreEqual((int)CommandStatus.NotServer, (int)result.Status);
            Assert.AreEqual(leader, result.Leader);
        }

        [TestMethod]
        public static void A_forged_command_is_dropped_and_counted()
        {
            AppRig rig = new AppRig(3, false);
            Assert.IsTrue(rig.RunUntilSettled(5000) >= 0, "no leader");
            byte[] frame = new byte[FrameLimits.MaxFrameBytes];
            FrameCodec wrongKey = new FrameCodec(1, new byte[16]);
            int length = AppFrames.EncodeClientCommand(wrongKey, frame, AppRig.ClientId, AppRig.ServerId, AppRig.Command(1, 1, CommandKind.Set, 0, 666));
            int last = rig.Apps[AppRig.ServerId].Node.Log.LastIndex;
            rig.SendRaw(AppRig.ServerId, frame, length);
            rig.Run(200);
            Assert.AreEqual(1, rig.Apps[AppRig.ServerId].AppDrops.Get(FrameError.BadTag));
            Assert.AreEqual(last, rig.Apps[AppRig.ServerId].Node.Log.LastIndex);
            rig.Apps[AppRig.ServerId].Database.Read(0, out int value);
            Assert.AreEqual(0, value);
        }

        [TestMethod]
        public static void A_rebooted_board_comes_back_with_its_log_and_catches_up()
        {
            AppRig rig = new AppRig(3, false);
            Assert.IsTrue(rig.RunUntilSettled(5000) >= 0, "no leader");
            ClientResult result = new ClientResult();
            Assert.IsTrue(rig.Register(result, 3000), "no session");
            for (int i = 1; i <= 5; i++)
                Assert.IsTrue(rig.Execute(AppRig.Command(i, i, CommandKind.Set, i % 5, i * 100), AppRig.ServerId, result, 3000), "set " + i);
            rig.Run(300);
            int before = rig.Apps[1].Node.Log.LastIndex;
            int term = rig.Apps[1].Node.Term;
            Assert.AreEqual((int)ErrorCode.None, (int)rig.Reboot(1));
            Assert.AreEqual(before, rig.Apps[1].Node.Log.LastIndex);
            Assert.AreEqual(term, rig.Apps[1].Node.Term);
            rig.Run(1000);
            rig.Apps[1].Database.Read(4, out int value);
            Assert.AreEqual(400, value);
        }
    }
}
