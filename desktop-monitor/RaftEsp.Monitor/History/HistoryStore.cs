using RaftEsp.Monitor.State;
using RaftEsp.Recording;

namespace RaftEsp.Monitor.History;

/// <summary>
/// What the cluster state is rebuilt from: the recorded inputs (datagram bodies, timeline lines, fault state) in time
/// order, and checkpoints of the rebuilt state every <see cref="CheckpointEvery"/> of monitor time, made as queries
/// pass them, so that a state at any time costs at most one interval of inputs (dragging the slider stays fast).
/// Bounded: past <see cref="CapBytes"/> the oldest quarter of the inputs goes, up to a checkpoint, which becomes the
/// oldest time the store can answer for. Thread-safe: inputs are added under a short lock; rebuilding happens under
/// a second lock, outside the first.
/// </summary>
internal sealed class HistoryStore
{
    /// <summary>Monitor time between checkpoints, µs.</summary>
    public const long CheckpointEvery = 5_000_000;

    /// <summary>What a checkpoint is reckoned to take, bytes (its boards and timeline are shared, immutable objects).</summary>
    private const long CheckpointBytes = 16 * 1024;

    private readonly object dataGate = new();
    private readonly object rebuildGate = new();
    private readonly List<Recorded> inputs = new();
    private readonly List<StateCursor> checkpoints = new();
    private readonly Func<StateCursor> newCursor;
    private long firstIndex;
    private long bytes;
    private long lastMicros;
    private StateCursor? scratch;

    /// <summary>A store whose history begins at <paramref name="startMicros"/> with a fresh state from <paramref name="newState"/>.</summary>
    public HistoryStore(Func<TimeProvider, ClusterState> newState, DateTimeOffset origin, long startMicros, long capBytes)
    {
        ArgumentNullException.ThrowIfNull(newState);
        if (capBytes < 1) throw new ArgumentOutOfRangeException(nameof(capBytes), capBytes, "a positive cap");
        CapBytes = capBytes;
        newCursor = () => new StateCursor(newState, origin, startMicros);
        checkpoints.Add(newCursor());
        lastMicros = startMicros;
    }

    /// <summary>The most bytes of inputs and checkpoints kept.</summary>
    public long CapBytes { get; }

    /// <summary>Bytes of inputs and checkpoints kept now (an estimate of memory).</summary>
    public long Bytes
    {
        get { lock (dataGate) return bytes + checkpoints.Count * CheckpointBytes; }
    }

    /// <summary>The oldest time the store answers for, µs.</summary>
    public long StartMicros
    {
        get { lock (dataGate) return checkpoints[0].Position; }
    }

    /// <summary>The time of the newest input, µs.</summary>
    public long LastMicros
    {
        get { lock (dataGate) return lastMicros; }
    }

    /// <summary>Inputs kept.</summary>
    public int Count
    {
        get { lock (dataGate) return inputs.Count; }
    }

    /// <summary>Adds an input (frames are not inputs of the state and are ignored); times never go back.</summary>
    public void Add(long micros, RecordBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body is FrameRecord) return;
        lock (dataGate)
        {
            micros = Math.Max(micros, lastMicros);
            inputs.Add(new Recorded(micros, body));
            lastMicros = micros;
            bytes += Weight(body);
        }
    }

    /// <summary>Whether the store is over its cap (<see cref="Trim"/> then drops the oldest inputs).</summary>
    public bool OverCap
    {
        get { lock (dataGate) return bytes + checkpoints.Count * CheckpointBytes > CapBytes; }
    }

    /// <summary>The cluster as it was at <paramref name="micros"/> (clamped to the times the store holds).</summary>
    public ClusterSnapshot SnapshotAt(long micros)
    {
        lock (rebuildGate) return CursorAt(micros).State.Snapshot();
    }

    /// <summary>Makes <paramref name="into"/> the cluster as it was at <paramref name="micros"/>.</summary>
    public void CopyStateAt(long micros, StateCursor into)
    {
        ArgumentNullException.ThrowIfNull(into);
        lock (rebuildGate) into.CopyFrom(CursorAt(micros));
    }

    /// <summary>A cursor with this store's fresh state (for a replay's shown state).</summary>
    public StateCursor NewCursor() => newCursor();

    /// <summary>
    /// When over the cap, drops the oldest quarter of the inputs (at least), up to the last checkpoint at or before
    /// that point, which becomes the oldest time answered for. Returns whether anything was dropped.
    /// </summary>
    public bool Trim()
    {
        lock (rebuildGate)
        {
            long cut;
            lock (dataGate)
            {
                if (bytes + checkpoints.Count * CheckpointBytes <= CapBytes || inputs.Count < 8) return false;
                cut = inputs[inputs.Count / 4].TimeMicros;
            }

            CursorAt(cut); // makes the checkpoints up to the cut
            lock (dataGate)
            {
                int keep = checkpoints.FindLastIndex(c => c.Position <= cut);
                if (keep <= 0) return false;
                long dropTo = checkpoints[keep].NextIndex;
                int drop = (int)(dropTo - firstIndex);
                for (int i = 0; i < drop; i++) bytes -= Weight(inputs[i].Body);
                inputs.RemoveRange(0, drop);
                firstIndex = dropTo;
                checkpoints.RemoveRange(0, keep);
                if (scratch != null && scratch.NextIndex < firstIndex) scratch = null;
                return true;
            }
        }
    }

    /// <summary>The scratch cursor moved to <paramref name="micros"/>; call under the rebuild lock.</summary>
    private StateCursor CursorAt(long micros)
    {
        StateCursor checkpoint;
        lock (dataGate)
        {
            micros = Math.Max(micros, checkpoints[0].Position);
            int at = checkpoints.FindLastIndex(c => c.Position <= micros);
            checkpoint = checkpoints[Math.Max(at, 0)];
        }

        StateCursor cursor;
        if (scratch != null && scratch.Position <= micros && scratch.NextIndex >= checkpoint.NextIndex)
        {
            cursor = scratch;
        }
        else
        {
            cursor = scratch ?? newCursor();
            cursor.CopyFrom(checkpoint);
        }

        while (true)
        {
            Recorded[] batch;
            long nextCheckpoint;
            lock (dataGate)
            {
                long from = cursor.NextIndex - firstIndex;
                int count = 0;
                while (from + count < inputs.Count && count < 4096 && inputs[(int)(from + count)].TimeMicros <= micros) count++;
                batch = inputs.GetRange((int)from, count).ToArray();
                nextCheckpoint = checkpoints[^1].Position + CheckpointEvery;
            }

            if (batch.Length == 0) break;
            foreach (Recorded input in batch)
            {
                if (input.TimeMicros >= nextCheckpoint && cursor.Position < nextCheckpoint)
                {
                    cursor.AdvanceTo(nextCheckpoint);
                    StateCursor saved = newCursor();
                    saved.CopyFrom(cursor);
                    lock (dataGate)
                    {
                        if (checkpoints[^1].Position < saved.Position) checkpoints.Add(saved);
                        nextCheckpoint = checkpoints[^1].Position + CheckpointEvery;
                    }
                }

                cursor.Take(input);
            }
        }

        cursor.AdvanceTo(micros);
        scratch = cursor;
        return cursor;
    }

    private static long Weight(RecordBody body) => body switch
    {
        DatagramRecord d => 64 + d.Body.Length,
        TimelineRecord t => 96 + 2 * (t.Text.Length + t.EventKind.Length),
        PartitionRecord p => 64 + 32 * (p.Groups?.Count ?? 0),
        _ => 48,
    };
}
