namespace RaftEsp.Ether;

/// <summary>
/// A partition of the radio into groups that cannot hear each other, written <c>0,1-2,3,4</c>
/// (<see cref="PartitionSyntax"/>). A node named in no group (usually the collector) hears every group.
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
        if (!PartitionSyntax.TryParse(text, out List<int[]> groups, out error))
        {
            error = "partition: " + error;
            return null;
        }

        if (groups.Count < 2)
        {
            error = $"partition '{text}' needs at least two groups separated by '-', e.g. 0,1-2,3,4";
            return null;
        }

        var groupOf = new Dictionary<int, int>();
        for (int g = 0; g < groups.Count; g++)
        {
            foreach (int node in groups[g]) groupOf.Add(node, g);
        }

        return new Partition(groupOf, PartitionSyntax.Format(groups));
    }
}
