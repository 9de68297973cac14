namespace RaftEsp.Simulator;

/// <summary>What a named scenario found: checker violations, unmet expectations, and figures worth reporting.</summary>
public sealed class ScenarioOutcome
{
    public required string Name { get; init; }
    public required ulong Seed { get; init; }
    public List<string> Failures { get; } = new();
    public List<string> Notes { get; } = new();
    public bool Ok => Failures.Count == 0;
    public string Replay => Simulator.Replay.Scenario(Name, Seed);

    public void Expect(bool condition, string what)
    {
        if (!condition) Failures.Add("expected " + what);
    }

    public override string ToString() =>
        $"scenario {Name}, seed {Seed}: {(Ok ? "ok" : "FAILED")}" +
        string.Concat(Notes.Select(n => "\n  " + n)) +
        string.Concat(Failures.Select(f => "\n  FAILURE: " + f)) +
        (Ok ? "" : "\n  replay: " + Replay);
}
