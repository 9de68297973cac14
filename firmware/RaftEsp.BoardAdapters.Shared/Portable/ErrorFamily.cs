namespace RaftEsp.BoardAdapters
{
    /// <summary>
    /// What kind of start-up failure the status LED reports: the number of long blinks (docs/flashing.md,
    /// "What the LED shows"). The short blinks that follow give the error code within the family.
    /// </summary>
    public static class ErrorFamily
    {
        /// <summary>The configuration file was refused by <c>BoardConfig</c>; the code is the <c>BoardConfigError</c>.</summary>
        public const int Config = 1;

        /// <summary>A board-adapter line was refused; the code is the <see cref="AdapterSettingsError"/>.</summary>
        public const int AdapterSettings = 2;

        /// <summary>The radio could not start; the code is a <see cref="RadioStartError"/>.</summary>
        public const int Radio = 3;

        /// <summary>Wi-Fi did not connect (code 1) or the desktop link could not open (code 2).</summary>
        public const int Network = 4;

        /// <summary>An exception escaped the app loop (flash failure, for instance); code 1.</summary>
        public const int Crash = 5;

        /// <summary>
        /// The configuration belongs to the other firmware: code 1, a member's configuration on the collector
        /// firmware; code 2, the collector's configuration on the node firmware.
        /// </summary>
        public const int WrongFirmware = 6;
    }
}
