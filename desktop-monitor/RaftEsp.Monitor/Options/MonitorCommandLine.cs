using System.CommandLine;
using System.Globalization;
using System.Net;

namespace RaftEsp.Monitor.Options;

/// <summary>The monitor's command line: options, help text, and their checks.</summary>
public static class MonitorCommandLine
{
    public const string KeyEnvironmentVariable = "RAFTESP_CLUSTER_KEY";

    /// <summary>The root command; <paramref name="run"/> gets checked options.</summary>
    public static RootCommand Create(Func<MonitorOptions, CancellationToken, Task<int>> run)
    {
        var spec = new Spec();
        RootCommand root = spec.Root("RaftEsp desktop monitor: with no options, runs a virtual 5-board cluster on loopback and serves its live page at http://127.0.0.1:5080/.");
        root.SetAction(async (result, cancel) =>
        {
            if (!TryBuild(spec, result, Environment.GetEnvironmentVariable(KeyEnvironmentVariable), out MonitorOptions? options, out string error))
            {
                await Console.Error.WriteLineAsync("error: " + error).ConfigureAwait(false);
                return 2;
            }

            return await run(options!, cancel).ConfigureAwait(false);
        });
        return root;
    }

    /// <summary>Parses and checks <paramref name="args"/> (for tests: no environment).</summary>
    public static bool TryParse(string[] args, out MonitorOptions? options, out string error)
    {
        var spec = new Spec();
        ParseResult result = spec.Root("monitor").Parse(args);
        if (result.Errors.Count > 0)
        {
            options = null;
            error = string.Join("; ", result.Errors.Select(e => e.Message));
            return false;
        }

        return TryBuild(spec, result, null, out options, out error);
    }

    private static bool TryBuild(Spec o, ParseResult r, string? keyFromEnvironment, out MonitorOptions? options, out string error)
    {
        options = null;
        if (!TryHistory(o, r, out string? work, out long capBytes, out string? replay, out error)) return false;
        if (!HttpAddress.TryParse(r.GetValue(o.Http) ?? "", r.GetValue(o.AllowRemote), out IPEndPoint http, out error)) return false;
        RaftEsp.Apps.BoardConfig? config = null;
        string? configPath = r.GetValue(o.Config);
        if (configPath != null)
        {
            if (r.GetValue(o.Collector) == null)
            {
                error = "--config belongs to real-collector mode: add --collector host:port";
                return false;
            }

            if (!TryReadBoardConfig(configPath, out config, out error)) return false;
        }

        bool given(Option option) => r.GetResult(option) is { Implicit: false };
        int boards = config != null && !given(o.Boards) ? MaxMember(config) + 1 : r.GetValue(o.Boards);
        if (boards < 3 || boards > 9)
        {
            error = "--boards must be 3 to 9";
            return false;
        }

        int server = config != null && !given(o.ServerNode) ? config.ServerNode : r.GetValue(o.ServerNode);
        if (server < 0 || server >= boards)
        {
            error = $"--server-node must be 0..{boards - 1}";
            return false;
        }

        double timeout = r.GetValue(o.CommandTimeout);
        if (timeout < 1 || timeout > 120)
        {
            error = "--command-timeout must be 1 to 120 seconds";
            return false;
        }

        int maxMembers = r.GetValue(o.MaxMembers);
        if (maxMembers != 0 && (maxMembers < boards || maxMembers > RaftEsp.Core.Config.MaxClusterSize))
        {
            error = $"--max-members must be 0 (the founders plus two) or {boards}..{RaftEsp.Core.Config.MaxClusterSize}";
            return false;
        }

        double membershipTimeout = r.GetValue(o.MembershipTimeout);
        if (membershipTimeout < 1 || membershipTimeout > 600)
        {
            error = "--membership-timeout must be 1 to 600 seconds";
            return false;
        }

        int? udpPortGiven = r.GetValue(o.UdpPort);
        int udpPort = udpPortGiven ?? config?.DesktopPort ?? MonitorOptions.DefaultDesktopPort;
        if (udpPort < 0 || udpPort > 65535)
        {
            error = "--udp-port must be 0..65535 (0: any free port, for a collector that answers the hello's address)";
            return false;
        }

        int clusterId = config != null && !given(o.ClusterId) ? config.ClusterId : r.GetValue(o.ClusterId);
        if (clusterId < 0 || clusterId > 0xFFFF)
        {
            error = "--cluster-id must be 0..65535";
            return false;
        }

        IPEndPoint? collector = null;
        byte[]? key = null;
        string? collectorText = r.GetValue(o.Collector);
        if (collectorText != null)
        {
            if (!IPEndPoint.TryParse(collectorText, out collector) || collector.Port == 0)
            {
                error = $"--collector {collectorText}: give the collector's IP address and UDP port, e.g. 192.168.4.1:5090";
                return false;
            }

            string? keyText = r.GetValue(o.ClusterKey);
            string? keyFile = r.GetValue(o.ClusterKeyFile);
            if (keyText == null && keyFile != null)
            {
                if (!File.Exists(keyFile))
                {
                    error = $"--cluster-key-file {keyFile}: no such file";
                    return false;
                }

                keyText = File.ReadAllText(keyFile).Trim();
            }

            keyText ??= config != null ? Convert.ToHexString(config.ClusterKey) : keyFromEnvironment;
            if (keyText == null)
            {
                error = "--collector needs the cluster key: --cluster-key HEX, --cluster-key-file PATH, --config PATH or " + KeyEnvironmentVariable;
                return false;
            }

            if (!TryParseKey(keyText, out key))
            {
                error = "the cluster key must be 32 hex digits (16 bytes)";
                return false;
            }
        }
        else if (r.GetValue(o.ClusterKey) != null || r.GetValue(o.ClusterKeyFile) != null || udpPortGiven != null || r.GetResult(o.ClusterId) is { Implicit: false })
        {
            error = "--cluster-key, --cluster-key-file, --cluster-id and --udp-port belong to real-collector mode: add --collector host:port";
            return false;
        }

        options = new MonitorOptions
        {
            WorkDirectory = work,
            RecordCapBytes = capBytes,
            Replay = replay,
            Http = http,
            Collector = collector,
            UdpPort = udpPort,
            ClusterId = clusterId,
            Boards = boards,
            ServerNode = server,
            ClusterKey = key,
            CommandTimeout = TimeSpan.FromSeconds(timeout),
            MembershipTimeout = TimeSpan.FromSeconds(membershipTimeout),
            MaxMembers = maxMembers,
            Tui = r.GetValue(o.Tui),
        };
        return true;
    }

    /// <summary>--work, --record-cap-mb, --no-record and --replay (History/, docs/recording.md).</summary>
    private static bool TryHistory(Spec o, ParseResult r, out string? work, out long capBytes, out string? replay, out string error)
    {
        error = "";
        replay = r.GetValue(o.Replay);
        int capMb = r.GetValue(o.RecordCapMb);
        capBytes = capMb * 1024L * 1024;
        work = r.GetValue(o.NoRecord) || replay != null ? null : r.GetValue(o.Work);
        if (capMb < 1 || capMb > 65536)
        {
            error = "--record-cap-mb must be 1 to 65536";
            return false;
        }

        if (replay != null && (r.GetValue(o.Collector) != null || r.GetValue(o.Config) != null))
        {
            error = "--replay plays a recording: it takes no --collector or --config";
            return false;
        }

        if (string.IsNullOrWhiteSpace(work) && !r.GetValue(o.NoRecord) && replay == null)
        {
            error = "--work needs a folder (or --no-record to keep history in memory only)";
            return false;
        }

        return true;
    }

    /// <summary>The default work folder: raftesp/monitor under the user's local data folder (~/.local/share on Linux).</summary>
    public static string DefaultWorkDirectory()
    {
        string root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        return string.IsNullOrEmpty(root) ? Path.GetFullPath("raftesp-work") : Path.Combine(root, "raftesp", "monitor");
    }

    private static bool TryReadBoardConfig(string path, out RaftEsp.Apps.BoardConfig? config, out string error)
    {
        config = null;
        error = "";
        if (!File.Exists(path))
        {
            error = $"--config {path}: no such file";
            return false;
        }

        // A board's file also holds the radio adapters' lines (mac-<id>, espnow-channel, ...); set them aside the way
        // the board does, so the collector's own file works as it is.
        var adapters = new RaftEsp.BoardAdapters.AdapterSettings();
        RaftEsp.BoardAdapters.AdapterSettingsError adapterProblem = RaftEsp.BoardAdapters.AdapterSettings.Extract(File.ReadAllText(path), adapters);
        if (adapterProblem != RaftEsp.BoardAdapters.AdapterSettingsError.None)
        {
            error = $"--config {path}: {RaftEsp.BoardAdapters.AdapterSettingsErrors.Name(adapterProblem)} (line {adapters.ErrorLine})";
            return false;
        }

        var parsed = new RaftEsp.Apps.BoardConfig();
        RaftEsp.Apps.BoardConfigError problem = RaftEsp.Apps.BoardConfig.Parse(adapters.AppText, parsed);
        if (problem != RaftEsp.Apps.BoardConfigError.None)
        {
            error = $"--config {path}: {RaftEsp.Apps.BoardConfigErrors.Name(problem)}" + (parsed.ErrorLine > 0 ? $" (line {parsed.ErrorLine})" : "");
            return false;
        }

        // Members are distinct (Validate), so N of them with the largest N-1 are exactly 0..N-1.
        if (parsed.Members.Length != MaxMember(parsed) + 1)
        {
            error = $"--config {path}: the monitor shows boards 0..N-1; the members must be exactly those ids";
            return false;
        }

        config = parsed;
        return true;
    }

    private static int MaxMember(RaftEsp.Apps.BoardConfig config) => config.Members.Length == 0 ? -1 : config.Members.Max();

    /// <summary>Reads 32 hex digits into 16 key bytes.</summary>
    public static bool TryParseKey(string text, out byte[] key)
    {
        key = new byte[16];
        string hex = text.Trim();
        if (hex.Length != 32) return false;
        for (int i = 0; i < 16; i++)
        {
            if (!byte.TryParse(hex.AsSpan(2 * i, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out key[i])) return false;
        }

        return true;
    }

    /// <summary>One set of option objects (an option belongs to one command).</summary>
    private sealed class Spec
    {
        public readonly Option<string> Http = new("--http") { Description = "address of the page and the API (loopback unless --allow-remote)", DefaultValueFactory = _ => "127.0.0.1:" + HttpAddress.DefaultPort };
        public readonly Option<bool> AllowRemote = new("--allow-remote") { Description = "allow a non-loopback --http address (anyone who reaches it can drive the cluster)" };
        public readonly Option<string?> Collector = new("--collector") { Description = "watch a real collector at this UDP endpoint (host:port) instead of running a virtual cluster" };
        public readonly Option<int?> UdpPort = new("--udp-port") { Description = "local UDP port the collector sends to (real-collector mode; the boards' desktop-port, default 5700)" };
        public readonly Option<int> ClusterId = new("--cluster-id") { Description = "the cluster's 16-bit id (real-collector mode; the boards' cluster-id)", DefaultValueFactory = _ => 1 };
        public readonly Option<int> Boards = new("--boards") { Description = "boards in the cluster, server node included (3-9)", DefaultValueFactory = _ => 5 };
        public readonly Option<int> ServerNode = new("--server-node") { Description = "the board that takes commands", DefaultValueFactory = _ => 0 };
        public readonly Option<string?> ClusterKey = new("--cluster-key") { Description = "the cluster key, 32 hex digits (real-collector mode; or " + KeyEnvironmentVariable + ")" };
        public readonly Option<string?> ClusterKeyFile = new("--cluster-key-file") { Description = "file holding the cluster key as 32 hex digits" };
        public readonly Option<double> CommandTimeout = new("--command-timeout") { Description = "seconds a command may take before 503/504", DefaultValueFactory = _ => 6 };
        public readonly Option<int> MaxMembers = new("--max-members") { Description = "virtual mode: most voters and learners the cluster may hold (0: the founders plus two)", DefaultValueFactory = _ => 0 };
        public readonly Option<double> MembershipTimeout = new("--membership-timeout") { Description = "seconds a join, leave or transfer may take before 503/504 (a new board catches up meanwhile)", DefaultValueFactory = _ => 30 };
        public readonly Option<string?> Config = new("--config") { Description = "real-collector mode: read cluster-id, cluster-key, members, server-node and desktop-port from a board configuration file (e.g. the collector's)" };
        public readonly Option<bool> Tui = new("--tui") { Description = "show the live terminal view" };
        public readonly Option<string?> Work = new("--work") { Description = "work folder: the live recording goes there, a file per run named by its start time (docs/recording.md)", DefaultValueFactory = _ => DefaultWorkDirectory() };
        public readonly Option<int> RecordCapMb = new("--record-cap-mb") { Description = "cap of the live recording file, MB; past it the oldest records are dropped", DefaultValueFactory = _ => (int)(MonitorOptions.DefaultRecordCapBytes / (1024 * 1024)) };
        public readonly Option<bool> NoRecord = new("--no-record") { Description = "write no recording file (the page's time slider still reaches back, from memory)" };
        public readonly Option<string?> Replay = new("--replay") { Description = "open a recording (the monitor's or raftesp-sim --record's) read-only, with play, pause, speed and seek" };

        public RootCommand Root(string description) => new(description)
        {
            Http, AllowRemote, Collector, Config, UdpPort, ClusterId, Boards, ServerNode, ClusterKey, ClusterKeyFile, CommandTimeout, MembershipTimeout, MaxMembers, Tui,
            Work, RecordCapMb, NoRecord, Replay,
        };
    }
}
