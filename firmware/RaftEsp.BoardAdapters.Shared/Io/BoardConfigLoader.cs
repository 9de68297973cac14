using System.IO;
using System.Text;
using RaftEsp.Apps;

namespace RaftEsp.BoardAdapters
{
    /// <summary>The outcome of reading a board's configuration: the parsed parts, or the first error and where it came from.</summary>
    public sealed class LoadedConfig
    {
        /// <summary>A result for text read from <paramref name="source"/>.</summary>
        public LoadedConfig(string source)
        {
            Source = source;
        }

        /// <summary>The apps' configuration (node id, members, keys, Wi-Fi, ...).</summary>
        public BoardConfig Config { get; } = new BoardConfig();

        /// <summary>The adapters' lines (peer addresses, ESP-NOW channel, LED polarity, UDP broadcast address).</summary>
        public AdapterSettings Adapter { get; } = new AdapterSettings();

        /// <summary>Where the text came from: the file's path, or "built-in default".</summary>
        public string Source { get; }

        /// <summary>0 when the configuration was accepted; otherwise an <see cref="BoardAdapters.ErrorFamily"/> value.</summary>
        public int ErrorFamily { get; private set; }

        /// <summary>The error code within the family (a <c>BoardConfigError</c> or <see cref="AdapterSettingsError"/> value).</summary>
        public int ErrorCode { get; private set; }

        /// <summary>A sentence for the serial output, empty when accepted.</summary>
        public string ErrorText { get; private set; } = string.Empty;

        /// <summary>True when the configuration was accepted.</summary>
        public bool Accepted => ErrorFamily == 0;

        internal void Fail(int family, int code, string text)
        {
            ErrorFamily = family;
            ErrorCode = code;
            ErrorText = text;
        }
    }

    /// <summary>
    /// Reads the board's configuration: the file <c>I:\raftesp.conf</c> when it exists (upload it with the device
    /// explorer or write it from a test), otherwise the text compiled into the app (<c>DefaultConfig.cs</c>, edited
    /// before deploying). The adapter lines are taken out first (<see cref="AdapterSettings"/>); the rest goes to
    /// <c>BoardConfig.Parse</c> (which validates) and <c>ValidateForBoard</c> (Wi-Fi for the UDP radio and the
    /// collector, the collector's desktop host). docs/flashing.md describes the file.
    /// </summary>
    public static class BoardConfigLoader
    {
        /// <summary>The configuration file's name on the flash drive.</summary>
        public const string FileName = "raftesp.conf";

        /// <summary>Source name reported when the compiled-in text was used.</summary>
        public const string BuiltInSource = "built-in default";

        /// <summary>Largest configuration file read (a full 16-board file with comments is about 2 KB).</summary>
        public const int MaxFileBytes = 8192;

        /// <summary>Loads <paramref name="path"/> when it exists, otherwise <paramref name="builtInText"/>.</summary>
        public static LoadedConfig Load(string path, string builtInText)
        {
            if (!File.Exists(path)) return FromText(builtInText, BuiltInSource);
            byte[] bytes = File.ReadAllBytes(path);
            if (bytes.Length > MaxFileBytes)
            {
                LoadedConfig tooLong = new LoadedConfig(path);
                tooLong.Fail(ErrorFamily.AdapterSettings, (int)AdapterSettingsError.UnreadableFile, path + " is longer than " + MaxFileBytes.ToString() + " bytes");
                return tooLong;
            }

            return FromText(Encoding.UTF8.GetString(bytes, 0, bytes.Length), path);
        }

        /// <summary>Parses configuration <paramref name="text"/> that came from <paramref name="source"/>.</summary>
        public static LoadedConfig FromText(string text, string source)
        {
            LoadedConfig loaded = new LoadedConfig(source);
            AdapterSettingsError adapterError = AdapterSettings.Extract(text, loaded.Adapter);
            if (adapterError != AdapterSettingsError.None)
            {
                loaded.Fail(ErrorFamily.AdapterSettings, (int)adapterError,
                    source + " line " + loaded.Adapter.ErrorLine.ToString() + ": " + AdapterSettingsErrors.Name(adapterError));
                return loaded;
            }

            BoardConfigError error = BoardConfig.Parse(loaded.Adapter.AppText, loaded.Config);
            if (error == BoardConfigError.None) error = loaded.Config.ValidateForBoard();
            if (error != BoardConfigError.None)
            {
                // The adapter lines were blanked, not removed, so the apps' line numbers are the file's.
                int line = loaded.Config.ErrorLine;
                loaded.Fail(ErrorFamily.Config, (int)error,
                    source + (line > 0 ? " line " + line.ToString() : string.Empty) + ": " + BoardConfigErrors.Name(error));
            }

            return loaded;
        }
    }
}
