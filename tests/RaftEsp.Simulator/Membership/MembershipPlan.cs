namespace RaftEsp.Simulator;

/// <summary>
/// The membership nemesis of random runs (<c>--membership</c>): every 1 to 3 s, when the operator is idle, it asks for
/// one random change of the committed configuration while the <see cref="FaultPlan"/> crashes, cuts and restarts
/// boards: add a new board, remove a member (a third of the time the leader, which must hand over first), replace a
/// voter (a new board joins, then the old one, up or down, is removed), or transfer the leadership to a random voter.
/// It keeps at least three voters and never removes the server node (the board clients talk to: on the boards it
/// refuses to leave). Its draws come from the membership sub-seed.
/// </summary>
public sealed class MembershipPlan
{
    /// <summary>Fewest voters the plan leaves: the cluster still tolerates one crash.</summary>
    public const int MinVoters = 3;

    private readonly Simulation sim;
    private readonly SplitMix64 random;
    private long until;

    public MembershipPlan(Simulation sim, ulong seed)
    {
        this.sim = sim;
        random = new SplitMix64(seed);
    }

    /// <summary>Changes asked for (a replace counts once).</summary>
    public int Requested { get; private set; }

    public void Start(long untilMicros)
    {
        until = untilMicros;
        Schedule();
    }

    private void Schedule() => sim.Events.After(random.Between(1_000_000, 3_000_000), () =>
    {
        if (sim.Now >= until) return;
        if (sim.Operator.Idle) Inject();
        Schedule();
    });

    private void Inject()
    {
        MemberSet committed = sim.Configurations.Committed;
        bool room = sim.CanAddBoard && committed.Voters.Count + committed.Learners.Count < sim.MemberCapacity;
        int server = sim.Options.ServerNode;
        int roll = random.Next(100);
        if (roll < 30 && room)
        {
            Requested++;
            sim.Join();
        }
        else if (roll < 55)
        {
            int leader = sim.Leader();
            bool votersToSpare = committed.Voters.Count > MinVoters;
            var removable = committed.Members.Where(id => id != server && (votersToSpare || !committed.Voters.Contains(id))).ToList();
            if (removable.Count == 0) return;
            int target = removable.Contains(leader) && random.Next(3) == 0 ? leader : removable[random.Next(removable.Count)];
            Requested++;
            sim.Operator.Request(ChangeKind.Remove, target);
        }
        else if (roll < 80 && room)
        {
            var replaceable = committed.Voters.Where(id => id != server).ToList();
            if (replaceable.Count == 0) return;
            int old = replaceable[random.Next(replaceable.Count)];
            Requested++;
            sim.Join();
            sim.Operator.Request(ChangeKind.Remove, old);
        }
        else
        {
            int leader = sim.Leader();
            var targets = committed.Voters.Where(id => id != leader).ToList();
            if (leader < 0 || targets.Count == 0) return;
            Requested++;
            sim.Operator.Request(ChangeKind.Transfer, targets[random.Next(targets.Count)]);
        }
    }
}
