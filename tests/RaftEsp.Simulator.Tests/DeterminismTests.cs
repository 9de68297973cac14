using System.Security.Cryptography;
using System.Text;

namespace RaftEsp.Simulator.Tests;

public class DeterminismTests
{
    private static string Fingerprint(ulong seed)
    {
        var options = new SimOptions { Loss = 0.05, Duplication = 0.01, ReorderMicros = 2_000 };
        var sim = new Simulation(options, seed);
        var plan = new FaultPlan(sim, sim.Seeds.Faults);
        plan.Start(5_000_000);
        sim.RunFor(5_000_000);
        var text = new StringBuilder();
        text.Append(sim.Events.Processed).Append('|').Append(sim.Channel.Stats.Transmissions).Append('|').Append(sim.Channel.Stats.Collisions);
        foreach (var op in sim.History) text.Append('|').Append(op);
        foreach (var kv in sim.Checker.Applied.OrderBy(kv => kv.Key)) text.Append('|').Append(kv.Key).Append(kv.Value);
        foreach (var b in sim.Boards) text.Append('|').Append(b.Node.Term).Append(',').Append(b.Node.CommitIndex).Append(',').Append(b.Node.Log.LastIndex);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    [Fact]
    public void The_same_seed_replays_the_same_run_bit_for_bit() => Assert.Equal(Fingerprint(42), Fingerprint(42));

    [Fact]
    public void Another_seed_gives_another_run() => Assert.NotEqual(Fingerprint(42), Fingerprint(43));

    [Fact]
    public void Sub_seeds_differ_per_subsystem()
    {
        var s = new Seeds(1);
        var all = new[] { s.Radio, s.Storage, s.Clients, s.Nodes, s.Faults, s.Key, s.Clocks, s.Replays, s.Membership };
        Assert.Equal(all.Length, all.Distinct().Count());
    }
}
