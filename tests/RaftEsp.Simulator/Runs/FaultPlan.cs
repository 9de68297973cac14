namespace RaftEsp.Simulator;

/// <summary>
/// Random faults for the safety phase, drawn from the faults sub-seed: crashes (of any board, of the leader, of a
/// minority at once), isolation, majority/minority splits, flapping links and loss bursts. Each fault ends after a
/// random time; the liveness phase heals whatever is left.
/// </summary>
public sealed class FaultPlan
{
    private readonly Simulation sim;
    private readonly SplitMix64 random;
    private long until;

    public FaultPlan(Simulation sim, ulong seed)
    {
        this.sim = sim;
        random = new SplitMix64(seed);
    }

    public int Injected { get; private set; }

    public void Start(long untilMicros)
    {
        until = untilMicros;
        Schedule();
    }

    /// <summary>Crashes whoever leads every 1 to 3 s and restarts it 0.5 to 2 s later: nothing else goes wrong.</summary>
    public void StartLeaderCrashes(long untilMicros)
    {
        until = untilMicros;
        ScheduleLeaderCrash();
    }

    private void ScheduleLeaderCrash() => sim.Events.After(random.Between(1_000_000, 3_000_000), () =>
    {
        if (sim.Now >= until) return;
        int leader = sim.Leader();
        if (leader >= 0)
        {
            Injected++;
            sim.Crash(leader);
            Later(500_000, 2_000_000, () => sim.Restart(leader));
        }

        ScheduleLeaderCrash();
    });

    private void Schedule() => sim.Events.After(random.Between(200_000, 1_500_000), () =>
    {
        if (sim.Now >= until) return;
        Inject();
        Schedule();
    });

    private void Inject()
    {
        Injected++;
        int n = sim.Boards.Count;
        int roll = random.Next(100);
        if (roll < 20)
        {
            int id = random.Next(n);
            sim.Crash(id);
            Later(200_000, 4_000_000, () => sim.Restart(id));
        }
        else if (roll < 35)
        {
            int leader = sim.Leader();
            if (leader < 0) return;
            sim.Crash(leader);
            Later(300_000, 3_000_000, () => sim.Restart(leader));
        }
        else if (roll < 42)
        {
            int[] minority = Shuffled(n).Take((n - 1) / 2).ToArray();
            foreach (int id in minority) sim.Crash(id);
            Later(200_000, 2_000_000, () =>
            {
                foreach (int id in minority) sim.Restart(id);
            });
        }
        else if (roll < 57)
        {
            sim.Isolate(random.Next(n));
            Later(300_000, 3_000_000, sim.Heal);
        }
        else if (roll < 72)
        {
            int[] order = Shuffled(n);
            int cut = 1 + random.Next(n - 1);
            sim.Partition(order.Take(cut).ToArray(), order.Skip(cut).ToArray());
            Later(300_000, 3_000_000, sim.Heal);
        }
        else if (roll < 86)
        {
            int a = random.Next(n), b = random.Next(n);
            if (a != b) sim.Say($"the link between nodes {a} and {b} flaps");
            Flap(a, b, sim.Now + random.Between(1_000_000, 3_000_000), random.Between(20_000, 300_000), sim.Faults.HealEpoch);
        }
        else
        {
            int id = random.Next(n);
            double p = 0.3 + 0.6 * random.NextDouble();
            for (int other = 0; other < n; other++)
            {
                sim.Faults.SetExtraLoss(id, other, p);
                sim.Faults.SetExtraLoss(other, id, p);
            }

            sim.Say($"node {id}'s links lose {p:P0} of frames");
            Later(500_000, 2_000_000, sim.Heal);
        }
    }

    private void Flap(int a, int b, long end, long period, int epoch)
    {
        if (a == b || sim.Faults.HealEpoch != epoch) return;
        if (sim.Now >= end)
        {
            sim.Faults.Mend(a, b);
            return;
        }

        if (sim.Faults.IsCut(a, b)) sim.Faults.Mend(a, b);
        else sim.Faults.Cut(a, b);
        sim.Events.After(period, () => Flap(a, b, end, period, epoch));
    }

    private void Later(long min, long max, Action action) => sim.Events.After(random.Between(min, max), action);

    private int[] Shuffled(int n)
    {
        int[] order = Enumerable.Range(0, n).ToArray();
        for (int i = n - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }
}
