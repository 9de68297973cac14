using System.CommandLine;
using System.Net;
using RaftEsp.Apps;
using RaftEsp.Core;
using RaftEsp.Host;

namespace RaftEsp.VirtualBoard;

/// <summary>
/// raftesp-board: one virtual board. It runs the same NodeApp as a real board, on the host adapters: the ether for
/// its radio, a directory for its flash, the system's monotonic clock. Prints <c>ready node=N radio=host:port</c>
/// once it runs, then its role, term and leader whenever they change. Stops cleanly on Ctrl+C or SIGTERM; a kill -9
/// loses nothing acknowledged, because every acknowledgement leaves only after its state is fsync'd.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var common = new CommonOptions();
        var node = new Option<int?>("--node") { Description = "this board's node id (required unless the config file gives it)" };
        var dataDir = new Option<string>("--data-dir") { Description = "this board's flash: a directory of its own", Required = true };
        var quiet = new Option<bool>("--quiet") { Description = "print only the ready line and errors" };
        var join = new Option<bool>("--join") { Description = "join a running cluster: boot as no member and wait until the leader adds this board (join = true)" };
        var maxMembers = new Option<int?>("--max-members") { Description = "most voters and learners the cluster may hold, 1-16, the same on every board (default: the founders plus two)" };
        var root = new RootCommand("raftesp-board: a virtual RaftEsp board (one Raft node) talking through raftesp-ether.") { node, dataDir, quiet, join, maxMembers };
        common.AddTo(root);
        root.SetAction(r =>
        {
            BoardSettings settings = common.Settings(r, r.GetValue(node));
            settings.Join = r.GetValue(join);
            settings.MaxMembers = r.GetValue(maxMembers);
            BoardConfig? config = settings.Build(out string error);
            if (config == null) return Fail(error);
            if (!config.IsNode) return Fail($"node {config.NodeId} is not a member ({string.Join(',', config.Members)}) and does not --join; the collector runs as raftesp-collector");
            IPEndPoint? ether = UdpSockets.ParseEndPoint(r.GetValue(common.Ether)!, out error);
            if (ether == null) return Fail("--ether: " + error);
            if (BoardSettings.WeakKeyWarning(config) is string warning) Console.Error.WriteLine(warning);
            return Run(config, r.GetValue(dataDir)!, ether, r.GetValue(common.Watchdog), r.GetValue(quiet));
        });
        return root.Parse(args).Invoke();
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine("error: " + message);
        return 2;
    }

    private static int Run(BoardConfig config, string dataDir, IPEndPoint etherAt, bool watchdog, bool quiet)
    {
        using var lifetime = new ProcessLifetime(watchdog);
        using var flash = new DirectoryFlashFiles(dataDir);
        using var radio = new EtherRadio(config.NodeId, etherAt);
        var led = new ConsoleLed();
        var app = new NodeApp(config, radio, flash, new SystemClock(), led) { Nonces = new CryptoNonceSource() };
        ErrorCode started = app.Start();
        if (started != ErrorCode.None)
        {
            // As a real board does: it stays out of the cluster, answers status polls with the fault, blinks it.
            Console.Error.WriteLine($"error: node {config.NodeId} cannot start from {flash.Directory}: {ErrorCodes.Name(started)}; it stays out of the cluster and reports the fault");
        }

        RaftNode raft = app.Node;
        Console.WriteLine($"ready node={config.NodeId} radio={radio.LocalEndPoint} term={raft.Term} commit={raft.CommitIndex} data-dir={flash.Directory}");
        var watcher = new RoleWatcher(raft, quiet ? null : Console.WriteLine);
        while (!lifetime.Token.IsCancellationRequested)
        {
            int wait = app.RunOnce();
            watcher.Check();
            if (wait > 0) radio.WaitForFrame(wait);
        }

        Console.WriteLine($"node {config.NodeId} stopping ({lifetime.Reason}): {watcher.Describe()}, commit {raft.CommitIndex}, applied {raft.AppliedIndex}");
        return 0;
    }
}
