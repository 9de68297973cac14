using System;
using System.Diagnostics;
using RaftEsp.Apps;

namespace RaftEsp.BoardAdapters
{
    /// <summary>
    /// Builds the radio the configuration asks for (<c>radio=udp</c>, the default that runs on stock firmware, or
    /// <c>radio=espnow</c>) and starts it. ESP-NOW exists only in builds with the RAFTESP_ESPNOW symbol, on a custom
    /// nanoCLR (docs/flashing.md, "ESP-NOW firmware"); UDP needs Wi-Fi connected first.
    /// </summary>
    public static class BoardRadios
    {
        /// <summary>Frames the radio inbox holds: a burst of one heartbeat round from a 16-board cluster fits.</summary>
        public const int InboxFrames = 16;

        /// <summary>
        /// Starts the configured radio for node <paramref name="ownId"/>, delivering into <paramref name="inbox"/>; null and
        /// the reason in <paramref name="error"/> when it cannot.
        /// </summary>
        public static IRadio Start(LoadedConfig loaded, int ownId, FrameInbox inbox, out RadioStartError error)
        {
            BoardConfig config = loaded.Config;
            RadioKind kind = RadioKinds.Parse(config.Radio);
            if (kind == RadioKind.Udp)
            {
                WifiUdpRadio udp = new WifiUdpRadio(config.RadioUdpPort, loaded.Adapter.UdpBroadcastAddress, inbox);
                error = udp.Start();
                if (error != RadioStartError.None) return null;
                Debug.WriteLine("Radio: UDP broadcast to " + loaded.Adapter.UdpBroadcastAddress + ":" + config.RadioUdpPort.ToString());
                return udp;
            }

            if (kind == RadioKind.EspNow)
            {
#if RAFTESP_ESPNOW
                EspNowRadio espNow = new EspNowRadio(loaded.Adapter.Peers, loaded.Adapter.EspNowChannel, inbox);
                error = espNow.Start(config.Members, config.CollectorId, ownId);
                if (error != RadioStartError.None) return null;
                Debug.WriteLine("Radio: ESP-NOW, " + loaded.Adapter.Peers.Count.ToString() + " peers, this board is " + MacAddress.Format(WifiConnector.LocalMac()));
                return espNow;
#else
                Debug.WriteLine("Radio: radio=espnow, but this build has no ESP-NOW radio. ESP-NOW needs a custom nanoCLR with a native ESP-NOW part (no published image has one) and a build with RaftEspEspNow=true (docs/flashing.md, ESP-NOW firmware); the stock firmware runs radio=udp");
                error = RadioStartError.EspNowNotBuilt;
                return null;
#endif
            }

            Debug.WriteLine("Radio: unknown radio '" + config.Radio + "' (espnow or udp)");
            error = RadioStartError.UnknownRadio;
            return null;
        }

        /// <summary>True when the configured radio needs a Wi-Fi connection (the UDP radio does; ESP-NOW does not).</summary>
        public static bool NeedsWifi(BoardConfig config)
        {
            return RadioKinds.Parse(config.Radio) == RadioKind.Udp;
        }
    }
}
