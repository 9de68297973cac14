namespace RaftEsp.BoardAdapters
{
    /// <summary>
    /// The configuration lines that belong to the board adapters rather than to the apps: the ESP-NOW peer addresses
    /// (<c>mac-&lt;id&gt;=24:6F:28:AA:BB:01</c>, one line per board), <c>espnow-channel</c>, <c>led-active-low</c>
    /// and <c>udp-broadcast</c>. <see cref="Extract"/> takes them out of the file's text and hands back every other
    /// line untouched for <c>BoardConfig.Parse</c>, so one file configures the whole board (docs/flashing.md).
    /// </summary>
    public sealed class AdapterSettings
    {
        /// <summary>Key prefix of the peer address lines.</summary>
        public const string MacKeyPrefix = "mac-";

        /// <summary>Key of the Wi-Fi channel ESP-NOW peers use; 0 means the channel the radio is on.</summary>
        public const string ChannelKey = "espnow-channel";

        /// <summary>Key telling that the status LED lights when its pin is low.</summary>
        public const string LedActiveLowKey = "led-active-low";

        /// <summary>Key of the address the UDP radio broadcasts to.</summary>
        public const string BroadcastKey = "udp-broadcast";

        /// <summary>Highest 2.4 GHz Wi-Fi channel.</summary>
        public const int MaxChannel = 14;

        /// <summary>Node id to radio address, for ESP-NOW.</summary>
        public PeerTable Peers { get; } = new PeerTable();

        /// <summary>Wi-Fi channel for ESP-NOW peers; 0 (default) is the channel the radio is on.</summary>
        public int EspNowChannel { get; private set; }

        /// <summary>True when the LED lights on a low pin (many boards wire their LED that way).</summary>
        public bool LedActiveLow { get; private set; }

        /// <summary>Where the UDP radio sends: the limited broadcast by default, or a subnet broadcast such as 192.168.1.255.</summary>
        public string UdpBroadcastAddress { get; private set; } = "255.255.255.255";

        /// <summary>The configuration text without the adapter lines, after <see cref="Extract"/>.</summary>
        public string AppText { get; private set; } = string.Empty;

        /// <summary>1-based line of the first refused adapter line, 0 when none was refused.</summary>
        public int ErrorLine { get; private set; }

        /// <summary>
        /// Reads the adapter lines of <paramref name="text"/> into <paramref name="into"/> (a fresh instance) and keeps
        /// the other lines in <see cref="AppText"/>. Stops at the first bad adapter line and answers why.
        /// </summary>
        public static AdapterSettingsError Extract(string text, AdapterSettings into)
        {
            string rest = string.Empty;
            bool channelSeen = false;
            bool ledSeen = false;
            bool broadcastSeen = false;
            int lineNumber = 0;
            int start = 0;
            int length = text == null ? 0 : text.Length;
            while (start < length)
            {
                int end = start;
                while (end < length && text![end] != '\n') end++;
                lineNumber++;
                AdapterSettingsError error = AdapterSettingsError.None;
                bool mine = true;
                int equals = text!.IndexOf('=', start, end - start);
                string key = equals < 0 ? string.Empty : SettingsText.Trimmed(text, start, equals).ToLower();
                string value = equals < 0 ? string.Empty : SettingsText.Trimmed(text, equals + 1, end);
                if (key.Length > MacKeyPrefix.Length && key.Substring(0, MacKeyPrefix.Length) == MacKeyPrefix)
                {
                    error = into.AddPeer(key.Substring(MacKeyPrefix.Length), value);
                }
                else if (key == ChannelKey)
                {
                    error = channelSeen ? AdapterSettingsError.DuplicateKey : into.SetChannel(value);
                    channelSeen = true;
                }
                else if (key == LedActiveLowKey)
                {
                    error = ledSeen ? AdapterSettingsError.DuplicateKey : into.SetLedActiveLow(value);
                    ledSeen = true;
                }
                else if (key == BroadcastKey)
                {
                    error = broadcastSeen ? AdapterSettingsError.DuplicateKey : into.SetBroadcast(value);
                    broadcastSeen = true;
                }
                else
                {
                    mine = false;
                }

                if (error != AdapterSettingsError.None)
                {
                    into.ErrorLine = lineNumber;
                    return error;
                }

                // Lines that are not ours keep their place (as blank lines for ours) so the apps' line numbers stay true.
                rest = rest + (mine ? string.Empty : text.Substring(start, end - start)) + "\n";
                start = end + 1;
            }

            into.AppText = rest;
            return AdapterSettingsError.None;
        }

        private AdapterSettingsError AddPeer(string idText, string macText)
        {
            int nodeId = SettingsText.ParseNatural(idText);
            if (nodeId < 0) return AdapterSettingsError.BadPeerId;
            byte[] mac = new byte[MacAddress.Length];
            if (macText.Length != MacAddress.TextLength || !MacAddress.TryParse(macText, 0, mac)) return AdapterSettingsError.BadPeerMac;
            return Peers.Add(nodeId, mac);
        }

        private AdapterSettingsError SetChannel(string text)
        {
            int channel = SettingsText.ParseNatural(text);
            if (channel < 0 || channel > MaxChannel) return AdapterSettingsError.BadChannel;
            EspNowChannel = channel;
            return AdapterSettingsError.None;
        }

        private AdapterSettingsError SetLedActiveLow(string text)
        {
            int value = SettingsText.ParseBoolean(text);
            if (value < 0) return AdapterSettingsError.BadBoolean;
            LedActiveLow = value == 1;
            return AdapterSettingsError.None;
        }

        private AdapterSettingsError SetBroadcast(string text)
        {
            if (!SettingsText.IsIPv4(text)) return AdapterSettingsError.BadBroadcastAddress;
            UdpBroadcastAddress = text;
            return AdapterSettingsError.None;
        }
    }
}
