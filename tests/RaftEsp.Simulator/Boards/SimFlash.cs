using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>
/// A board's flash as the crash model sees it. Each Ready is written as one checksummed record; a write takes time
/// and is durable only when it completes. A crash while a write is in flight loses it; with the torn-write
/// probability the record is left half written, which recovery detects (its checksum fails) and discards, so the
/// state is that of the last complete record. <see cref="Durable"/> is what survives.
/// </summary>
public sealed class SimFlash
{
    public sealed class PendingWrite
    {
        public bool HasHardState;
        public int Term;
        public int Vote;
        public int Commit;
        public bool HasSnapshot;
        public int SnapshotIndex;
        public int SnapshotTerm;
        public byte[] Snapshot = [];
        public int EntriesFrom;
        public List<SimStorage.StoredEntry> Entries = new();
    }

    private PendingWrite? pending;

    public SimStorage Durable { get; } = new();

    public int Writes { get; private set; }

    public int LostWrites { get; private set; }

    public int TornWrites { get; private set; }

    public bool WriteInFlight => pending != null;

    public void Begin(PendingWrite write) => pending = write;

    /// <summary>The write completed: it is durable now.</summary>
    public void Complete()
    {
        PendingWrite w = pending ?? throw new InvalidOperationException("no write in flight");
        pending = null;
        Writes++;
        if (w.HasSnapshot) Durable.ReplaceWithSnapshot(w.SnapshotIndex, w.SnapshotTerm, w.Snapshot, w.Snapshot.Length);
        if (w.Entries.Count > 0)
        {
            Durable.Entries.RemoveAll(e => e.Index >= w.EntriesFrom);
            Durable.Entries.AddRange(w.Entries);
        }

        if (w.HasHardState) Durable.SaveHardState(w.Term, w.Vote, w.Commit);
    }

    /// <summary>Power lost: an unfinished write is lost or torn (and then discarded by recovery).</summary>
    public void Crash(SplitMix64 random, double tornProbability)
    {
        if (pending == null) return;
        pending = null;
        if (random.Chance(tornProbability)) TornWrites++;
        else LostWrites++;
    }

    /// <summary>A snapshot saved by compaction: written to a new file and renamed over the old one (atomic).</summary>
    public void SaveSnapshot(int index, int term, byte[] data, int length)
    {
        Writes++;
        Durable.SaveSnapshot(index, term, data, length);
    }
}
