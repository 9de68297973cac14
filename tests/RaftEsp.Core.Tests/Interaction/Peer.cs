using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Interaction;

/// <summary>One node of the scripted cluster: its board (node, storage, database) and whether it is up.</summary>
public sealed class Peer(int id, SimBoard board)
{
    public int Id => id;

    public SimBoard Board => board;

    public RaftNode Node => board.Node;

    /// <summary>Crashed: it neither ticks nor handles Ready, and frames to it are lost.</summary>
    public bool Down { get; set; }

    /// <summary>The printing seams and Ready handler of the current node (InteractionEnv builds them).</summary>
    public object? Host { get; set; }

    /// <summary>The role, term and leader the last printed Ready showed, so only changes are printed.</summary>
    public (Role Role, int Term, int Leader) Shown { get; set; } = (Role.Follower, 0, NodeId.None);

    public void ForgetShownState() => Shown = (Role.Follower, Node.Term, NodeId.None);
}
