using RaftEsp.Core;

namespace RaftEsp.VirtualBoard;

/// <summary>Prints a board's role, term and leader whenever one of them changes.</summary>
internal sealed class RoleWatcher
{
    private readonly RaftNode node;
    private readonly Action<string>? print;
    private Role role;
    private int term = -1;
    private int leader = int.MinValue;

    public RoleWatcher(RaftNode node, Action<string>? print)
    {
        this.node = node;
        this.print = print;
    }

    public void Check()
    {
        if (node.Role == role && node.Term == term && node.Leader == leader) return;
        role = node.Role;
        term = node.Term;
        leader = node.Leader;
        print?.Invoke($"node {node.Id}: {Describe()}");
    }

    public string Describe() =>
        $"{node.Role.ToString().ToLowerInvariant()} in term {node.Term}, {(node.Leader == NodeId.None ? "no leader known" : node.Leader == node.Id ? "leading" : "leader " + node.Leader)}";
}
