using System.Globalization;

namespace RaftEsp.Ether;

/// <summary>
/// A partition of the radio into groups that cannot hear each other, written <c>0,1-2,3,4</c>: groups separated by
/// <c>-</c>, node ids in a group by <c>,</c>. A node named in no group (usually the collector) hears every group.
/// </summary>
public sealed class Partition
{
    private readonly Dictionary<int, int> groupOf;

    private Partition(Dictionary<int, int> groupOf, string text)
    {
        this.groupOf = groupOf;
        Text = text;
    }

    /// <summary>The canonical text form (<c>0,1-2,3,4</c>).</summary>
    public string Text { get; }

    /// <summary>False when both nodes are named and in different groups.</summary>
    public bool Connects(int a, int b) =>
        !groupOf.TryGetValue(a, out int ga) || !groupOf.TryGetValue(b, out int gb) || ga == gb;

    /// <summary>Parses the text form. Needs at least two groups, each non-empty, node ids 0-254 named once.</summary>
    public static Partition? Parse(string text, out string error)
    {
        error = "";
        var groupOf = new Dictionary<int, int>();
        string[] groups = (text ?? "").Split('-');
        if (groups.Length < 2)
        {
            error = $"partition '{text}' needs at least two groups separated by '-', e.g. 0,1-2,3,4";
            return null;
        }

        var canonical = new List<string>();
        for (int g = 0; g < groups.Length; g++)
        {
            var members = new List<int>();
            foreach (string item in groups[g].Split(','))
            {
                if (!int.TryParse(item.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int node) || node > 254)
                {
                    error = $"partition '{text}': '{item.Trim()}' is not a node id 0-254";
                    return null;
                }

                if (!groupOf.TryAdd(node, g))
                {
                    error = $"partition '{text}': node {node} is named twice";
                    return null;
                }

                members.Add(node);
            }

            canonical.Add(string.Join(',', members));
        }

        return new Partition(groupOf, string.Join('-', canonical));
    }
}
