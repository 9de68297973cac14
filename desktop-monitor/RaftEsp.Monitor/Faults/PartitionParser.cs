using RaftEsp.Ether;

namespace RaftEsp.Monitor.Faults;

/// <summary>
/// The monitor's rules on top of <see cref="PartitionSyntax"/> ("0,1-2,3,4" isolates boards 0 and 1 from boards 2,
/// 3 and 4): every board named must exist, and boards not named form one group each (cut off from everyone), so
/// the ether's rule for unnamed nodes (they hear all) applies only to the collector.
/// </summary>
public static class PartitionParser
{
    /// <summary>As below, for the boards 0..<paramref name="boardCount"/>-1.</summary>
    public static bool TryParse(string? text, int boardCount, out IReadOnlyList<IReadOnlyList<int>> groups, out string error) =>
        TryParse(text, Enumerable.Range(0, boardCount).ToArray(), out groups, out error);

    /// <summary>Parses groups of the given boards (founders and joiners: ids need not be contiguous).</summary>
    public static bool TryParse(string? text, IReadOnlyList<int> boards, out IReadOnlyList<IReadOnlyList<int>> groups, out string error)
    {
        groups = Array.Empty<IReadOnlyList<int>>();
        if (!PartitionSyntax.TryParse(text, out List<int[]> parsed, out error))
        {
            error = "groups: " + error;
            return false;
        }

        var named = new HashSet<int>();
        foreach (int node in parsed.SelectMany(g => g))
        {
            if (!boards.Contains(node))
            {
                error = $"board {node} does not exist (boards: {string.Join(",", boards)})";
                return false;
            }

            named.Add(node);
        }

        if (parsed.Count < 2 && boards.All(named.Contains))
        {
            error = "one group holding every board is no partition; use /api/sim/heal";
            return false;
        }

        var result = new List<IReadOnlyList<int>>(parsed);
        foreach (int node in boards)
        {
            if (!named.Contains(node)) result.Add(new[] { node });
        }

        groups = result;
        return true;
    }

    /// <summary>Writes groups back as text, "{0,1} | {2,3,4}".</summary>
    public static string Describe(IReadOnlyList<IReadOnlyList<int>> groups) =>
        string.Join(" | ", groups.Select(g => "{" + string.Join(",", g) + "}"));
}
