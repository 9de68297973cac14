using nanoFramework.TestFramework;

namespace RaftEsp.BoardAdapters.Tests
{
    /// <summary>Reading the configuration file as a board does: adapter lines out, the rest to BoardConfig.</summary>
    [TestClass]
    public class ConfigLoadingDeviceTests
    {
        private const string Valid = "# node 1\n" + "node-id=1\n" + Rest;

        private const string Rest =
            "members=0,1,2\n" +
            "server-node=0\n" +
            "collector-id=9\n" +
            "cluster-id=7\n" +
            "cluster-key=000102030405060708090a0b0c0d0e0f\n" +
            "wifi-ssid=lab\n" +
            "wifi-password=secret\n" +
            "mac-0=24:6F:28:AA:BB:00\n" +
            "mac-1=24:6F:28:AA:BB:01\n" +
            "mac-2=24:6F:28:AA:BB:02\n" +
            "espnow-channel=6\n" +
            "led-active-low=true\n" +
            "radio=espnow\n";

        [TestMethod]
        public void A_valid_file_fills_both_the_apps_and_the_adapter_settings()
        {
            LoadedConfig loaded = BoardConfigLoader.FromText(Valid, "test");
            Assert.IsTrue(loaded.Accepted, loaded.ErrorText);
            Assert.AreEqual(1, loaded.Config.NodeId);
            Assert.AreEqual(7, loaded.Config.ClusterId);
            Assert.AreEqual("espnow", loaded.Config.Radio);
            Assert.AreEqual(3, loaded.Adapter.Peers.Count);
            Assert.AreEqual("24:6F:28:AA:BB:02", MacAddress.Format(loaded.Adapter.Peers.MacOf(2)));
            Assert.AreEqual(6, loaded.Adapter.EspNowChannel);
            Assert.IsTrue(loaded.Adapter.LedActiveLow);
        }

        [TestMethod]
        public void A_bad_adapter_line_is_family_two_with_its_line_number()
        {
            LoadedConfig loaded = BoardConfigLoader.FromText(Valid + "mac-3=not-a-mac\n", "test");
            Assert.IsFalse(loaded.Accepted);
            Assert.AreEqual(ErrorFamily.AdapterSettings, loaded.ErrorFamily);
            Assert.AreEqual((int)AdapterSettingsError.BadPeerMac, loaded.ErrorCode);
            Assert.IsTrue(loaded.ErrorText.IndexOf("line 16") >= 0, loaded.ErrorText);
        }

        [TestMethod]
        public void A_bad_apps_line_is_family_one()
        {
            LoadedConfig loaded = BoardConfigLoader.FromText(Valid + "radio=carrier-pigeon\n", "test");
            Assert.IsFalse(loaded.Accepted);
            Assert.AreEqual(ErrorFamily.Config, loaded.ErrorFamily);
            Assert.AreNotEqual(0, loaded.ErrorCode);
        }

        [TestMethod]
        public void The_file_on_flash_wins_over_the_built_in_text()
        {
            string folder = TestDrive.FreshFolder();
            string path = folder + BoardConfigLoader.FileName;
            TestDrive.WriteText(path, "node-id=2\n" + Rest);

            LoadedConfig fromFile = BoardConfigLoader.Load(path, Valid);
            Assert.IsTrue(fromFile.Accepted, fromFile.ErrorText);
            Assert.AreEqual(path, fromFile.Source);
            Assert.AreEqual(2, fromFile.Config.NodeId);

            LoadedConfig builtIn = BoardConfigLoader.Load(folder + "absent.conf", Valid);
            Assert.AreEqual(BoardConfigLoader.BuiltInSource, builtIn.Source);
            Assert.AreEqual(1, builtIn.Config.NodeId);
        }
    }
}
