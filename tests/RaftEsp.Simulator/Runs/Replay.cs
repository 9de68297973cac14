using System.Globalization;

namespace RaftEsp.Simulator;

/// <summary>
/// Builds every replay command the simulator prints. Numbers are written in the invariant culture and in their
/// shortest round-trip form, so the console parses back exactly the values of the run that printed the line.
/// </summary>
public static class Replay
{
    public const string Prefix = "dotnet run --project tests/RaftEsp.Simulator --";

    public static string Run(RunSettings s, ulong seed) => string.Create(CultureInfo.InvariantCulture,
        $"{Prefix} --seed {seed} --nodes {s.Nodes} --loss {s.Loss} --duration {s.Duration} --phy-rate {s.PhyRate} " +
        $"--clients {s.Clients} --think-ms {s.ThinkMs} --faults {s.Faults}{(s.Naive ? " --naive" : "")}{(s.ReplayAttacks ? " --replay-attacks" : "")}" +
        $"{(s.Sessions > 0 ? $" --sessions {s.Sessions}" : "")}{(s.Replays ? " --replays" : "")}{(s.PreferServer ? " --prefer-server" : "")}{(s.Membership ? " --membership" : "")}" +
        $"{(s.BoardModel != "interpreted" ? $" --board-model {s.BoardModel}" : "")}");

    public static string Scenario(string name, ulong seed) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix} --scenario {name} --seed {seed}");

    /// <summary>The arguments after <c>--</c> of a printed replay command (what the console receives).</summary>
    public static string[] Arguments(string command)
    {
        int start = command.IndexOf(" -- ", StringComparison.Ordinal);
        if (start < 0) throw new ArgumentException($"not a replay command: {command}");
        return command[(start + 4)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
