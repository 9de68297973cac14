namespace RaftEsp.BoardAdapters
{
    /// <summary>Why the board-adapter lines of a configuration file were refused (docs/flashing.md lists the keys).</summary>
    public enum AdapterSettingsError : byte
    {
        /// <summary>Accepted.</summary>
        None = 0,

        /// <summary>A <c>mac-&lt;id&gt;</c> key whose id is not a node id (0–254).</summary>
        BadPeerId = 1,

        /// <summary>A <c>mac-&lt;id&gt;</c> value that is not an address like <c>24:6F:28:AA:BB:01</c>, or is the broadcast address.</summary>
        BadPeerMac = 2,

        /// <summary>Two <c>mac-</c> lines for the same node, or the same address twice.</summary>
        DuplicatePeer = 3,

        /// <summary>More <c>mac-</c> lines than ESP-NOW has peers for (19, besides the broadcast address).</summary>
        TooManyPeers = 4,

        /// <summary><c>espnow-channel</c> is not 0 (the current channel) to 14.</summary>
        BadChannel = 5,

        /// <summary><c>led-active-low</c> is not <c>true</c> or <c>false</c>.</summary>
        BadBoolean = 6,

        /// <summary><c>udp-broadcast</c> is not a dotted IPv4 address.</summary>
        BadBroadcastAddress = 7,

        /// <summary>The same adapter key appears twice.</summary>
        DuplicateKey = 8,

        /// <summary>The configuration file could not be read, or is longer than the loader takes (8 KB).</summary>
        UnreadableFile = 9,
    }

    /// <summary>Readable names of <see cref="AdapterSettingsError"/> values, for the serial output.</summary>
    public static class AdapterSettingsErrors
    {
        /// <summary>The name of <paramref name="error"/>, or its number when unknown.</summary>
        public static string Name(AdapterSettingsError error)
        {
            switch (error)
            {
                case AdapterSettingsError.None: return "None";
                case AdapterSettingsError.BadPeerId: return "BadPeerId";
                case AdapterSettingsError.BadPeerMac: return "BadPeerMac";
                case AdapterSettingsError.DuplicatePeer: return "DuplicatePeer";
                case AdapterSettingsError.TooManyPeers: return "TooManyPeers";
                case AdapterSettingsError.BadChannel: return "BadChannel";
                case AdapterSettingsError.BadBoolean: return "BadBoolean";
                case AdapterSettingsError.BadBroadcastAddress: return "BadBroadcastAddress";
                case AdapterSettingsError.DuplicateKey: return "DuplicateKey";
                case AdapterSettingsError.UnreadableFile: return "UnreadableFile";
                default: return "AdapterSettingsError(" + ((int)error).ToString() + ")";
            }
        }
    }
}
