using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>
/// Checks the clients' history against the committed log. Raft orders every write by its log index, so a write is
/// linearized at the moment its index committed; the checker verifies that this order is a valid linearization:
/// each acknowledged write took effect (once) between its invocation and its answer and reported the value it
/// overwrote, and each get returned a value the slot held at some moment between its invocation and its answer.
/// Done per slot, since slots are independent registers. It also checks durability: every acknowledged write is in
/// the committed history, and every board's database equals that history replayed to its applied index.
/// </summary>
public static class HistoryChecker
{
    /// <summary>The committed history replayed by a deliberately simple model (no shared code with Database).</summary>
    private sealed class Replay
    {
        public readonly Dictionary<(int Client, int Seq), int> EffectiveIndex = new();
        public readonly Dictionary<int, int> PreviousValue = new();
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

    public static List<string> Check(IReadOnlyList<ClientOp> history, SafetyChecker checker, IReadOnlyList<SimulatedBoard> boards, int slots)
    {
        var problems = new List<string>();
        Replay replay = ReplayCommitted(checker, slots, problems);
        foreach (ClientOp op in history)
        {
            if (op.IsWrite) CheckWrite(op, replay, checker, problems);
            else if (op.Acked) CheckGet(op, replay, checker, problems);
            if (problems.Count >= 10) break;
        }

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

    private static Replay ReplayCommitted(SafetyChecker checker, int slots, List<string> problems)
    {
        var replay = new Replay(slots);
        var sessions = new Dictionary<int, int>();
        int last = checker.Applied.Count == 0 ? 0 : checker.Applied.Keys.Max();
        for (int index = 1; index <= last; index++)
        {
            if (!checker.Applied.TryGetValue(index, out LoggedEntry e))
            {
                problems.Add($"index {index} was never applied by any node, though {last} was");
                continue;
            }

            if (e.Kind != EntryKind.Set && e.Kind != EntryKind.Remove) continue;
            if (e.Slot < 0 || e.Slot >= slots) continue;
            if (e.Client != 0 && sessions.TryGetValue(e.Client, out int lastSeq) && (short)(e.Seq - lastSeq) <= 0) continue;
            if (e.Client != 0) sessions[e.Client] = e.Seq;
            replay.EffectiveIndex.TryAdd((e.Client, e.Seq), index);
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
