using System;
using System.Device.Gpio;
using System.Diagnostics;
using System.Threading;
using RaftEsp.Apps;

namespace RaftEsp.BoardAdapters
{
    /// <summary>
    /// The start-up steps the node and the collector share: print who this board is, read the configuration, open
    /// the status LED, and stop with a readable error (serial output and LED pattern) when something is wrong.
    /// </summary>
    public static class BoardStartup
    {
        /// <summary>The LED pin used before the configuration is read, and when it cannot be: the DevKit's on-board LED.</summary>
        public const int DefaultLedPin = 2;

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
                Halt(OpenLed(DefaultLedPin, false), ErrorFamily.Config, 0, "cannot read the configuration: " + e.Message);
            }

            if (!loaded.Accepted)
            {
                Halt(OpenLed(DefaultLedPin, loaded.Adapter.LedActiveLow), loaded.ErrorFamily, loaded.ErrorCode, "configuration refused: " + loaded.ErrorText);
            }

            Debug.WriteLine(appName + ": configuration from " + loaded.Source + ", radio=" + loaded.Config.Radio);
            return loaded;
        }

        /// <summary>The status LED on <paramref name="pin"/>.</summary>
        public static PinStatusLed OpenLed(int pin, bool activeLow)
        {
            return new PinStatusLed(new GpioLedPin(Gpio, pin), activeLow);
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
