using System.Globalization;

namespace RaftEsp.Ether;

/// <summary>
/// The text form of a radio partition, <c>0,1-2,3,4</c>: groups separated by <c>-</c>, node ids in a group by
/// <c>,</c>. The one parser of that syntax, for the ether's <c>partition</c> command and the monitor's
/// <c>/api/sim/partition</c>; each adds its own rule for nodes named in no group.
/// </summary>
public static class PartitionSyntax
{

    /// <summary>
    /// Reads <paramref name="text"/> into its groups, in order: every group non-empty, every id a number 0-254 named
    /// once. False with the reason in <paramref name="error"/> otherwise.
    /// </summary>
    public static bool TryParse(string? text, out List<int[]> groups, out string error)
    {
        groups = new List<int[]>();
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "no groups given: write them as 0,1-2,3,4 ('-' separates groups, ',' node ids)";
            return false;
        }

        var named = new HashSet<int>();
        foreach (string part in text.Split('-'))
        {
            var group = new List<int>();
            foreach (string item in part.Split(','))
            {
                string id = item.Trim();
                if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out int node) || node > RaftEsp.Core.NodeId.MaxId)
                {
                    error = $"'{id}' in '{text}' is not a node id 0-{RaftEsp.Core.NodeId.MaxId} (groups look like 0,1-2,3,4)";
                    return false;
                }

                if (!named.Add(node))
                {
                    error = $"node {node} is named twice in '{text}'";
                    return false;
                }

                group.Add(node);
            }

            groups.Add(group.ToArray());
        }

        return true;
    }

    /// <summary>The text form of <paramref name="groups"/>: the same syntax <see cref="TryParse"/> reads.</summary>
    public static string Format(IEnumerable<IEnumerable<int>> groups) =>
        string.Join('-', groups.Select(g => string.Join(',', g.Select(n => n.ToString(CultureInfo.InvariantCulture)))));
}
