using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>Everything a run depends on besides its seed.</summary>
public sealed class SimOptions
{
    public int Nodes { get; set; } = 5;

    /// <summary>The fixed server node clients talk to.</summary>
    public int ServerNode { get; set; }

    public int Clients { get; set; } = 3;

    /// <summary>
    /// Sessions each board's table holds; 0: room for every client (and some spare registers). Fewer than
    /// <see cref="Clients"/> makes registers evict sessions that are still in use (session churn).
    /// </summary>
    public int ClientSessions { get; set; }

    /// <summary>An adversary re-sends acknowledged writes later, unchanged (<see cref="RequestReplayer"/>).</summary>
    public bool ReplayOldRequests { get; set; }

    /// <summary>Clients start this long after power-on (figures that settle the leader before the load).</summary>
    public long ClientStartMicros { get; set; }

    /// <summary>Client think time between operations, uniform in [0, this].</summary>
    public long ClientThinkMicros { get; set; } = 100_000;

    /// <summary>A client retries an unanswered operation after this long (with the same session sequence).</summary>
    public long ClientTimeoutMicros { get; set; } = 1_500_000;

    /// <summary>One way between a client and the server node (UDP to the collector, then the radio).</summary>
    public long ClientLinkMicros { get; set; } = 3_000;

    /// <summary>Share of gets among client operations (the rest: 4/5 sets, 1/5 removes).</summary>
    public double GetShare { get; set; } = 0.25;

    /// <summary>All boards tick at the same instants (scenarios that need boards to time out together).</summary>
    public bool AlignTicks { get; set; }

    /// <summary>Board tick period: 10 ms.</summary>
    public long TickMicros { get; set; } = 10_000;

    public RadioConfig Radio { get; set; } = new();
    public BoardCosts Costs { get; set; } = new();

    /// <summary>Radio loss per frame copy on every link.</summary>
    public double Loss { get; set; }

    public double Duplication { get; set; }
    public long ReorderMicros { get; set; }

    /// <summary>Probability that a write in flight at a crash is left torn (detected and discarded) rather than simply lost.</summary>
    public double TornWriteProbability { get; set; } = 0.5;

    /// <summary>Budget of a board's raft.log before the store rewrites it as one record.</summary>
    public int MaxLogFileBytes { get; set; } = 16 * 1024;

    /// <summary>One entry per frame and no broadcast: the naive setting the batching and broadcast are compared with.</summary>
    public bool Naive { get; set; }

    /// <summary>The server node is every node's preferred leader, as on the boards (docs/design.md, "Leadership
    /// transfer"). Off by default so that runs and scenarios keep the leader they elect.</summary>
    public bool PreferServer { get; set; }

    /// <summary>
    /// Board ids the radio has room for: the founders (0..Nodes-1) and boards that join later (the next free id each).
    /// 0: the founders only. Membership runs and scenarios leave room for joiners.
    /// </summary>
    public int MaxBoards { get; set; }

    /// <summary>Boards the radio and the fault model are sized for.</summary>
    public int BoardCapacity => Math.Max(Nodes, MaxBoards);

    /// <summary>A <see cref="MembershipPlan"/> adds, removes, replaces boards and transfers leadership at random (<c>--membership</c>).</summary>
    public bool RandomMembership { get; set; }

    /// <summary>Changes to every node's configuration (scenarios).</summary>
    public Action<Config>? Tweak { get; set; }

    /// <summary>How long a healed cluster may take to elect a leader and converge (docs/testing.md).</summary>
    public long LivenessBoundMicros { get; set; } = 10_000_000;

    /// <summary>An adversary records frames and feeds them back to boards later (<see cref="ReplayAdversary"/>).</summary>
    public bool ReplayAttacks { get; set; }

    /// <summary>Mean time between two replayed frames when <see cref="ReplayAttacks"/> is on.</summary>
    public long ReplayIntervalMicros { get; set; } = 20_000;
}
