using System;
using System.Diagnostics;
using System.Device.Wifi;
using System.Net.NetworkInformation;
using System.Threading;
using nanoFramework.Networking;

namespace RaftEsp.BoardAdapters
{
    /// <summary>
    /// Joins the configured Wi-Fi network (station mode, DHCP) with nanoFramework's WifiNetworkHelper, retrying on
    /// the <see cref="RetrySchedule"/> and saying on the debug output what failed. The collector needs it for the
    /// desktop link; the UDP radio needs it to exist at all. ESP-NOW boards need no network, only the Wi-Fi radio.
    /// </summary>
    public static class WifiConnector
    {
        /// <summary>How long one connection attempt may take.</summary>
        public const int AttemptTimeoutMillis = 20000;

        /// <summary>
        /// Connects to <paramref name="ssid"/>, trying <paramref name="attempts"/> times; true once the board has an
        /// address. The LED blinks once per attempt so a board that cannot connect is visibly trying.
        /// </summary>
        public static bool Connect(string ssid, string password, int attempts, RaftEsp.Apps.IStatusLed led)
        {
            if (ssid == null || ssid.Length == 0)
            {
                Debug.WriteLine("Wi-Fi: no wifi-ssid in the configuration");
                return false;
            }

            for (int attempt = 0; attempt < attempts; attempt++)
            {
                led.Set(true);
                Debug.WriteLine("Wi-Fi: connecting to '" + ssid + "' (attempt " + (attempt + 1).ToString() + " of " + attempts.ToString() + ")");
                bool connected;
                using (CancellationTokenSource timeout = new CancellationTokenSource(AttemptTimeoutMillis))
                {
                    connected = WifiNetworkHelper.ConnectDhcp(ssid, password, WifiReconnectionKind.Automatic, false, 0, timeout.Token);
                }

                led.Set(false);
                if (connected)
                {
                    Debug.WriteLine("Wi-Fi: connected, address " + LocalAddress());
                    return true;
                }

                Exception failure = WifiNetworkHelper.HelperException;
                Debug.WriteLine("Wi-Fi: failed (" + WifiNetworkHelper.Status.ToString() + ")" + (failure == null ? string.Empty : ": " + failure.Message));
                if (attempt + 1 < attempts) Thread.Sleep(RetrySchedule.DelayMillis(attempt));
            }

            Debug.WriteLine("Wi-Fi: giving up; check wifi-ssid and wifi-password, and that the network is 2.4 GHz");
            return false;
        }

        /// <summary>The Wi-Fi interface's IPv4 address, or "0.0.0.0" when it has none.</summary>
        public static string LocalAddress()
        {
            NetworkInterface wifi = WifiInterface();
            return wifi == null ? "0.0.0.0" : wifi.IPv4Address;
        }

        /// <summary>The Wi-Fi interface's MAC address, which is the board's ESP-NOW address too.</summary>
        public static byte[] LocalMac()
        {
            NetworkInterface wifi = WifiInterface();
            return wifi == null ? null : wifi.PhysicalAddress;
        }

        private static NetworkInterface WifiInterface()
        {
            NetworkInterface[] interfaces = NetworkInterface.GetAllNetworkInterfaces();
            for (int i = 0; i < interfaces.Length; i++)
            {
                if (interfaces[i].NetworkInterfaceType == NetworkInterfaceType.Wireless80211) return interfaces[i];
            }

            return null;
        }
    }
}
