using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Membership;

/// <summary>Steps the membership tests share on a <see cref="TestCluster"/>: a settled leader, a change proposed and committed.</summary>
internal static class MembershipCluster
{
    /// <summary>A cluster of <paramref name="size"/> founders where node 1 leads and its term's no-op is committed everywhere.</summary>
    public static TestCluster Led(int size, Action<Config>? tweak = null)
    {
        var c = new TestCluster(size, tweak);
        c.Elect(1);
        SettleCommit(c, 1);
        Assert.Equal(c.Node(1).Term, c.Node(1).Log.TermAt(c.Node(1).CommitIndex)); // the 2015 fix is satisfied
        return c;
    }

    /// <summary>Ticks and delivers until every live board in <paramref name="among"/> (all by default) has committed the leader's last index.</summary>
    public static void SettleCommit(TestCluster c, int leader, params int[] among)
    {
        int[] ids = among.Length == 0 ? c.Ids : among;
        c.RunUntil(() => ids.All(i => c.Node(i).CommitIndex == c.Node(leader).Log.LastIndex && c.Node(i).AppliedIndex == c.Node(i).CommitIndex),
            maxTicks: 200, what: "every board commits leader " + leader + "'s log");
    }

    /// <summary>Proposes one membership change on <paramref name="leader"/>, expecting it taken.</summary>
    public static void Propose(TestCluster c, int leader, EntryKind kind, int nodeId) =>
        Assert.Equal(ErrorCode.None, c.Node(leader).Propose(kind, 0, 0, 0, nodeId));

    public static int[] Ids(NodeSet set) => Enumerable.Range(0, set.Count).Select(set.IdAt).ToArray();
}
