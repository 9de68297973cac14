using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>
/// Raft's safety properties (Figure 3 of the paper), checked as the run goes: Election Safety, Log Matching,
/// Leader Completeness, State Machine Safety, and that commit and apply indexes only grow while a board runs (the
/// commit index is volatile state in the paper's Figure 2: after a restart a board relearns it from the leader).
/// It also keeps what the linearizability and durability checks need: every applied entry by index and when each
/// index was committed.
/// </summary>
public sealed class SafetyChecker
{
    private sealed class BoardView
    {
        public int Incarnation;
        public int Commit;
        public int Applied;
        public int LeaderTerm = -1;
    }

    private readonly EventQueue events;
    private readonly Dictionary<int, int> leaderOfTerm = new();
    private readonly Dictionary<int, LoggedEntry> committed = new();
    private readonly Dictionary<int, BoardView> views = new();
    private readonly List<string> violations = new();

    public SafetyChecker(EventQueue events) => this.events = events;

    /// <summary>Every index applied anywhere, with its entry: the single history all boards must agree on.</summary>
    public Dictionary<int, LoggedEntry> Applied { get; } = new();

    /// <summary>What applying each index did (the first board's report; every other board must report the same).</summary>
    public Dictionary<int, AppliedEffect> Effects { get; } = new();

    /// <summary>When each index was first known committed (simulated µs), by index - 1.</summary>
    public List<long> CommitTimes { get; } = new();

    /// <summary>The highest index committed anywhere.</summary>
    public int GlobalCommit => CommitTimes.Count;

    public IReadOnlyList<string> Violations => violations;

    /// <summary>Leaderships won, in time order: (time, node, term).</summary>
    public List<(long Time, int Node, int Term)> Leaderships { get; } = new();

    /// <summary>Boards seen as candidates, per term (dueling candidates show up here).</summary>
    public Dictionary<int, HashSet<int>> CandidatesByTerm { get; } = new();

    /// <summary>Called when an index is first known committed, with its entry (the configuration checker follows membership).</summary>
    public Action<int, LoggedEntry>? Committed { get; set; }

    /// <summary>Called after every Ready of a board that is a pre-candidate, a candidate or a leader.</summary>
    public Action<SimulatedBoard>? Campaigning { get; set; }

    /// <summary>Called when a board becomes leader of a term.</summary>
    public Action<int, int>? LeaderElected { get; set; }

    public void Violation(string what)
    {
        if (violations.Count < 20) violations.Add($"{events.Now / 1000.0:F3} ms: {what}");
    }

    public void OnBoot(SimulatedBoard board)
    {
        BoardView v = View(board.Id);
        v.Incarnation = board.Incarnation;
        v.Commit = 0;
        v.Applied = board.Node.Log.SnapshotIndex;
        v.LeaderTerm = -1;
    }

    public void OnSnapshotInstalled(SimulatedBoard board, int index)
    {
        BoardView v = View(board.Id);
        if (index < v.Applied) Violation($"node {board.Id} installed a snapshot at {index}, behind its applied index {v.Applied}");
        v.Applied = index;
    }

    public void OnApplied(SimulatedBoard board, int index, int term, ApplyResult result, int value)
    {
        BoardView v = View(board.Id);
        if (index != v.Applied + 1) Violation($"node {board.Id} applied index {index} after {v.Applied} (apply index must grow by one)");
        v.Applied = index;
        // The entry as the log holds it: a register's client field is 0 there (the new id is in the effect).
        int client = result.Kind == EntryKind.Register ? 0 : result.Client;
        RecordApplied(board.Id, index, new LoggedEntry(term, result.Kind, result.Slot, client, result.Seq, value));
        RecordEffect(board.Id, index, AppliedEffect.Of(result));
    }

    /// <summary>State Machine Safety for results: every board's database answers an index the same way.</summary>
    public void RecordEffect(int node, int index, AppliedEffect effect)
    {
        if (!Effects.TryGetValue(index, out AppliedEffect first)) Effects[index] = effect;
        else if (first != effect) Violation($"State Machine Safety: node {node} applied index {index} as {effect}, another node as {first}");
    }

    /// <summary>State Machine Safety: one entry per index, whoever applies it.</summary>
    public void RecordApplied(int node, int index, LoggedEntry entry)
    {
        if (!Applied.TryGetValue(index, out LoggedEntry first)) Applied[index] = entry;
        else if (first != entry) Violation($"State Machine Safety: node {node} applied {entry} at index {index}, another node applied {first}");
        if (index > GlobalCommit) Violation($"node {node} applied index {index} beyond every commit index ({GlobalCommit})");
    }

    /// <summary>After every Ready: role, term, commit and durable state of one board.</summary>
    public void OnNodeState(SimulatedBoard board)
    {
        RaftNode node = board.Node;
        BoardView v = View(board.Id);
        if (node.CommitIndex < v.Commit) Violation($"node {board.Id}'s commit index went back from {v.Commit} to {node.CommitIndex}");
        if (node.CommitIndex > v.Commit) OnCommitAdvanced(board, v.Commit, node.CommitIndex);
        v.Commit = Math.Max(v.Commit, node.CommitIndex);
        if (node.Role == Role.Candidate)
        {
            if (!CandidatesByTerm.TryGetValue(node.Term, out HashSet<int>? set)) CandidatesByTerm[node.Term] = set = new HashSet<int>();
            set.Add(board.Id);
        }

        if (node.Role != Role.Follower) Campaigning?.Invoke(board);
        if (node.Role == Role.Leader && v.LeaderTerm != node.Term)
        {
            v.LeaderTerm = node.Term;
            OnLeader(board);
        }
    }

    private void OnCommitAdvanced(SimulatedBoard board, int from, int to) => RecordCommit(board.Id, board.Node.Log, from, to);

    /// <summary>A board's commit index moved from <paramref name="from"/> to <paramref name="to"/>: what it now calls committed must match.</summary>
    public void RecordCommit(int node, RaftLog log, int from, int to)
    {
        for (int i = Math.Max(from + 1, log.FirstIndex); i <= to && i <= log.LastIndex; i++)
        {
            LoggedEntry entry = LoggedEntry.At(log, i);
            if (!committed.TryGetValue(i, out LoggedEntry known))
            {
                committed[i] = entry;
                Committed?.Invoke(i, entry);
            }
            else if (known != entry) Violation($"State Machine Safety: node {node} committed {entry} at index {i}, where {known} was committed");
        }

        while (CommitTimes.Count < to) CommitTimes.Add(events.Now);
    }

    private void OnLeader(SimulatedBoard board) => RecordLeader(board.Id, board.Node.Term, board.Node.Log);

    /// <summary>Election Safety and Leader Completeness for a board that just became leader of <paramref name="term"/>.</summary>
    public void RecordLeader(int node, int term, RaftLog log)
    {
        Leaderships.Add((events.Now, node, term));
        if (leaderOfTerm.TryGetValue(term, out int other) && other != node)
            Violation($"Election Safety: nodes {other} and {node} both lead term {term}");
        leaderOfTerm[term] = node;
        LeaderElected?.Invoke(node, term);

        // Leader Completeness: every committed entry is in the new leader's log (or under its snapshot).
        for (int i = log.SnapshotIndex + 1; i <= GlobalCommit; i++)
        {
            if (!committed.TryGetValue(i, out LoggedEntry entry)) continue;
            if (i > log.LastIndex || log.TermAt(i) != entry.Term)
            {
                Violation($"Leader Completeness: node {node}, leader of term {term}, lacks committed entry {i} ({entry})");
                return;
            }
        }
    }

    /// <summary>Log Matching: if two logs hold an entry with the same index and term, they are identical up to it.</summary>
    public void CheckLogMatching(IReadOnlyList<SimulatedBoard> boards)
    {
        for (int a = 0; a < boards.Count; a++)
        {
            for (int b = a + 1; b < boards.Count; b++)
            {
                if (!boards[a].Up || !boards[b].Up) continue;
                RaftLog la = boards[a].Node.Log;
                RaftLog lb = boards[b].Node.Log;
                int low = Math.Max(la.FirstIndex, lb.FirstIndex);
                int high = Math.Min(la.LastIndex, lb.LastIndex);
                int match = high;
                while (match >= low && la.TermAt(match) != lb.TermAt(match)) match--;
                for (int i = low; i <= match; i++)
                {
                    if (LoggedEntry.At(la, i) == LoggedEntry.At(lb, i)) continue;
                    Violation($"Log Matching: nodes {boards[a].Id} and {boards[b].Id} agree on index {match} term {la.TermAt(match)} but differ at {i}: {LoggedEntry.At(la, i)} vs {LoggedEntry.At(lb, i)}");
                    return;
                }
            }
        }
    }

    /// <summary>The global commit index at simulated time <paramref name="time"/>.</summary>
    public int CommitAt(long time)
    {
        int lo = 0, hi = CommitTimes.Count; // first index whose commit time is after `time`
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (CommitTimes[mid] <= time) lo = mid + 1;
            else hi = mid;
        }

        return lo;
    }

    private BoardView View(int id)
    {
        if (!views.TryGetValue(id, out BoardView? v)) views[id] = v = new BoardView();
        return v;
    }
}
