using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>
/// Checks the clients' history against the committed log. Raft orders every write by its log index, so a write is
/// linearized at the moment its index committed; the checker verifies that this order is a valid linearization:
/// each acknowledged write took effect (once) between its invocation and its answer and reported the value it
/// overwrote, and each get returned a value the slot held at some moment between its invocation and its answer.
/// Done per slot, since slots are independent registers. Which writes took effect comes from its own model of the
/// session table (<see cref="SessionModel"/>: registers, LRU eviction, duplicates and stale sequences change nothing),
/// compared with what every board's database reported for each index. Exactly-once: no (client, seq) takes effect
/// twice, and no entry is appended for a (client, seq) its session had already applied (a retry or a replayed request
/// the server node and the leader must answer from the session). It also checks registers (each acknowledged client
/// id is a register entry committed while the register was outstanding, and no two clients got the same id) and
/// durability: every acknowledged write is in the committed history, and every board's database equals that history
/// replayed to its applied index. A write whose client saw session-expired has an unknown outcome: it may have taken
/// effect before its session was evicted, and the checker accepts either unless the history shows which.
/// </summary>
public static class HistoryChecker
{
    /// <summary>The committed history replayed by the model.</summary>
    private sealed class Replay
    {
        public readonly Dictionary<(int Client, int Seq), int> EffectiveIndex = new();
        public readonly Dictionary<(int Client, int Seq), List<int>> Entries = new();
        public readonly Dictionary<int, SessionVerdict> Verdicts = new();
        public readonly Dictionary<int, int> PreviousValue = new();
        public readonly HashSet<int> Registers = new();
        public readonly List<(int Index, int Value)>[] Writes;
        public readonly int[] Slots;

        public Replay(int slots)
        {
            Slots = new int[slots];
            Writes = new List<(int, int)>[slots];
            for (int s = 0; s < slots; s++) Writes[s] = new List<(int, int)>();
        }

        public int ValueAt(int slot, int index)
        {
            int value = 0;
            foreach (var (i, v) in Writes[slot])
            {
                if (i > index) break;
                value = v;
            }

            return value;
        }
    }

    public static List<string> Check(Simulation sim) =>
        Check(sim.History, sim.Checker, sim.Boards, sim.DatabaseSlots, sim.ClientSessions, sim.Replayer?.Copies ?? []);

    public static List<string> Check(IReadOnlyList<ClientOp> history, SafetyChecker checker, IReadOnlyList<SimulatedBoard> boards, int slots,
        int sessions, IReadOnlyList<ClientOp> replays)
    {
        var problems = new List<string>();
        Replay replay = ReplayCommitted(checker, slots, sessions, problems);
        var ids = new Dictionary<int, ClientOp>();
        foreach (ClientOp op in history)
        {
            if (problems.Count >= 10) break;
            if (op.IsWrite) CheckWrite(op, replay, checker, problems);
            else if (op.Kind == OpKind.Register) CheckRegister(op, replay, checker, ids, problems);
            else if (op.Acked) CheckGet(op, replay, checker, problems);
        }

        foreach (ClientOp copy in replays) CheckReplay(copy, replay, checker, problems);

        foreach (SimulatedBoard b in boards)
        {
            if (!b.Up) continue;
            int applied = b.Database.AppliedIndex;
            for (int s = 0; s < slots; s++)
            {
                b.Database.Read(s, out int actual);
                int expected = replay.ValueAt(s, applied);
                if (actual == expected) continue;
                problems.Add($"Durability: node {b.Id} holds {actual} in slot {s} at applied index {applied}; the committed history gives {expected}");
                break;
            }
        }

        return problems;
    }

    private static Replay ReplayCommitted(SafetyChecker checker, int slots, int sessions, List<string> problems)
    {
        var replay = new Replay(slots);
        var model = new SessionModel(sessions);
        int last = checker.Applied.Count == 0 ? 0 : checker.Applied.Keys.Max();
        for (int index = 1; index <= last; index++)
        {
            if (!checker.Applied.TryGetValue(index, out LoggedEntry e) || !checker.Effects.TryGetValue(index, out AppliedEffect effect))
            {
                problems.Add($"index {index} was never applied by any node, though {last} was");
                continue;
            }

            if (e.Kind == EntryKind.Register)
            {
                int evicted = model.Register(index);
                replay.Registers.Add(index);
                if (effect.Status != ErrorCode.None || effect.Client != index || effect.Value != evicted)
                    problems.Add($"Sessions: the register at index {index} should open session {index} and evict {evicted}; the database reported {effect}");
                continue;
            }

            if (EntryKinds.IsMembership(e.Kind) && e.Client > 0)
            {
                // A membership change under a session (the operator's) uses the session like a write, and a retry of
                // it must not be appended twice while the session lives.
                SessionVerdict change = model.Write(index, e.Client, e.Seq, out int lastOfSession);
                if (change == SessionVerdict.Duplicate || change == SessionVerdict.Stale)
                    problems.Add($"Exactly-once: index {index} holds membership change client {e.Client} seq {e.Seq}, which its session had already applied (last seq {lastOfSession})");
                continue;
            }

            if ((e.Kind != EntryKind.Set && e.Kind != EntryKind.Remove) || e.Slot < 0 || e.Slot >= slots) continue;
            SessionVerdict verdict = model.Write(index, e.Client, e.Seq, out int lastSeq);
            replay.Verdicts[index] = verdict;
            if (!replay.Entries.TryGetValue((e.Client, e.Seq), out List<int>? copies)) replay.Entries[(e.Client, e.Seq)] = copies = new List<int>();
            copies.Add(index);
            if (verdict == SessionVerdict.Duplicate || verdict == SessionVerdict.Stale)
                problems.Add($"Exactly-once: index {index} holds client {e.Client} seq {e.Seq}, which its session had already applied (last seq {lastSeq}, " +
                             $"entries {string.Join(", ", copies)}): a retried or replayed request was appended again");
            bool applies = verdict == SessionVerdict.Applied;
            if (applies != effect.Changed(e.Kind))
                problems.Add($"Sessions: index {index} ({e}) should be {verdict.ToString().ToLowerInvariant()} by the session table; the database reported {effect}");
            if (!applies || e.Client != 0 && !replay.EffectiveIndex.TryAdd((e.Client, e.Seq), index))
            {
                if (applies) problems.Add($"Exactly-once: client {e.Client} seq {e.Seq} took effect at index {replay.EffectiveIndex[(e.Client, e.Seq)]} and again at {index}");
                continue;
            }

            replay.PreviousValue[index] = replay.Slots[e.Slot];
            int value = e.Kind == EntryKind.Set ? e.Value : 0;
            replay.Slots[e.Slot] = value;
            replay.Writes[e.Slot].Add((index, value));
        }

        return replay;
    }

    private static void CheckWrite(ClientOp op, Replay replay, SafetyChecker checker, List<string> problems)
    {
        if (!replay.EffectiveIndex.TryGetValue((op.Client, op.Seq), out int index))
        {
            if (op.Acked) problems.Add($"Durability: acknowledged {op} is not in the committed history");
            return;
        }

        long committedAt = checker.CommitTimes[index - 1];
        if (committedAt < op.Invoked)
            problems.Add($"Linearizability: {op} took effect at index {index}, committed at {committedAt / 1000.0:F1} ms, before it was invoked");
        if (!op.Acked) return;
        if (committedAt > op.Completed)
            problems.Add($"Linearizability: {op} was answered before its index {index} committed ({committedAt / 1000.0:F1} ms)");
        if (replay.PreviousValue[index] != op.Result)
            problems.Add($"Linearizability: {op} reported previous value {op.Result}; at index {index} the slot held {replay.PreviousValue[index]}");
        if (op.ResultIndex != index)
            problems.Add($"Exactly-once: {op} was answered with index {op.ResultIndex}; it took effect at {index}");
    }

    private static void CheckRegister(ClientOp op, Replay replay, SafetyChecker checker, Dictionary<int, ClientOp> ids, List<string> problems)
    {
        if (!op.Acked) return;
        int id = op.Result;
        if (!replay.Registers.Contains(id) || op.ResultIndex != id)
        {
            problems.Add($"Sessions: {op} got client id {id} (index {op.ResultIndex}), which is not a committed register entry");
            return;
        }

        long committedAt = checker.CommitTimes[id - 1];
        if (committedAt < op.Invoked || committedAt > op.Completed)
            problems.Add($"Sessions: {op} got client id {id}, whose register committed at {committedAt / 1000.0:F1} ms, outside the request");
        if (!ids.TryAdd(id, op)) problems.Add($"Sessions: {op} and {ids[id]} both got client id {id}");
    }

    /// <summary>A re-sent copy of an acknowledged write: no entry of its (client, seq) may follow it while its session lives.</summary>
    private static void CheckReplay(ClientOp copy, Replay replay, SafetyChecker checker, List<string> problems)
    {
        if (!replay.Entries.TryGetValue((copy.Client, copy.Seq), out List<int>? entries)) return;
        foreach (int index in entries)
        {
            if (checker.CommitTimes[index - 1] < copy.Invoked || replay.Verdicts[index] == SessionVerdict.Expired) continue;
            problems.Add($"Replay: a copy of {copy.ReplayOf} sent at {copy.Invoked / 1000.0:F1} ms was appended at index {index} " +
                         $"({replay.Verdicts[index].ToString().ToLowerInvariant()})");
        }
    }

    private static void CheckGet(ClientOp op, Replay replay, SafetyChecker checker, List<string> problems)
    {
        int from = checker.CommitAt(op.Invoked);
        int to = checker.CommitAt(op.Completed);
        if (replay.ValueAt(op.Slot, from) == op.Result) return;
        foreach (var (index, value) in replay.Writes[op.Slot])
            if (index > from && index <= to && value == op.Result) return;
        problems.Add($"Linearizability: {op} read {op.Result}, a value slot {op.Slot} did not hold between indexes {from} and {to} " +
                     $"(committed during the read); it held {replay.ValueAt(op.Slot, from)} at {from}");
    }
}
