using nanoFramework.TestFramework;
using RaftEsp.Apps;
using RaftEsp.Core;
using RaftEsp.DeviceTests.Harness;

namespace RaftEsp.DeviceTests.Apps
{
    /// <summary>The board apps' own frames (client commands and results) are tagged like Raft frames and checked as strictly.</summary>
    [TestClass]
    public class AppFrameTests
    {
        [TestMethod]
        public static void A_client_command_round_trips()
        {
            FrameCodec codec = new FrameCodec(1, NanoCluster.Key);
            byte[] frame = new byte[FrameLimits.MaxFrameBytes];
            ClientCommand command = Command(CommandKind.Set, 4, -123456);
            int length = AppFrames.EncodeClientCommand(codec, frame, 9, 1, command);
            Assert.AreEqual(FrameLimits.HeaderBytes + AppFrames.ClientCommandBody + FrameLimits.TagBytes, length);
            ClientCommand read = new ClientCommand();
            Assert.AreEqual((int)FrameError.None, (int)AppFrames.DecodeClientCommand(codec, frame, length, 1, read, out int from));
            Assert.AreEqual(9, from);
            Assert.AreEqual(77, read.RequestId);
            Assert.AreEqual(3, read.Client);
            Assert.AreEqual(65000, read.Seq);
            Assert.AreEqual((int)CommandKind.Set, (int)read.Kind);
            Assert.AreEqual(4, read.Slot);
            Assert.AreEqual(-123456, read.Value);
        }

        [TestMethod]
        public static void A_tampered_or_misaddressed_command_is_refused()
        {
            FrameCodec codec = new FrameCodec(1, NanoCluster.Key);
            byte[] frame = new byte[FrameLimits.MaxFrameBytes];
            int length = AppFrames.EncodeClientCommand(codec, frame, 9, 1, Command(CommandKind.Remove, 2, 0));
            ClientCommand read = new ClientCommand();
            Assert.AreEqual((int)FrameError.NotForMe, (int)AppFrames.DecodeClientCommand(codec, frame, length, 2, read, out int _));
            frame[FrameLimits.HeaderBytes + 8] ^= 1;
            Assert.AreEqual((int)FrameError.BadTag, (int)AppFrames.DecodeClientCommand(codec, frame, length, 1, read, out int from));
            Assert.AreEqual(-1, from);
        }

        [TestMethod]
        [DataRow(0, 1)]
        [DataRow(64, 1)]
        [DataRow(0, 0)]
        public static void A_command_with_a_field_out_of_range_is_not_encoded(int slot, int client)
        {
            ClientCommand command = Command(CommandKind.Set, slot, 5);
            command.Client = client;
            if (slot == 0 && client == 1) command.Value = 5;
            if (slot == 0 && client == 1) command.Kind = CommandKind.Get;
            Assert.AreEqual(0, AppFrames.EncodeClientCommand(new FrameCodec(1, NanoCluster.Key), new byte[FrameLimits.MaxFrameBytes], 9, 1, command));
        }

        [TestMethod]
        public static void A_client_result_round_trips_with_the_leader_hint()
        {
            FrameCodec codec = new FrameCodec(1, NanoCluster.Key);
            byte[] frame = new byte[FrameLimits.MaxFrameBytes];
            ClientResult result = new ClientResult();
            result.RequestId = 5;
            result.Client = 3;
            result.Seq = 8;
            result.Kind = CommandKind.Get;
            result.Status = CommandStatus.NotLeader;
            result.Value = 42;
            result.Index = 1000;
            result.Leader = NodeId.None;
            int length = AppFrames.EncodeClientResult(codec, frame, 1, 9, 4, result);
            ClientResult read = new ClientResult();
            Assert.AreEqual((int)FrameError.None, (int)AppFrames.DecodeClientResult(codec, frame, length, 9, read));
            Assert.AreEqual((int)CommandStatus.NotLeader, (int)read.Status);
            Assert.AreEqual(42, read.Value);
            Assert.AreEqual(1000, read.Index);
            Assert.AreEqual(NodeId.None, read.Leader);
        }

        private static ClientCommand Command(CommandKind kind, int slot, int value)
        {
            ClientCommand c = new ClientCommand();
            c.RequestId = 77;
            c.Client = 3;
            c.Seq = 65000;
            c.Kind = kind;
            c.Slot = slot;
            c.Value = value;
            return c;
        }
    }
}
