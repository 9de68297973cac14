using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Interaction;

/// <summary>
/// Membership commands, in the style of etcd's confchange scripts: propose a single-server change, power on a joiner,
/// ask for a transfer from any board, print every board's configuration (docs/design.md, "Membership changes").
/// </summary>
public sealed partial class InteractionEnv
{
    /// <summary>
    /// propose-conf-change ID add-learner=N | promote=N | remove=N [client=C seq=S]: proposes one membership change
    /// on node ID (a follower forwards it) and prints the answer.
    /// </summary>
    private void ProposeConfChange(ScriptArgs args)
    {
        Peer peer = Peer(args.Int(0));
        var changes = new (string Key, EntryKind Kind)[] { ("add-learner", EntryKind.AddLearner), ("promote", EntryKind.PromoteLearner), ("remove", EntryKind.RemoveNode) };
        var given = changes.Where(c => args.Has(c.Key)).ToArray();
        if (given.Length != 1) throw new InvalidOperationException("propose-conf-change takes one of add-learner=N, promote=N, remove=N");
        int nodeId = args.Int(given[0].Key, NodeId.None);
        Line(ErrorCodes.Name(peer.Node.Propose(given[0].Kind, 0, args.Int("client", 0), args.Int("seq", 0), nodeId)));
    }

    /// <summary>add-joiner ID: powers on board ID flashed with the founders' list and join=true (Config.Join).</summary>
    private void AddJoiner(ScriptArgs args)
    {
        Config settings = template ?? throw new InvalidOperationException("add-nodes first");
        int id = args.Int(0);
        if (peers.ContainsKey(id)) throw new InvalidOperationException("node " + id + " exists");
        byte[] members = founders;
        peers[id] = new Peer(id, new SimBoard(() =>
        {
            Config c = ConfigFor(settings, id, members);
            c.Join = true;
            return c;
        }));
        Configuration(peers[id]);
    }

    /// <summary>request-transfer ID target=N: asks node ID, leader or not, to have the leadership handed to N (§3.10).</summary>
    private void RequestTransfer(ScriptArgs args)
    {
        Peer peer = Peer(args.Int(0));
        Line(ErrorCodes.Name(peer.Node.RequestTransfer(args.Int("target", NodeId.None))));
    }

    /// <summary>conf [ID...|all]: each board's configuration: voters, learners, the index of the entry that made it.</summary>
    private void Configurations(ScriptArgs args)
    {
        foreach (int id in args.IdsOr(peers.Keys)) Configuration(Peer(id));
    }

    private void Configuration(Peer peer)
    {
        RaftNode node = peer.Node;
        string learners = node.Learners.Count == 0 ? "" : " learners=" + Ids(node.Learners);
        string pending = node.MembershipChangePending ? " pending" : "";
        string self = node.Promotable ? "" : " (not a voter)";
        Line(peer.Id + ": voters=" + Ids(node.Voters) + learners + " index=" + node.ConfigurationIndex + pending + self);
    }

    private static string Ids(NodeSet set) => string.Join(",", Enumerable.Range(0, set.Count).Select(i => set.IdAt(i)));
}
