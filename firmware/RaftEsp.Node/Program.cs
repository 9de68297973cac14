using System.Diagnostics;
using System.Threading;
using RaftEsp.Apps;
using RaftEsp.BoardAdapters;
using RaftEsp.Core;

namespace RaftEsp.Node
{
    /// <summary>
    /// A Raft node board (the server node too: which one it is comes from <c>server-node</c>). Reads the
    /// configuration, builds the board adapters, starts <see cref="NodeApp"/> and runs its loop, waking for each
    /// received frame or when the next tick is due. docs/flashing.md walks through deploying it.
    /// </summary>
    public static class Program
    {
        /// <summary>Entry point.</summary>
        public static void Main()
        {
            LoadedConfig loaded = BoardStartup.LoadConfigOrHalt("RaftEsp node", DefaultConfig.Text);
            BoardConfig config = loaded.Config;
            IStatusLed led = BoardStartup.OpenLed(config.LedPin, loaded.Adapter.LedActiveLow);
            if (config.IsCollector)
            {
                BoardStartup.Halt(led, ErrorFamily.WrongFirmware, 2, "this is the collector's configuration (node-id = collector-id): deploy RaftEsp.Collector");
            }

            BoardStartup.JoinWifi(config, BoardRadios.NeedsWifi(config), led);

            AutoResetEvent wake = new AutoResetEvent(false);
            FrameInbox radioInbox = new FrameInbox(BoardRadios.InboxFrames, FrameLimits.MaxFrameBytes, wake);
            IRadio radio = BoardStartup.StartRadioOrHalt(loaded, radioInbox, led);

            FlashFiles flash = new FlashFiles(FlashFiles.InternalFlash);
            if (flash.RecoveredOnStart > 0)
            {
                Debug.WriteLine("Flash: finished " + flash.RecoveredOnStart.ToString() + " replacement(s) a power cut interrupted");
            }

            // Sync nonces from the chip's hardware RNG (docs/wire-format.md, "Security"): fresh even after a flash restore.
            NodeApp app = new NodeApp(config, radio, flash, new BoardClock(), led) { Nonces = new HardwareNonceSource() };
            ErrorCode started = app.Start();
            if (started != ErrorCode.None)
            {
                // The app stays out of the cluster but keeps running: it answers status polls with the fault, so the
                // monitor shows the board, and its LED shows the fault pattern (docs/flashing.md, Troubleshooting).
                Debug.WriteLine("Node " + config.NodeId.ToString() + " refused its flash state (" + ErrorCodes.Name(started)
                    + "): it stays out of the cluster; erase the board and redeploy to let it rejoin");
            }

            Debug.WriteLine("Node " + config.NodeId.ToString() + " running" + (config.NodeId == config.ServerNode ? " (server node)" : string.Empty)
                + ", cluster " + config.ClusterId.ToString() + ", " + config.Members.Length.ToString() + " members, radio " + config.Radio);
            BoardStartup.RunForever(app.RunOnce, wake, led);
        }
    }
}
