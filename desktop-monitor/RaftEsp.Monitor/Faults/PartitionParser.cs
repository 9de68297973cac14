namespace RaftEsp.Monitor.Faults;

/// <summary>
/// Parses partition groups written as "0,1-2,3,4": '-' separates groups, ',' separates the boards of a group, so
/// that example isolates boards 0 and 1 from boards 2, 3 and 4. Boards not listed form one group each (cut off from
/// everyone). Every board listed must exist and appear once.
/// </summary>
public static class PartitionParser
{
    public static bool TryParse(string? text, int boardCount, out IReadOnlyList<IReadOnlyList<int>> groups, out string error)
    {
        groups = Array.Empty<IReadOnlyList<int>>();
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "groups is required, e.g. groups=0,1-2,3,4 ('-' separates groups, ',' boards)";
            return false;
        }

        var seen = new bool[boardCount];
        var result = new List<IReadOnlyList<int>>();
        foreach (string part in text.Split('-'))
        {
            var group = new List<int>();
            foreach (string item in part.Split(','))
            {
                if (!int.TryParse(item.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int node))
                {
                    error = $"'{item}' is not a board id (groups look like 0,1-2,3,4)";
                    return false;
                }

                if (node >= boardCount)
                {
                    error = $"board {node} does not exist (boards are 0..{boardCount - 1})";
                    return false;
                }

                if (seen[node])
                {
                    error = $"board {node} appears twice";
                    return false;
                }

                seen[node] = true;
                group.Add(node);
            }

            result.Add(group);
        }

        if (result.Count < 2 && Array.TrueForAll(seen, s => s))
        {
            error = "one group holding every board is no partition; use /api/sim/heal";
            return false;
        }

        for (int node = 0; node < boardCount; node++)
        {
            if (!seen[node]) result.Add(new[] { node });
        }

        groups = result;
        return true;
    }

    /// <summary>Writes groups back as text, "{0,1} | {2,3,4}".</summary>
    public static string Describe(IReadOnlyList<IReadOnlyList<int>> groups) =>
        string.Join(" | ", groups.Select(g => "{" + string.Join(",", g) + "}"));
}
