namespace RaftEsp.Core.Tests.Raft.Harness;

/// <summary>What a board would keep on flash: hard state, the latest snapshot, and the log after it; durable at once.</summary>
public sealed class SimStorage : IRaftStorage
{
    public sealed record StoredEntry(int Index, int Term, EntryKind Kind, int Slot, int Client, int Seq, int Value);

    public int Term;
    public int Vote = NodeId.None;
    public int Commit;
    public int SnapshotIndex;
    public int SnapshotTerm;
    public byte[] Snapshot = [];
    public readonly List<StoredEntry> Entries = new();

    /// <summary>The last boot epoch taken (anti-replay; a board's raft.epoch). Tests roll it back to model a flash restore.</summary>
    public int Epoch;

    public void SaveHardState(int term, int vote, int commit)
    {
        Term = term;
        Vote = vote;
        Commit = commit;
    }

    public void Save(Ready ready, RaftLog log)
    {
        if (ready.HardStateChanged) SaveHardState(ready.HardTerm, ready.HardVote, ready.HardCommit);
        if (ready.HasSnapshot) ReplaceWithSnapshot(ready.SnapshotIndex, ready.SnapshotTerm, ready.SnapshotData, ready.SnapshotLength);
        if (ready.PersistCount > 0) Append(log, ready.PersistFrom, ready.PersistTo);
    }

    public void SaveSnapshot(int index, int term, byte[] data, int offset, int length)
    {
        SnapshotIndex = index;
        SnapshotTerm = term;
        Snapshot = data.AsSpan(offset, length).ToArray();
        Entries.RemoveAll(e => e.Index <= index);
    }

    private void ReplaceWithSnapshot(int index, int term, byte[] data, int length)
    {
        SaveSnapshot(index, term, data, 0, length);
        Entries.Clear();
    }

    public void Append(RaftLog log, int from, int to)
    {
        Entries.RemoveAll(e => e.Index >= from);
        for (int i = from; i <= to; i++)
            Entries.Add(new StoredEntry(i, log.TermAt(i), log.KindAt(i), log.SlotAt(i), log.ClientAt(i), log.SeqAt(i), log.ValueAt(i)));
    }
}
