namespace RaftEsp.BoardAdapters
{
    /// <summary>The radio a board uses, chosen by the configuration's <c>radio</c> line.</summary>
    public enum RadioKind : byte
    {
        /// <summary>Not a radio this firmware knows.</summary>
        Unknown = 0,

        /// <summary>ESP-NOW frames (needs firmware and a build with ESP-NOW, docs/flashing.md).</summary>
        EspNow = 1,

        /// <summary>UDP broadcast over Wi-Fi, on stock firmware.</summary>
        Udp = 2,
    }

    /// <summary>Why the radio did not start.</summary>
    public enum RadioStartError : byte
    {
        /// <summary>Started.</summary>
        None = 0,

        /// <summary>The <c>radio</c> line names no radio this firmware knows.</summary>
        UnknownRadio = 1,

        /// <summary><c>radio=espnow</c> but this build has no ESP-NOW (define RAFTESP_ESPNOW, docs/flashing.md).</summary>
        EspNowNotBuilt = 2,

        /// <summary>ESP-NOW did not initialise (firmware without ESP-NOW, or Wi-Fi off).</summary>
        EspNowInitFailed = 3,

        /// <summary>A member or the collector has no <c>mac-&lt;id&gt;</c> line, or a peer could not be registered.</summary>
        MissingPeer = 4,

        /// <summary>The UDP socket could not be opened or bound (Wi-Fi not connected, port in use).</summary>
        SocketFailed = 5,
    }

    /// <summary>Readable names of <see cref="RadioStartError"/> values, for the serial output.</summary>
    public static class RadioStartErrors
    {
        /// <summary>The name of <paramref name="error"/>.</summary>
        public static string Name(RadioStartError error)
        {
            switch (error)
            {
                case RadioStartError.None: return "None";
                case RadioStartError.UnknownRadio: return "UnknownRadio";
                case RadioStartError.EspNowNotBuilt: return "EspNowNotBuilt";
                case RadioStartError.EspNowInitFailed: return "EspNowInitFailed";
                case RadioStartError.MissingPeer: return "MissingPeer";
                case RadioStartError.SocketFailed: return "SocketFailed";
                default: return "RadioStartError(" + ((int)error).ToString() + ")";
            }
        }
    }

    /// <summary>Reads the <c>radio</c> configuration value.</summary>
    public static class RadioKinds
    {
        /// <summary><see cref="RadioKind.EspNow"/> for "espnow", <see cref="RadioKind.Udp"/> for "udp" (any case), else Unknown.</summary>
        public static RadioKind Parse(string name)
        {
            string lower = name == null ? string.Empty : name.ToLower();
            if (lower == "espnow" || lower == "esp-now") return RadioKind.EspNow;
            if (lower == "udp") return RadioKind.Udp;
            return RadioKind.Unknown;
        }
    }
}
