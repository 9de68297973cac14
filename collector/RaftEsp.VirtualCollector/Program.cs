using System.CommandLine;
using System.Net;
using RaftEsp.Apps;
using RaftEsp.Host;
using RaftEsp.VirtualBoard;

namespace RaftEsp.VirtualCollector;

/// <summary>
/// raftesp-collector: the virtual collector. It runs the same CollectorApp as the collector board, with the ether as
/// its radio and a UDP socket on 127.0.0.1 as its link to the desktop: it polls every member for its status and
/// relays reports, results and commands, tagged with the cluster key (docs/protocol.md). It streams only to the
/// desktop that completed the handshake last. Prints <c>ready collector=N listen=host:port</c>.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var common = new CommonOptions();
        var listen = new Option<string>("--listen") { Description = "where the desktop sends, host:port on loopback (port 0: any free port)", Required = true };
        var sniff = new Option<bool>("--sniff") { Description = "also hear unicast frames between boards (radio activity counters)" };
        var root = new RootCommand("raftesp-collector: the virtual collector, bridging raftesp-ether to the desktop monitor over UDP.") { listen, sniff };
        common.AddTo(root);
        root.SetAction(r =>
        {
            BoardSettings settings = common.Settings(r, null);
            settings.Node = settings.CollectorId ?? (settings.ConfigFile == null ? BoardSettings.DefaultCollectorId : null);
            BoardConfig? config = settings.Build(out string error);
            if (config == null) return Fail(error);
            if (!config.IsCollector) return Fail($"node {config.NodeId} is not the collector (collector-id {config.CollectorId}); boards run as raftesp-board");
            IPEndPoint? ether = UdpSockets.ParseEndPoint(r.GetValue(common.Ether)!, out error);
            if (ether == null) return Fail("--ether: " + error);
            IPEndPoint? listenAt = UdpSockets.ParseEndPoint(r.GetValue(listen)!, out error);
            if (listenAt == null) return Fail("--listen: " + error);
            if (!IPAddress.IsLoopback(listenAt.Address)) return Fail($"--listen: the virtual collector binds to loopback only, not {listenAt.Address}");
            if (BoardSettings.WeakKeyWarning(config) is string warning) Console.Error.WriteLine(warning);
            return Run(config, ether, listenAt, r.GetValue(sniff), r.GetValue(common.Watchdog));
        });
        return root.Parse(args).Invoke();
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine("error: " + message);
        return 2;
    }

    private static int Run(BoardConfig config, IPEndPoint etherAt, IPEndPoint listenAt, bool sniff, bool watchdog)
    {
        using var lifetime = new ProcessLifetime(watchdog);
        LoopbackDesktopLink link;
        try
        {
            link = new LoopbackDesktopLink(listenAt);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            Console.Error.WriteLine($"error: cannot listen on {listenAt}: {e.Message}");
            return 1;
        }

        using (link)
        using (var radio = new EtherRadio(config.NodeId, etherAt, sniff))
        {
            var app = new CollectorApp(config, radio, link, new SystemClock(), new ConsoleLed(), new CryptoNonceSource());
            Console.WriteLine($"ready collector={config.NodeId} listen={link.LocalEndPoint} radio={radio.LocalEndPoint}");
            WaitHandle[] inputs = [radio.Arrivals, link.Arrivals];
            IPEndPoint? shownDesktop = null;
            while (!lifetime.Token.IsCancellationRequested)
            {
                int wait = app.RunOnce();
                if (!Equals(link.Desktop, shownDesktop))
                {
                    shownDesktop = link.Desktop;
                    Console.WriteLine($"collector {config.NodeId}: desktop at {shownDesktop}");
                }

                if (wait > 0) WaitHandle.WaitAny(inputs, wait);
            }

            Console.WriteLine($"collector {config.NodeId} stopping ({lifetime.Reason}): {link.Received} datagrams in, {link.SentCount} out, {radio.Sent} frames sent");
        }

        return 0;
    }
}
