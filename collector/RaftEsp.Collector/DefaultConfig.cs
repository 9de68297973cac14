namespace RaftEsp.Collector
{
    /// <summary>
    /// The configuration compiled into the collector firmware, used when the board has no <c>I:\raftesp.conf</c>.
    /// Edit it before deploying, or upload a file instead (docs/flashing.md). The collector's node-id is its
    /// collector-id; it is not a member. Wi-Fi is required: the desktop link runs over it (the
    /// monitor finds the collector at <this board>:desktop-port and opens a session by handshake).
    /// </summary>
    internal static class DefaultConfig
    {
        public const string Text =
            "# RaftEsp collector configuration (docs/flashing.md; every key: docs/design.md and docs/protocol.md)\n" +
            "node-id=9\n" +
            "members=0,1,2,3,4\n" +
            "server-node=0\n" +
            "collector-id=9\n" +
            "cluster-id=1\n" +
            "# the same 32 hex digits as on every node\n" +
            "cluster-key=00000000000000000000000000000000\n" +
            "radio=udp\n" +
            "wifi-ssid=\n" +
            "wifi-password=\n" +
            "radio-udp-port=5701\n" +
            "desktop-port=5700\n" +
            "led-pin=2\n" +
            "# ESP-NOW only: the Wi-Fi MAC of every member and of the collector, as each prints it at start-up\n" +
            "# mac-0=24:6F:28:00:00:00\n";
    }
}
