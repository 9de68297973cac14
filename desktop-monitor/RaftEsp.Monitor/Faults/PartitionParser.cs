using RaftEsp.Ether;

namespace RaftEsp.Monitor.Faults;

/// <summary>
/// The monitor's rules on top of <see cref="PartitionSyntax"/> ("0,1-2,3,4" isolates boards 0 and 1 from boards 2,
/// 3 and 4): every board named must exist, and boards not named form one group each (cut off from everyone), so
/// the ether's rule for unnamed nodes (they hear all) applies only to the collector.
/// </summary>
public static class PartitionParser
{
    public static bool TryParse(string? text, int boardCount, out IReadOnlyList<IReadOnlyList<int>> groups, out string error)
    {
        groups = Array.Empty<IReadOnlyList<int>>();
        if (!PartitionSyntax.TryParse(text, out List<int[]> parsed, out error))
        {
            error = "groups: " + error;
            return false;
        }

        var named = new bool[boardCount];
        foreach (int node in parsed.SelectMany(g => g))
        {
            if (node >= boardCount)
            {
                error = $"board {node} does not exist (boards are 0..{boardCount - 1})";
                return false;
            }

            named[node] = true;
        }

        if (parsed.Count < 2 && Array.TrueForAll(named, n => n))
        {
            error = "one group holding every board is no partition; use /api/sim/heal";
            return false;
        }

        var result = new List<IReadOnlyList<int>>(parsed);
        for (int node = 0; node < boardCount; node++)
        {
            if (!named[node]) result.Add(new[] { node });
        }

        groups = result;
        return true;
    }

    /// <summary>Writes groups back as text, "{0,1} | {2,3,4}".</summary>
    public static string Describe(IReadOnlyList<IReadOnlyList<int>> groups) =>
        string.Join(" | ", groups.Select(g => "{" + string.Join(",", g) + "}"));
}
