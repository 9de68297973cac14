using nanoFramework.TestFramework;

namespace RaftEsp.BoardAdapters.Tests
{
    /// <summary>The portable helpers on the board's runtime (its string and parsing behaviour, not desktop .NET's).</summary>
    [TestClass]
    public class PortableDeviceTests
    {
        [TestMethod]
        public void MAC_addresses_parse_and_format_on_the_device()
        {
            byte[] mac = new byte[6];
            Assert.IsTrue(MacAddress.TryParse("24-6f-28-aa-bb-01", 0, mac));
            Assert.AreEqual("24:6F:28:AA:BB:01", MacAddress.Format(mac));
            Assert.IsFalse(MacAddress.TryParse("24:6F:28:AA:BB:0G", 0, mac));
        }

        [TestMethod]
        public void Adapter_lines_come_out_and_the_rest_keeps_its_lines()
        {
            AdapterSettings settings = new AdapterSettings();
            AdapterSettingsError error = AdapterSettings.Extract("node-id=3\r\nMAC-3 = 24:6F:28:AA:BB:03\r\nradio=udp\r\n", settings);
            Assert.AreEqual((int)AdapterSettingsError.None, (int)error);
            Assert.AreEqual(1, settings.Peers.Count);
            Assert.AreEqual(3, settings.Peers.NodeAt(0));
            Assert.AreEqual("node-id=3\r\n\nradio=udp\r\n", settings.AppText);
        }

        [TestMethod]
        public void Settings_text_parses_numbers_addresses_and_booleans()
        {
            Assert.AreEqual(42, SettingsText.ParseNatural("42"));
            Assert.AreEqual(-1, SettingsText.ParseNatural("4 2"));
            Assert.IsTrue(SettingsText.IsIPv4("192.168.1.255"));
            Assert.IsFalse(SettingsText.IsIPv4("192.168.1"));
            Assert.AreEqual(1, SettingsText.ParseBoolean("True"));
        }
    }
}
