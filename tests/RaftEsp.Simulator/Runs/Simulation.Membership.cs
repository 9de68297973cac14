using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>
/// Boards that join and leave the simulated cluster (docs/design.md, "Membership changes"). A board joins as the boards
/// do: flashed with the same founding member list and cluster key, <see cref="Config.Join"/> set and the next free id;
/// it boots outside every configuration and follows the leader that adds it. A removed board keeps running.
/// </summary>
public sealed partial class Simulation
{
    private readonly byte[] key = new byte[16];
    private readonly byte[] members;
    private readonly SplitMix64 membershipRandom;

    /// <summary>Voters and learners a configuration may hold (<see cref="Config.MemberCapacity"/>, equal on every board).</summary>
    public int MemberCapacity { get; }

    /// <summary>Whether leaders promote caught-up learners (<see cref="Config.PromoteLearners"/>).</summary>
    public bool PromoteLearners { get; }

    /// <summary>Safety across configurations, and the committed configurations in order.</summary>
    public ConfigurationChecker Configurations { get; }

    /// <summary>Proposes membership changes and transfers through the leader with its own session.</summary>
    public MembershipOperator Operator { get; }

    /// <summary>The founding members (ids 0..Nodes-1).</summary>
    public IReadOnlyList<byte> Founders => members;

    /// <summary>True while the radio has room for one more board (<see cref="SimOptions.MaxBoards"/>).</summary>
    public bool CanAddBoard => Boards.Count < Options.BoardCapacity;

    /// <summary>Powers on a new board with the next free id as a joiner; returns its id. Nothing proposes it yet.</summary>
    public int AddBoard()
    {
        if (!CanAddBoard)
            throw new SimulationFailure($"no room for another board: the radio was sized for {Options.BoardCapacity} (SimOptions.MaxBoards)");
        int id = Boards.Count;
        long phase = membershipRandom.Between(0, Options.TickMicros - 1);
        Boards.Add(new SimulatedBoard(this, id, () => NodeConfig(id, join: true), isServer: false, Options.AlignTicks ? 0 : phase));
        Say($"node {id} powers on as a joiner");
        return id;
    }

    /// <summary>Asks the operator to add a new board: powers it on, then proposes it as a learner.</summary>
    public (int Id, MembershipChange Change) Join()
    {
        int id = AddBoard();
        return (id, Operator.Request(ChangeKind.Add, id));
    }
}
