using RaftEsp.Core;
using RaftEsp.Recording;

namespace RaftEsp.Monitor.Metrics;

/// <summary>
/// Commit latency as the monitor can see it from frames alone: for each log index, the time it first went out in an
/// AppendEntries to the time a frame first carried a commit index at or past it. No board clock is involved, so the
/// figure is the cluster's, as heard by whoever saw the frames (the ether, the collector, the simulator).
/// <para>
/// The first commit index heard is a baseline: indexes at or below it were committed before the monitor listened and
/// give no sample. An index that goes out again (a retry, a new leader overwriting it) keeps its first time, so a
/// leader change shows as the long latencies of the entries it held up. At most <see cref="MaxPending"/> indexes
/// wait for their commit; beyond that the oldest are forgotten (counted in <see cref="Forgotten"/>).
/// </para>
/// </summary>
internal sealed class CommitLatencyTracker
{
    /// <summary>Indexes sent and not yet committed that are remembered.</summary>
    public const int MaxPending = 65_536;

    private readonly Queue<(int Index, long SentMicros)> pending = new();
    private int highestSent;
    private int committed = -1;

    /// <summary>Indexes forgotten because too many waited for their commit.</summary>
    public long Forgotten { get; private set; }

    /// <summary>
    /// Takes in one frame; for each index it shows committed, calls <paramref name="sample"/> with the commit time and
    /// the latency, both in µs. Only AppendEntries frames carry entries and a commit index.
    /// </summary>
    public void Observe(FrameEvent frame, Action<long, long> sample)
    {
        if (frame.Type != (int)MessageType.AppendEntries) return;
        long now = frame.TimeMicros;
        // The commit first: an index this very frame carries for the first time and already counts as committed was
        // sent earlier in a frame the monitor did not see, and must not give a latency of 0.
        if (committed < 0)
        {
            committed = Math.Max(0, frame.Commit);
            highestSent = Math.Max(highestSent, committed);
        }
        else if (frame.Commit > committed)
        {
            committed = frame.Commit;
            while (pending.Count > 0 && pending.Peek().Index <= committed)
            {
                (_, long sent) = pending.Dequeue();
                sample(now, Math.Max(0, now - sent));
            }
        }

        if (frame.Entries <= 0 || frame.Index <= 0) return;
        long first = Math.Max((long)frame.Index - frame.Entries + 1, (long)Math.Max(highestSent, committed) + 1);
        // A frame is read, not trusted: never let one odd index queue more than the bound.
        first = Math.Max(first, (long)frame.Index - MaxPending + 1);
        for (long i = first; i <= frame.Index; i++)
        {
            if (pending.Count >= MaxPending)
            {
                pending.Dequeue();
                Forgotten++;
            }

            pending.Enqueue(((int)i, now));
        }

        highestSent = Math.Max(highestSent, frame.Index);
    }
}
