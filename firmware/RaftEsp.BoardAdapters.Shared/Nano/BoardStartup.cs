using System;
using System.Device.Gpio;
using System.Diagnostics;
using System.Threading;
using RaftEsp.Apps;

namespace RaftEsp.BoardAdapters
{
    /// <summary>One pass of an app loop (NodeApp.RunOnce, CollectorApp.RunOnce): milliseconds until the next pass is due.</summary>
    public delegate int AppPass();

    /// <summary>
    /// The start-up steps the node and the collector share: print who this board is, read the configuration, open
    /// the status LED, and stop with a readable error (serial output and LED pattern) when something is wrong.
    /// </summary>
    public static class BoardStartup
    {
        /// <summary>The LED pin used before the configuration is read, and when it cannot be: the DevKit's on-board LED.</summary>
        public const int DefaultLedPin = 2;

        /// <summary>Longest sleep between two passes of the app loop, whatever the app asks.</summary>
        public const int MaxWaitMillis = 1000;

        private static readonly GpioController Gpio = new GpioController();

        /// <summary>
        /// Reads <c>I:\raftesp.conf</c> or <paramref name="builtInText"/>. On success prints a summary; on failure
        /// prints the error and blinks it forever on the default LED pin (the board is not safe to run).
        /// </summary>
        public static LoadedConfig LoadConfigOrHalt(string appName, string builtInText)
        {
            Debug.WriteLine(appName + ": starting; Wi-Fi MAC (ESP-NOW address) " + MacAddress.Format(WifiConnector.LocalMac()));
            LoadedConfig loaded;
            try
            {
                loaded = BoardConfigLoader.Load(FlashFiles.InternalFlash + BoardConfigLoader.FileName, builtInText);
            }
            catch (Exception e)
            {
                loaded = new LoadedConfig(FlashFiles.InternalFlash + BoardConfigLoader.FileName);
                Halt(OpenLed(DefaultLedPin, false), ErrorFamily.AdapterSettings, (int)AdapterSettingsError.UnreadableFile, "cannot read the configuration: " + e.Message);
            }

            if (!loaded.Accepted)
            {
                Halt(OpenLed(DefaultLedPin, loaded.Adapter.LedActiveLow), loaded.ErrorFamily, loaded.ErrorCode, "configuration refused: " + loaded.ErrorText);
            }

            Debug.WriteLine(appName + ": configuration from " + loaded.Source + ", radio=" + loaded.Config.Radio);
            if (IsAllZero(loaded.Config.ClusterKey))
            {
                Debug.WriteLine("WARNING: the cluster key is all zeros; anyone can forge frames. Generate one (docs/flashing.md, step 3).");
            }

            return loaded;
        }

        private static bool IsAllZero(byte[] key)
        {
            for (int i = 0; i < key.Length; i++)
            {
                if (key[i] != 0) return false;
            }

            return true;
        }

        /// <summary>The status LED on <paramref name="pin"/>; a board configured with <c>led-pin=-1</c> has none.</summary>
        public static IStatusLed OpenLed(int pin, bool activeLow)
        {
            if (pin < 0) return new NoStatusLed();
            return new PinStatusLed(new GpioLedPin(Gpio, pin), activeLow);
        }

        /// <summary>
        /// Joins Wi-Fi when the board needs it (the UDP radio, the collector's desktop link) and halts when it cannot;
        /// joins it as a courtesy when an ESP-NOW board has a <c>wifi-ssid</c>, which puts every board on the access
        /// point's channel (ESP-NOW peers must share a channel, docs/flashing.md).
        /// </summary>
        public static void JoinWifi(BoardConfig config, bool required, IStatusLed led)
        {
            if (!required && config.WifiSsid.Length == 0) return;
            bool connected = WifiConnector.Connect(config.WifiSsid, config.WifiPassword, required ? 6 : 2, led);
            if (connected || !required) return;
            Halt(led, ErrorFamily.Network, 1, "Wi-Fi did not connect to '" + config.WifiSsid + "'");
        }

        /// <summary>Starts the configured radio for this board or halts with the reason.</summary>
        public static IRadio StartRadioOrHalt(LoadedConfig loaded, FrameInbox inbox, IStatusLed led)
        {
            IRadio radio = BoardRadios.Start(loaded, loaded.Config.NodeId, inbox, out RadioStartError error);
            if (radio == null) Halt(led, ErrorFamily.Radio, (int)error, "the radio did not start (" + RadioStartErrors.Name(error) + ")");
            return radio;
        }

        /// <summary>
        /// Runs the app loop forever: one pass, then sleep until the next tick is due or a frame arrives, whichever is
        /// first. An exception (a flash write failing, say) halts the board: Raft must not go on without its storage.
        /// </summary>
        public static void RunForever(AppPass pass, AutoResetEvent wake, IStatusLed led)
        {
            while (true)
            {
                int dueMillis;
                try
                {
                    dueMillis = pass();
                }
                catch (Exception e)
                {
                    Halt(led, ErrorFamily.Crash, 1, "the app loop failed: " + e.Message);
                    return;
                }

                if (dueMillis > MaxWaitMillis) dueMillis = MaxWaitMillis;
                if (dueMillis > 0) wake.WaitOne(dueMillis, false);
            }
        }

        /// <summary>Prints <paramref name="why"/> and shows the error pattern forever. Never returns.</summary>
        public static void Halt(IStatusLed led, int family, int code, string why)
        {
            while (true)
            {
                // Repeated, so a serial monitor attached later still sees why the board stopped.
                Debug.WriteLine("HALTED (LED: " + family.ToString() + " long, " + code.ToString() + " short): " + why);
                ErrorBlinker.Show(led, family, code, 3);
                Thread.Sleep(1000);
            }
        }
    }
}
