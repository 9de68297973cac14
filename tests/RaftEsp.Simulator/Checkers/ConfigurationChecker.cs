using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>
/// Safety across configurations (dissertation §4.1; docs/design.md, "Membership changes"), with its own model of a
/// configuration (<see cref="MemberSet"/>):
/// <list type="bullet">
/// <item>every node's configuration is derived from its log: the committed configuration at its snapshot index, then
/// every membership entry in its log, applied in order, gives exactly the voters and learners the node acts on;</item>
/// <item>the committed configurations form one line, each a single change of the one before (at most one voter
/// differs), and every committed membership entry changed something (the leader only appends valid changes);</item>
/// <item>two configurations in force at once differ by at most one voter and have no disjoint majorities: the
/// committed one and the one the leader of the highest term acts on (at most one uncommitted change beyond it, by the
/// 2015 rule), checked every 100 ms and whenever a leader is elected;</item>
/// <item>only voters campaign or lead: a learner, a joiner and a board that knows it was removed never do (§4.2.3).</item>
/// </list>
/// </summary>
public sealed class ConfigurationChecker
{
    private readonly MemberSet founders;
    private readonly int capacity;
    private readonly Action<string> violation;
    private readonly SortedDictionary<int, LoggedEntry> committedChanges = new();
    private readonly List<(int Index, MemberSet Configuration)> lineage = new();
    private readonly Dictionary<int, (int, int, int, int, int, int)> checkedLogs = new();

    public ConfigurationChecker(IEnumerable<int> founders, int capacity, Action<string> violation)
    {
        this.founders = new MemberSet(founders);
        this.capacity = capacity;
        this.violation = violation;
        lineage.Add((0, this.founders));
    }

    /// <summary>Committed configurations in index order: (index of the membership entry that made it, configuration).</summary>
    public IReadOnlyList<(int Index, MemberSet Configuration)> Lineage => lineage;

    /// <summary>The latest committed configuration.</summary>
    public MemberSet Committed => lineage[^1].Configuration;

    /// <summary>When each committed configuration was first known committed: (simulated µs, entry index).</summary>
    public List<(long Time, int Index)> CommitTimes { get; } = new();

    /// <summary>Index <paramref name="index"/> was first known committed, holding <paramref name="entry"/>.</summary>
    public void OnCommitted(int index, LoggedEntry entry, long now)
    {
        if (!EntryKinds.IsMembership(entry.Kind)) return;
        committedChanges[index] = entry;
        CommitTimes.Add((now, index));
        if (index < lineage[^1].Index)
        {
            // Commits are learnt in index order per node, but a node that installed a snapshot may report later
            // entries first; rebuild the line from the entries then.
            Rebuild();
            return;
        }

        Extend(index, entry);
    }

    private void Rebuild()
    {
        lineage.RemoveRange(1, lineage.Count - 1);
        foreach (var (i, e) in committedChanges) Extend(i, e);
    }

    private void Extend(int index, LoggedEntry entry)
    {
        MemberSet next = lineage[^1].Configuration.Copy();
        if (!next.Apply(entry.Kind, entry.Value, capacity))
        {
            violation($"Configuration: committed entry {index} ({EntryKinds.Name(entry.Kind)} {entry.Value}) does not apply to the committed configuration {lineage[^1].Configuration}");
            return;
        }

        if (next.VotersDifferingFrom(lineage[^1].Configuration) > 1)
            violation($"Configuration: committed entry {index} changed more than one voter ({lineage[^1].Configuration} to {next})");
        lineage.Add((index, next));
    }

    /// <summary>The committed configuration in force at <paramref name="index"/> (a committed index).</summary>
    public MemberSet At(int index)
    {
        MemberSet at = lineage[0].Configuration;
        foreach (var (i, c) in lineage)
        {
            if (i > index) break;
            at = c;
        }

        return at;
    }

    /// <summary>The configuration the node's own log yields, by the model.</summary>
    public MemberSet Derive(SimulatedBoard board)
    {
        RaftLog log = board.Node.Log;
        MemberSet atSnapshot = At(log.SnapshotIndex);
        if (!HoldsMembershipEntry(log)) return atSnapshot;
        MemberSet derived = atSnapshot.Copy();
        for (int i = log.FirstIndex; i <= log.LastIndex; i++)
        {
            EntryKind kind = log.KindAt(i);
            if (EntryKinds.IsMembership(kind)) derived.Apply(kind, log.ValueAt(i), capacity);
        }

        return derived;
    }

    private static bool HoldsMembershipEntry(RaftLog log)
    {
        for (int i = log.FirstIndex; i <= log.LastIndex; i++)
            if (EntryKinds.IsMembership(log.KindAt(i))) return true;
        return false;
    }

    /// <summary>The periodic check over every board that is up, and the leader of the highest term.</summary>
    public void Check(IReadOnlyList<SimulatedBoard> boards, int leader)
    {
        foreach (SimulatedBoard b in boards)
        {
            if (!b.Up) continue;
            // A log whose snapshot, last entry and configuration index are as they were at the last check yields the
            // same configuration (Log Matching, checked on its own): derive it again only when one of them moved.
            RaftLog log = b.Node.Log;
            var key = (b.Incarnation, log.SnapshotIndex, log.LastIndex, log.TermAt(log.LastIndex), b.Node.ConfigurationIndex, lineage.Count);
            if (checkedLogs.TryGetValue(b.Id, out var seen) && seen == key) continue;
            checkedLogs[b.Id] = key;
            MemberSet derived = Derive(b);
            if (!derived.Matches(b.Node))
            {
                violation($"Configuration: node {b.Id} acts on {MemberSet.Of(b.Node)}; its log (snapshot at {b.Node.Log.SnapshotIndex}, entries {b.Node.Log.FirstIndex}..{b.Node.Log.LastIndex}) gives {derived}");
                return;
            }
        }

        if (leader != NodeId.None) CheckInForce(boards[leader]);
    }

    /// <summary>A board leads the highest term: its configuration and the committed one are in force together.</summary>
    public void CheckInForce(SimulatedBoard leader)
    {
        MemberSet acting = MemberSet.Of(leader.Node);
        MemberSet committed = Committed;
        if (acting.VotersDifferingFrom(committed) > 1)
            violation($"Configuration: leader {leader.Id} (term {leader.Node.Term}) acts on {acting}, more than one voter away from the committed {committed}");
        else if (acting.HasDisjointMajorityWith(committed))
            violation($"Configuration: leader {leader.Id} (term {leader.Node.Term}) acts on {acting}, which has a majority disjoint from one of the committed {committed}");
    }

    /// <summary>A board campaigns or leads: it must be a voter in its own configuration.</summary>
    public void CheckCampaigner(SimulatedBoard board)
    {
        if (board.Node.Voters.Contains(board.Id)) return;
        violation($"Configuration: node {board.Id} is {Roles.Name(board.Node.Role)} in term {board.Node.Term} but not a voter in its configuration {MemberSet.Of(board.Node)}");
    }
}
