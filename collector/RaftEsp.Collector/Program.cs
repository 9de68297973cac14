using System.Diagnostics;
using System.Threading;
using RaftEsp.Apps;
using RaftEsp.BoardAdapters;
using RaftEsp.Core;

namespace RaftEsp.Collector
{
    /// <summary>
    /// The collector board: joins Wi-Fi, listens to the cluster's radio, and bridges status and commands to the
    /// desktop monitor over UDP (<c>dotnet run --project desktop-monitor/RaftEsp.Monitor -- --collector
    /// &lt;board-ip&gt;:&lt;desktop-port&gt;</c>). Runs <see cref="CollectorApp"/>, waking for each radio frame or desktop
    /// datagram, or when its next poll is due.
    /// </summary>
    public static class Program
    {
        /// <summary>Desktop datagrams the collector holds before the loop reads them.</summary>
        public const int DesktopInboxDatagrams = 6;

        /// <summary>Largest datagram taken from the desktop (no desktop-to-collector datagram comes near; a longer one is counted too-long).</summary>
        public const int DesktopDatagramBytes = 512;

        /// <summary>Entry point.</summary>
        public static void Main()
        {
            LoadedConfig loaded = BoardStartup.LoadConfigOrHalt("RaftEsp collector", DefaultConfig.Text);
            BoardConfig config = loaded.Config;
            IStatusLed led = BoardStartup.OpenLed(config.LedPin, loaded.Adapter.LedActiveLow);
            if (!config.IsCollector)
            {
                BoardStartup.Halt(led, ErrorFamily.WrongFirmware, 1, "this is a member's configuration: the collector's node-id must be its collector-id");
            }

            BoardStartup.JoinWifi(config, true, led);

            AutoResetEvent wake = new AutoResetEvent(false);
            FrameInbox radioInbox = new FrameInbox(BoardRadios.InboxFrames, FrameLimits.MaxFrameBytes, wake);
            IRadio radio = BoardStartup.StartRadioOrHalt(loaded, radioInbox, led);

            DatagramInbox desktopInbox = new DatagramInbox(DesktopInboxDatagrams, DesktopDatagramBytes, wake);
            WifiDesktopLink desktop = new WifiDesktopLink(config.DesktopPort, desktopInbox);
            if (!desktop.Start())
            {
                BoardStartup.Halt(led, ErrorFamily.Network, 2, "cannot listen on UDP port " + config.DesktopPort.ToString());
            }

            CollectorApp app = new CollectorApp(config, radio, desktop, new BoardClock(), led, new HardwareNonceSource());
            string address = WifiConnector.LocalAddress() + ":" + config.DesktopPort.ToString();
            Debug.WriteLine("Collector " + config.NodeId.ToString() + " running for cluster " + config.ClusterId.ToString() + ", radio " + config.Radio);
            Debug.WriteLine("Watch it: dotnet run --project desktop-monitor/RaftEsp.Monitor -- --collector " + address
                + " --cluster-id " + config.ClusterId.ToString() + " --cluster-key <the cluster key>");
            BoardStartup.RunForever(app.RunOnce, wake, led);
        }
    }
}
