using nanoFramework.TestFramework;
using RaftEsp.Apps;
using RaftEsp.Core;
using RaftEsp.DeviceTests.Harness;

namespace RaftEsp.DeviceTests.Apps
{
    /// <summary>The collector app: polls the boards, relays their status and the desktop's commands, refuses forgeries.</summary>
    [TestClass]
    public class CollectorAppTests
    {
        [TestMethod]
        public static void Every_board_is_polled_and_its_status_reaches_the_desktop()
        {
            AppRig rig = new AppRig(3, true);
            Assert.IsTrue(rig.RunUntilSettled(5000) >= 0, "no leader");
            rig.Run(3000);
            LinkKey link = new LinkKey(1, NanoCluster.Key);
            byte[] datagram = new byte[DesktopProtocol.MaxDatagramBytes];
            BoardStatus status = new BoardStatus();
            SessionStamp stamp = new SessionStamp();
            Assert.IsTrue(rig.Desktop.Attached, "the handshake did not attach the desktop");
            bool[] reported = new bool[3];
            int statsDatagrams = 0;
            for (int n = rig.Desktop.ToDesktop(datagram); n > 0; n = rig.Desktop.ToDesktop(datagram))
            {
                Assert.AreEqual((int)DatagramError.None, (int)DesktopProtocol.Open(link, datagram, n, out int type));
                if (type == DesktopProtocol.CollectorStatsType) statsDatagrams++;
                if (type != DesktopProtocol.BoardStatusType) continue;
                Assert.AreEqual((int)DatagramError.None, (int)DesktopProtocol.DecodeBoardStatus(link, datagram, n, stamp, status));
                Assert.IsTrue(stamp.Session == rig.Desktop.Session, "a status outside the session");
                if (status.NodeId >= 0 && status.NodeId < 3 && status.HasReport) reported[status.NodeId] = true;
            }

            for (int i = 0; i < 3; i++)
            {
                Assert.IsTrue(rig.Collector.IsOnline(i), "board " + i + " is not online");
                Assert.IsTrue(reported[i], "no status of board " + i + " reached the desktop");
                Assert.IsTrue(rig.Collector.FramesHeardFrom(i) > 0, "nothing heard from board " + i);
            }

            Assert.IsTrue(statsDatagrams >= 1, "the collector never sent its counters");
            Assert.IsTrue(rig.Collector.Stats.ReportsReceived >= 3, "reports received: " + rig.Collector.Stats.ReportsReceived);
        }

        [TestMethod]
        public static void A_command_from_the_desktop_is_relayed_to_the_server_node_and_its_result_comes_back()
        {
            AppRig rig = new AppRig(3, true);
            Assert.IsTrue(rig.RunUntilSettled(5000) >= 0, "no leader");
            LinkKey link = new LinkKey(1, NanoCluster.Key);
            ClientResult result = new ClientResult();
            ClientCommand register = new ClientCommand();
            register.RequestId = 30;
            register.Kind = CommandKind.Register;
            Assert.IsTrue(RoundTrip(rig, link, register, result), "no answer to the register");
            Assert.AreEqual((int)CommandStatus.Ok, (int)result.Status);
            ClientCommand set = AppRig.Command(31, 1, CommandKind.Set, 1, 77);
            set.Client = result.Client;
            Assert.IsTrue(RoundTrip(rig, link, set, result), "no result reached the desktop");
            Assert.AreEqual((int)CommandStatus.Ok, (int)result.Status);
            Assert.IsTrue(rig.Collector.Stats.CommandsRelayed >= 2, "the collector counted no relayed command");
            rig.Run(500);
            for (int i = 0; i < 3; i++)
            {
                rig.Apps[i].Database.Read(1, out int value);
                Assert.AreEqual(77, value, "board " + i);
            }
        }

        /// <summary>Sends <paramref name="command"/> as a CommandRequest datagram and runs until its result comes back.</summary>
        private static bool RoundTrip(AppRig rig, LinkKey link, ClientCommand command, ClientResult result)
        {
            byte[] datagram = new byte[DesktopProtocol.MaxDatagramBytes];
            int length = rig.Desktop.SealCommand(link, datagram, command);
            Assert.IsTrue(length > 0, "the request did not encode");
            Assert.IsTrue(rig.Desktop.FromDesktop(datagram, length), "the desktop link refused the request");
            SessionStamp stamp = new SessionStamp();
            for (int t = 0; t < 300; t++)
            {
                rig.Run(10);
                for (int n = rig.Desktop.ToDesktop(datagram); n > 0; n = rig.Desktop.ToDesktop(datagram))
                {
                    if (DesktopProtocol.TypeOf(datagram, n) != DesktopProtocol.CommandResultType) continue;
                    if (DesktopProtocol.DecodeCommandResult(link, datagram, n, stamp, result) == DatagramError.None && result.RequestId == command.RequestId) return true;
                }
            }

            return false;
        }

        [TestMethod]
        public static void A_datagram_tagged_with_another_key_or_replayed_is_not_relayed()
        {
            AppRig rig = new AppRig(3, true);
            Assert.IsTrue(rig.RunUntilSettled(5000) >= 0, "no leader");
            LinkKey link = new LinkKey(1, NanoCluster.Key);
            ClientResult registered = new ClientResult();
            ClientCommand register = new ClientCommand();
            register.RequestId = 4;
            register.Kind = CommandKind.Register;
            Assert.IsTrue(RoundTrip(rig, link, register, registered), "no answer to the register");
            Assert.AreEqual((int)CommandStatus.Ok, (int)registered.Status);
            LinkKey wrong = new LinkKey(1, new byte[16]);
            byte[] datagram = new byte[DesktopProtocol.MaxDatagramBytes];
            ClientCommand forged = AppRig.Command(5, 1, CommandKind.Set, 0, 666);
            forged.Client = registered.Client;
            int length = rig.Desktop.SealCommand(wrong, datagram, forged);
            rig.Desktop.FromDesktop(datagram, length);
            ClientCommand recorded = AppRig.Command(6, 1, CommandKind.Set, 0, 777);
            recorded.Client = registered.Client;
            int replayed = rig.Desktop.SealCommand(link, datagram, recorded);
            rig.Desktop.FromDesktop(datagram, replayed);
            rig.Run(500);
            Assert.AreEqual(2, rig.Collector.Stats.CommandsRelayed);
            rig.Desktop.FromDesktop(datagram, replayed); // the same datagram again: a replay
            int last = rig.Apps[AppRig.ServerId].Node.Log.LastIndex;
            rig.Run(1000);
            Assert.AreEqual(2, rig.Collector.Stats.CommandsRelayed);
            Assert.AreEqual(1, rig.Collector.Stats.DatagramDrops[(int)DatagramError.BadTag]);
            Assert.AreEqual(1, rig.Collector.Stats.DatagramDrops[(int)DatagramError.Replayed]);
            Assert.AreEqual(last, rig.Apps[AppRig.ServerId].Node.Log.LastIndex);
            rig.Apps[AppRig.ServerId].Database.Read(0, out int value);
            Assert.AreEqual(777, value);
        }

        [TestMethod]
        public static void A_board_that_goes_silent_is_marked_offline()
        {
            AppRig rig = new AppRig(3, true);
            Assert.IsTrue(rig.RunUntilSettled(5000) >= 0, "no leader");
            rig.Run(2000);
            Assert.IsTrue(rig.Collector.IsOnline(2), "board 2 never came online");
            rig.Ether.Silence(2);
            rig.Run(3000);
            Assert.IsFalse(rig.Collector.IsOnline(2), "a silent board is still shown online");
            Assert.IsTrue(rig.Collector.IsOnline(1), "board 1 went offline too");
        }
    }
}
