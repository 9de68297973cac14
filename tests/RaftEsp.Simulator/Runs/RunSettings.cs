namespace RaftEsp.Simulator;

/// <summary>
/// What one random run depends on besides its seed, as the console takes it (<c>--nodes</c>, <c>--loss</c>, ...).
/// The one place that turns console settings into <see cref="SimOptions"/> and into the command that replays a run:
/// the console and the tests both go through it, so a printed replay command rebuilds exactly the run's options.
/// </summary>
public sealed record RunSettings
{
    public int Nodes { get; init; } = 5;
    public double Loss { get; init; } = 0.02;

    /// <summary>Simulated seconds of the safety phase.</summary>
    public double Duration { get; init; } = 20;

    public double PhyRate { get; init; } = 1;
    public int Clients { get; init; } = 3;
    public double ThinkMs { get; init; } = 100;

    /// <summary>random, leader or none (<see cref="Mode"/>).</summary>
    public string Faults { get; init; } = "random";

    public bool Naive { get; init; }

    /// <summary>An adversary replays recorded frames (<c>--replay-attacks</c>).</summary>
    public bool ReplayAttacks { get; init; }

    /// <summary>Sessions per board (<see cref="SimOptions.ClientSessions"/>); 0: room for every client.</summary>
    public int Sessions { get; init; }

    /// <summary>Re-send acknowledged writes later (<see cref="SimOptions.ReplayOldRequests"/>).</summary>
    public bool Replays { get; init; }

    /// <summary>The server node is the preferred leader (<see cref="SimOptions.PreferServer"/>).</summary>
    public bool PreferServer { get; init; }

    /// <summary>Random membership changes and transfers during the safety phase (<c>--membership</c>, <see cref="MembershipPlan"/>).</summary>
    public bool Membership { get; init; }

    /// <summary>The boards' CPU and flash model (<see cref="BoardCosts.ModelNames"/>): <c>interpreted</c> is the boards
    /// as they run; the others show what a faster board would change.</summary>
    public string BoardModel { get; init; } = "interpreted";

    /// <summary>Board ids a membership run leaves room for beyond the founders (joiners take the next free id).</summary>
    public const int JoinerRoom = 8;

    public long SafetyMicros => (long)(Duration * 1_000_000);

    /// <summary>A clear error for settings the simulator cannot run, or null.</summary>
    public string? Validate()
    {
        if (Nodes < 3 || Nodes > 9) return "--nodes must be 3 to 9";
        if (Loss < 0 || Loss > 0.9) return "--loss must be 0 to 0.9";
        if (Duration <= 0 || Duration > 24 * 3600) return "--duration must be above 0 and at most a day";
        if (PhyRate < 0.1 || PhyRate > 54) return "--phy-rate must be 0.1 to 54 Mbit/s";
        if (Clients < 0 || Clients > 200) return "--clients must be 0 to 200";
        if (ThinkMs < 0) return "--think-ms must not be negative";
        if (Sessions < 0 || Sessions > RaftEsp.Core.Config.MaxClientSessions) return $"--sessions must be 0 (room for every client) to {RaftEsp.Core.Config.MaxClientSessions}";
        if (Mode == null) return "--faults must be random, leader or none";
        if (BoardCosts.Named(BoardModel) == null) return $"--board-model must be {string.Join(", ", BoardCosts.ModelNames)}";
        return null;
    }

    public FaultMode? Mode => Faults switch
    {
        "random" => FaultMode.Random,
        "leader" => FaultMode.LeaderCrashes,
        "none" => FaultMode.None,
        _ => null,
    };

    /// <summary>The simulation's options for these settings (random faults also duplicate and reorder frames).</summary>
    public SimOptions ToOptions() => new()
    {
        Nodes = Nodes,
        Loss = Loss,
        Clients = Clients,
        ClientThinkMicros = (long)(ThinkMs * 1000),
        Naive = Naive,
        ClientSessions = Sessions,
        ReplayOldRequests = Replays,
        PreferServer = PreferServer,
        RandomMembership = Membership,
        MaxBoards = Membership ? Nodes + JoinerRoom : 0,
        Radio = new RadioConfig { PhyRateMbps = PhyRate },
        Duplication = Mode == FaultMode.Random ? 0.01 : 0,
        ReorderMicros = Mode == FaultMode.Random ? 2_000 : 0,
        ReplayAttacks = ReplayAttacks,
        Costs = BoardCosts.Named(BoardModel) ?? BoardCosts.Interpreted,
    };

    /// <summary>The console command that replays the run of <paramref name="seed"/> with these settings.</summary>
    public string ReplayCommand(ulong seed) => Replay.Run(this, seed);
}
