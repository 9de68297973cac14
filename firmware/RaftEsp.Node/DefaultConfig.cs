namespace RaftEsp.Node
{
    /// <summary>
    /// The configuration compiled into the node firmware, used when the board has no <c>I:\raftesp.conf</c>.
    /// Edit it before deploying (one build per board), or leave it and upload a file per board instead
    /// (docs/flashing.md, step 4). Every board of a cluster must agree on members, server-node, collector-id,
    /// cluster-id, cluster-key and radio; node-id is what differs.
    /// </summary>
    internal static class DefaultConfig
    {
        public const string Text =
            "# RaftEsp node configuration (docs/flashing.md; every key: docs/design.md and docs/protocol.md)\n" +
            "node-id=0\n" +
            "members=0,1,2,3,4\n" +
            "server-node=0\n" +
            "collector-id=9\n" +
            "cluster-id=1\n" +
            "# 16 random bytes as 32 hex digits; generate your own (docs/flashing.md), the same on every board\n" +
            "cluster-key=00000000000000000000000000000000\n" +
            "radio=udp\n" +
            "wifi-ssid=\n" +
            "wifi-password=\n" +
            "radio-udp-port=5701\n" +
            "led-pin=2\n" +
            "# ESP-NOW only: the Wi-Fi MAC of every member and of the collector, as each prints it at start-up\n" +
            "# mac-0=24:6F:28:00:00:00\n";
    }
}
