using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>
/// A configuration as the checkers model it, with no code shared with the core's <see cref="Configuration"/>: sets of
/// voters and learners, changed by the three membership entries (§4.1). An entry that does not apply (a learner
/// added twice, a member that is not there removed, the last voter removed, a full cluster) changes nothing.
/// </summary>
public sealed class MemberSet
{
    private readonly SortedSet<int> voters;
    private readonly SortedSet<int> learners;

    public MemberSet(IEnumerable<int> voters, IEnumerable<int>? learners = null)
    {
        this.voters = new SortedSet<int>(voters);
        this.learners = new SortedSet<int>(learners ?? []);
    }

    public IReadOnlySet<int> Voters => voters;
    public IReadOnlySet<int> Learners => learners;
    public bool Contains(int id) => voters.Contains(id) || learners.Contains(id);
    public IEnumerable<int> Members => voters.Concat(learners);

    public MemberSet Copy() => new(voters, learners);

    /// <summary>The configuration a node acts on, read from the core.</summary>
    public static MemberSet Of(RaftNode node)
    {
        var v = new List<int>();
        var l = new List<int>();
        for (int i = 0; i < node.Voters.Count; i++) v.Add(node.Voters.IdAt(i));
        for (int i = 0; i < node.Learners.Count; i++) l.Add(node.Learners.IdAt(i));
        return new MemberSet(v, l);
    }

    /// <summary>Applies one membership entry; false when it does not apply here.</summary>
    public bool Apply(EntryKind kind, int id, int capacity)
    {
        switch (kind)
        {
            case EntryKind.AddLearner:
                return !Contains(id) && voters.Count + learners.Count < capacity && learners.Add(id);
            case EntryKind.PromoteLearner:
                return learners.Remove(id) && voters.Add(id);
            case EntryKind.RemoveNode:
                if (learners.Remove(id)) return true;
                return voters.Count > 1 && voters.Remove(id);
            default:
                return false;
        }
    }

    /// <summary>True when <paramref name="node"/> acts on exactly these voters and learners (no allocation: checked often).</summary>
    public bool Matches(RaftNode node)
    {
        if (node.Voters.Count != voters.Count || node.Learners.Count != learners.Count) return false;
        for (int i = 0; i < node.Voters.Count; i++) if (!voters.Contains(node.Voters.IdAt(i))) return false;
        for (int i = 0; i < node.Learners.Count; i++) if (!learners.Contains(node.Learners.IdAt(i))) return false;
        return true;
    }

    public bool SameAs(MemberSet other) => voters.SetEquals(other.voters) && learners.SetEquals(other.learners);

    /// <summary>Voters in one set and not the other.</summary>
    public int VotersDifferingFrom(MemberSet other) => voters.Count(v => !other.voters.Contains(v)) + other.voters.Count(v => !voters.Contains(v));

    /// <summary>
    /// True when a majority of this configuration's voters and a majority of <paramref name="other"/>'s can be chosen
    /// with no voter in common: two leaders could then be elected, or two different entries committed, at once. Each
    /// majority takes the voters only it has first, then the shared ones.
    /// </summary>
    public bool HasDisjointMajorityWith(MemberSet other)
    {
        int shared = voters.Count(v => other.voters.Contains(v));
        int onlyHere = voters.Count - shared;
        int onlyThere = other.voters.Count - shared;
        int needHere = Math.Max(0, voters.Count / 2 + 1 - onlyHere);
        int needThere = Math.Max(0, other.voters.Count / 2 + 1 - onlyThere);
        return needHere + needThere <= shared;
    }

    public override string ToString() =>
        $"voters {{{string.Join(",", voters)}}}{(learners.Count == 0 ? "" : $" learners {{{string.Join(",", learners)}}}")}";
}
