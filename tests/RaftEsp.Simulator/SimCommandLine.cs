using System.Globalization;
using System.CommandLine;

namespace RaftEsp.Simulator;

/// <summary>
/// The console's options, and the one way from a command line to <see cref="RunSettings"/>: the console uses it, and
/// the tests use it to parse a printed replay command back into the run it came from.
/// </summary>
public sealed class SimCommandLine
{
    private static readonly RunSettings Defaults = new();

    public Option<ulong> Seed { get; } = new("--seed") { Description = "root seed; run i of --runs uses seed+i", DefaultValueFactory = _ => 1 };
    public Option<int> Runs { get; } = new("--runs") { Description = "number of runs", DefaultValueFactory = _ => 1 };
    public Option<int> Nodes { get; } = new("--nodes") { Description = "boards in the cluster (3-9)", DefaultValueFactory = _ => Defaults.Nodes };
    public Option<double> Loss { get; } = InvariantNumber("--loss", "radio loss per frame copy, 0-0.9", Defaults.Loss);
    public Option<double> Duration { get; } = InvariantNumber("--duration", "simulated seconds of the safety phase", Defaults.Duration);
    public Option<double> PhyRate { get; } = InvariantNumber("--phy-rate", "radio PHY rate in Mbit/s", Defaults.PhyRate);
    public Option<int> Clients { get; } = new("--clients") { Description = "concurrent clients of the server node", DefaultValueFactory = _ => Defaults.Clients };
    public Option<double> ThinkMs { get; } = InvariantNumber("--think-ms", "client think time between operations, ms (max)", Defaults.ThinkMs);
    public Option<string> Faults { get; } = new("--faults") { Description = "random (crashes, partitions, flapping links, loss bursts), leader (only leader crashes), or none", DefaultValueFactory = _ => Defaults.Faults };
    public Option<bool> Naive { get; } = new("--naive") { Description = "one entry per frame and no broadcast, for comparison" };
    public Option<bool> ReplayAttacks { get; } = new("--replay-attacks") { Description = "an adversary records frames and feeds them back to boards later; the boards must refuse them" };
    public Option<int> Sessions { get; } = new("--sessions") { Description = "sessions each board's table holds; fewer than --clients makes registers evict live sessions (0: room for every client)", DefaultValueFactory = _ => Defaults.Sessions };
    public Option<bool> Replays { get; } = new("--replays") { Description = "an adversary re-sends acknowledged writes later; they must change nothing and append nothing" };
    public Option<bool> PreferServer { get; } = new("--prefer-server") { Description = "the server node is the preferred leader, as on the boards" };
    public Option<bool> Membership { get; } = new("--membership") { Description = "random membership changes during the run: boards join, are removed and replaced, leadership moves" };
    public Option<string> BoardModel { get; } = new("--board-model") { Description = "board CPU and flash model: interpreted (the boards as they run), native-tag (the frame tag in native code), or free (no CPU or flash time: the protocol and the air alone)", DefaultValueFactory = _ => Defaults.BoardModel };
    public Option<bool> Quiet { get; } = new("--quiet") { Description = "summary lines only" };
    public Option<string?> Scenario { get; } = new("--scenario") { Description = "run a named scenario (or 'all') instead of random runs" };
    public Option<string?> Figures { get; } = new("--figures") { Description = "print the figures of docs/performance.md instead of random runs: 'membership' (over --runs seeds from --seed)" };
    public Option<string?> Record { get; } = new("--record") { Description = "write the run (one run only) to this file in the monitor's recording format; open it with the monitor's --replay" };
    public Option<int> Parallel { get; } = new("--parallel") { Description = "runs at once", DefaultValueFactory = _ => Environment.ProcessorCount };

    public RootCommand Root { get; }

    public SimCommandLine()
    {
        Root = new RootCommand("RaftEsp simulator: virtual clusters on a model ESP-NOW radio, with faults and checkers.")
        {
            Seed, Runs, Nodes, Loss, Duration, PhyRate, Clients, ThinkMs, Faults, Naive, ReplayAttacks, Sessions, Replays, PreferServer, Membership, BoardModel, Quiet, Parallel, Scenario, Figures, Record,
        };
    }

    /// <summary>
    /// A number option read in the invariant culture whatever the machine's locale (a German one would read
    /// <c>0.1</c> as 1), so a printed replay command means the same everywhere.
    /// </summary>
    private static Option<double> InvariantNumber(string name, string description, double fallback) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => fallback,
        CustomParser = r =>
        {
            string text = r.Tokens.Count == 1 ? r.Tokens[0].Value : "";
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)) return value;
            r.AddError($"{name} needs a number such as 0.05 (a dot before the decimals), not '{text}'");
            return fallback;
        },
    };

    /// <summary>The settings of one run, as parsed.</summary>
    public RunSettings Settings(ParseResult r) => new()
    {
        Nodes = r.GetValue(Nodes),
        Loss = r.GetValue(Loss),
        Duration = r.GetValue(Duration),
        PhyRate = r.GetValue(PhyRate),
        Clients = r.GetValue(Clients),
        ThinkMs = r.GetValue(ThinkMs),
        Faults = r.GetValue(Faults) ?? Defaults.Faults,
        Naive = r.GetValue(Naive),
        ReplayAttacks = r.GetValue(ReplayAttacks),
        Sessions = r.GetValue(Sessions),
        Replays = r.GetValue(Replays),
        PreferServer = r.GetValue(PreferServer),
        Membership = r.GetValue(Membership),
        BoardModel = r.GetValue(BoardModel) ?? Defaults.BoardModel,
    };

    /// <summary>Parses console arguments (e.g. those of a printed replay command) into a run's settings and seed.</summary>
    public static (RunSettings Settings, ulong Seed) ParseRun(string[] args)
    {
        var cli = new SimCommandLine();
        ParseResult r = cli.Root.Parse(args);
        if (r.Errors.Count > 0) throw new ArgumentException(string.Join("; ", r.Errors.Select(e => e.Message)));
        return (cli.Settings(r), r.GetValue(cli.Seed));
    }
}
