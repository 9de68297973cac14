using RaftEsp.Core;
using RaftEsp.Monitor.State;
using RaftEsp.Recording;

namespace RaftEsp.Monitor.Metrics;

/// <summary>
/// Per-second series of what the cluster does, for the charts (docs/watching-raft.md, "Charts"): commits per second
/// (the cluster's, from the commit indexes frames and status reports carry; each board's, from its own reported
/// commit index), commit latency p50/p99 (<see cref="CommitLatencyTracker"/>), frames per second by kind, lost
/// copies per second and frames each board sent. Fed live by the frame feed (<see cref="Add"/>) and by cluster
/// snapshots (<see cref="AddSnapshot(ClusterSnapshot)"/>); a replay builds one from a recording with
/// <see cref="FromRun"/>.
/// <para>
/// Bounded: one bucket per second for the last <see cref="KeptSeconds"/> seconds (15 minutes live), older seconds
/// are overwritten; at most <see cref="SecondBucket.MaxLatencySamples"/> latency samples per second. A second is shown
/// once it has ended on the clock the recorder is given (monitor time, µs); input older than the kept window is
/// dropped and counted. Thread-safe: the feed, the snapshot loop and HTTP queries may call it at once.
/// </para>
/// </summary>
public sealed class MetricsRecorder
{
    /// <summary>Seconds kept live: the last 15 minutes.</summary>
    public const int LiveSeconds = 15 * 60;

    /// <summary>Longest a recorder may keep (a replay of a long recording): one day of seconds.</summary>
    public const int MaxKeptSeconds = 24 * 60 * 60;

    /// <summary>Most points one query answers, per series.</summary>
    public const int MaxPoints = 2_000;

    private const long MicrosPerSecond = 1_000_000;

    private static readonly Dictionary<string, int> KindIndex =
        FrameKinds.All.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);

    private readonly object gate = new();
    private readonly Func<long> nowMicros;
    private readonly SecondBucket?[] ring;
    private readonly CommitLatencyTracker latency = new();
    private readonly Random reservoir = new(16); // seeded: the same input gives the same kept samples
    private readonly Dictionary<int, int> boardCommit = new();
    private readonly Dictionary<FrameSource, long> framesBySource = new();
    private long newestSecond = long.MinValue;
    private long firstSecond = long.MaxValue;
    private long clusterCommit = -1;
    private long droppedTooOld;

    /// <param name="nowMicros">Monitor time now, µs (the same clock the frames' times are on).</param>
    /// <param name="keptSeconds">Seconds of series kept (1 to <see cref="MaxKeptSeconds"/>).</param>
    public MetricsRecorder(Func<long> nowMicros, int keptSeconds = LiveSeconds)
    {
        ArgumentNullException.ThrowIfNull(nowMicros);
        ArgumentOutOfRangeException.ThrowIfLessThan(keptSeconds, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(keptSeconds, MaxKeptSeconds);
        this.nowMicros = nowMicros;
        KeptSeconds = keptSeconds;
        ring = new SecondBucket?[keptSeconds];
    }

    /// <summary>How many seconds of series are kept.</summary>
    public int KeptSeconds { get; }

    /// <summary>Whether any frame or snapshot was taken in.</summary>
    public bool HasData
    {
        get { lock (gate) return newestSecond != long.MinValue; }
    }

    /// <summary>Monitor time now, ms.</summary>
    public long NowMs => FloorDiv(nowMicros(), 1000);

    /// <summary>Frames and snapshots that came too late for the kept window and were not counted.</summary>
    public long DroppedTooOld
    {
        get { lock (gate) return droppedTooOld; }
    }

    /// <summary>
    /// Builds the series of a recorded run (a replay): frames and snapshots merged in time order (frames first on
    /// a tie), as if seen live; the run ends at <paramref name="endMicros"/>, so every second before it is shown.
    /// </summary>
    public static MetricsRecorder FromRun(IEnumerable<FrameEvent> frames, IEnumerable<TimedSnapshot> snapshots, long endMicros, int keptSeconds = MaxKeptSeconds)
    {
        long end = endMicros;
        return FromRun(frames, snapshots, () => end, keptSeconds);
    }

    /// <summary>
    /// As <see cref="FromRun(IEnumerable{FrameEvent}, IEnumerable{TimedSnapshot}, long, int)"/>, with the seconds shown
    /// up to <paramref name="nowMicros"/>: a replay passes its playback position, so the charts grow as it plays.
    /// </summary>
    public static MetricsRecorder FromRun(IEnumerable<FrameEvent> frames, IEnumerable<TimedSnapshot> snapshots, Func<long> nowMicros, int keptSeconds = MaxKeptSeconds)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(snapshots);
        var recorder = new MetricsRecorder(nowMicros, keptSeconds);
        using IEnumerator<FrameEvent> f = frames.GetEnumerator();
        using IEnumerator<TimedSnapshot> s = snapshots.GetEnumerator();
        bool moreFrames = f.MoveNext(), moreSnapshots = s.MoveNext();
        while (moreFrames || moreSnapshots)
        {
            if (moreFrames && (!moreSnapshots || f.Current.TimeMicros <= s.Current.TimeMicros))
            {
                recorder.Add(f.Current);
                moreFrames = f.MoveNext();
            }
            else
            {
                recorder.AddSnapshot(s.Current.TimeMicros, s.Current.Snapshot);
                moreSnapshots = s.MoveNext();
            }
        }

        return recorder;
    }

    /// <summary>Takes in one frame (FrameFeed.Added).</summary>
    public void Add(FrameEvent frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        lock (gate)
        {
            SecondBucket? bucket = BucketAt(frame.TimeMicros);
            if (bucket == null) return;
            framesBySource[frame.Source] = framesBySource.GetValueOrDefault(frame.Source) + 1;
            bucket.FramesByKind[KindIndex[FrameKinds.Name(frame.Type, frame.Entries)]]++;
            bucket.LostCopies += frame.LostTo.Count;
            if (NodeId.IsValid(frame.From)) bucket.Board(frame.From).FramesSent++;
            if (frame.Type == (int)MessageType.AppendEntries) ClusterCommit(bucket, frame.Commit);
            latency.Observe(frame, (at, micros) => BucketAt(at)?.AddLatency(micros, reservoir));
        }
    }

    /// <summary>Notes that the frame feed kept only a share of the frames around <paramref name="timeMicros"/>.</summary>
    public void MarkSampled(long timeMicros)
    {
        lock (gate)
        {
            if (BucketAt(timeMicros) is { } bucket) bucket.Sampled = true;
        }
    }

    /// <summary>Takes in the cluster as it is now (a ClusterState change).</summary>
    public void AddSnapshot(ClusterSnapshot snapshot) => AddSnapshot(nowMicros(), snapshot);

    /// <summary>Takes in the cluster as it was at <paramref name="timeMicros"/> (monitor time).</summary>
    public void AddSnapshot(long timeMicros, ClusterSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (gate)
        {
            SecondBucket? bucket = BucketAt(timeMicros);
            if (bucket == null) return;
            int highest = -1;
            foreach (BoardView board in snapshot.Boards)
            {
                if (!board.Reported || !board.Online)
                {
                    // A board that went away starts from a new baseline when it is back: its catch-up is counted, a
                    // restart's drop to an older commit index is not a negative rate.
                    boardCommit.Remove(board.Id);
                    continue;
                }

                highest = Math.Max(highest, board.CommitIndex);
                BoardCounts counts = bucket.Board(board.Id);
                if (boardCommit.TryGetValue(board.Id, out int before) && board.CommitIndex > before) counts.Commits += board.CommitIndex - before;
                boardCommit[board.Id] = board.CommitIndex;
            }

            if (highest >= 0) ClusterCommit(bucket, highest);
        }
    }

    /// <summary>
    /// The series over [<paramref name="fromMs"/>, <paramref name="toMs"/>) in steps of <paramref name="stepMs"/>
    /// (at least 1000: the recorder counts per second). Callers check the arguments (<see cref="CheckQuery"/>).
    /// </summary>
    public MetricsSeries Query(long fromMs, long toMs, long stepMs)
    {
        if (CheckQuery(fromMs, toMs, stepMs) is { } error) throw new ArgumentException(error);
        int points = (int)((toMs - fromMs + stepMs - 1) / stepMs);
        lock (gate)
        {
            long now = nowMicros();
            long lastShown = FloorDiv(now, MicrosPerSecond) - 1;
            long firstShown = Math.Max(firstSecond, newestSecond == long.MinValue ? long.MaxValue : newestSecond - KeptSeconds + 1);
            var commits = new double?[points];
            var p50 = new double?[points];
            var p99 = new double?[points];
            var lost = new double?[points];
            var kinds = new double?[FrameKinds.All.Count][];
            var boards = new SortedDictionary<int, (double?[] Frames, double?[] Commits)>();
            var samples = new List<long>();
            int sampledSeconds = 0;
            for (int p = 0; p < points; p++)
            {
                long from = fromMs + p * stepMs, to = from + stepMs;
                long s0 = Math.Max(CeilDiv(from, 1000), firstShown), s1 = Math.Min(CeilDiv(to, 1000) - 1, lastShown);
                if (s0 > s1) continue;
                int seconds = (int)(s1 - s0 + 1);
                long commitSum = 0, lostSum = 0;
                var kindSum = new long[FrameKinds.All.Count];
                var boardSum = new Dictionary<int, (long Frames, long Commits)>();
                samples.Clear();
                for (long s = s0; s <= s1; s++)
                {
                    SecondBucket? b = ring[Slot(s)];
                    if (b == null || b.Second != s) continue; // a quiet second: nothing happened
                    commitSum += b.Commits;
                    if (b.Sampled) sampledSeconds++;
                    lostSum += b.LostCopies;
                    for (int k = 0; k < kindSum.Length; k++) kindSum[k] += b.FramesByKind[k];
                    foreach ((int id, BoardCounts c) in b.Boards)
                    {
                        (long f, long cm) = boardSum.GetValueOrDefault(id);
                        boardSum[id] = (f + c.FramesSent, cm + c.Commits);
                    }

                    samples.AddRange(b.LatencyMicros);
                }

                commits[p] = Rate(commitSum, seconds);
                lost[p] = Rate(lostSum, seconds);
                for (int k = 0; k < kindSum.Length; k++)
                {
                    if (kindSum[k] > 0) kinds[k] ??= new double?[points];
                    if (kinds[k] is { } series) series[p] = Rate(kindSum[k], seconds);
                }

                foreach (int id in boardSum.Keys.Concat(boards.Keys).ToArray())
                {
                    if (!boards.TryGetValue(id, out var series))
                    {
                        series = (new double?[points], new double?[points]);
                        boards[id] = series;
                    }

                    (long f, long cm) = boardSum.GetValueOrDefault(id);
                    series.Frames[p] = Rate(f, seconds);
                    series.Commits[p] = Rate(cm, seconds);
                }

                if (samples.Count > 0)
                {
                    samples.Sort();
                    p50[p] = Math.Round(Percentile(samples, 50) / 1000.0, 1);
                    p99[p] = Math.Round(Percentile(samples, 99) / 1000.0, 1);
                }
            }

            FillKnownZeros(kinds, commits);
            var byKind = new Dictionary<string, IReadOnlyList<double?>>(StringComparer.Ordinal);
            for (int k = 0; k < kinds.Length; k++)
            {
                if (kinds[k] is { } series) byKind[FrameKinds.All[k]] = series;
            }

            var byBoard = new Dictionary<string, BoardSeries>(StringComparer.Ordinal);
            foreach ((int id, var series) in boards)
            {
                FillKnownZeros(new[] { series.Frames, series.Commits }, commits);
                byBoard[id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new BoardSeries(series.Frames, series.Commits);
            }

            string source = SourceName();
            string note = Note(source);
            if (sampledSeconds > 0)
            {
                note += $" In {sampledSeconds} s of this window the frame feed kept only a share of the frames: frames, losses and latency there count that share.";
            }

            return new MetricsSeries(fromMs, stepMs, FloorDiv(now, 1000), KeptSeconds, source, commits, p50, p99, byKind, lost, byBoard, sampledSeconds, note);
        }
    }

    /// <summary>Why a query cannot be answered, or null.</summary>
    public static string? CheckQuery(long fromMs, long toMs, long stepMs)
    {
        if (fromMs > toMs) return $"'fromMs' ({fromMs}) is after 'toMs' ({toMs})";
        if (stepMs < 1000) return $"'stepMs' must be at least 1000 (the series count per second), not {stepMs}";
        long points = (toMs - fromMs + stepMs - 1) / stepMs;
        if (points > MaxPoints) return $"{points} points asked for; at most {MaxPoints} per series (widen 'stepMs' or narrow the window)";
        return null;
    }

    /// <summary>Nearest rank: the smallest sample with at least <paramref name="percent"/>% of the samples at or below it.</summary>
    internal static long Percentile(List<long> sorted, int percent)
    {
        int rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    private void ClusterCommit(SecondBucket bucket, int commit)
    {
        // The first commit index heard is where the monitor came in, not commits made in that second.
        if (clusterCommit >= 0 && commit > clusterCommit) bucket.Commits += commit - clusterCommit;
        clusterCommit = Math.Max(clusterCommit, commit);
    }

    /// <summary>The bucket of the second holding <paramref name="micros"/>; null (counted) when it is too old to keep.</summary>
    private SecondBucket? BucketAt(long micros)
    {
        long second = FloorDiv(micros, MicrosPerSecond);
        if (newestSecond != long.MinValue && second <= newestSecond - KeptSeconds)
        {
            droppedTooOld++;
            return null;
        }

        newestSecond = Math.Max(newestSecond, second);
        firstSecond = Math.Min(firstSecond, second);
        int slot = Slot(second);
        SecondBucket? bucket = ring[slot];
        if (bucket == null || bucket.Second != second)
        {
            bucket = new SecondBucket(second);
            ring[slot] = bucket;
        }

        return bucket;
    }

    private int Slot(long second) => (int)(((second % KeptSeconds) + KeptSeconds) % KeptSeconds);

    /// <summary>Where a step had seconds the monitor watched, a series with no count there is 0, not unknown.</summary>
    private static void FillKnownZeros(IEnumerable<double?[]?> series, double?[] known)
    {
        foreach (double?[]? values in series)
        {
            if (values == null) continue;
            for (int p = 0; p < values.Length; p++)
            {
                if (known[p] != null) values[p] ??= 0;
            }
        }
    }

    private static double Rate(long count, int seconds) => Math.Round((double)count / seconds, 3);

    private string SourceName()
    {
        if (framesBySource.Count == 0) return "none";
        FrameSource most = framesBySource.MaxBy(p => p.Value).Key;
        return most switch
        {
            FrameSource.Ether => "ether",
            FrameSource.Collector => "collector",
            _ => "simulator",
        };
    }

    private static string Note(string source)
    {
        const string Latency = "Commit latency: from the time an entry's index first goes out in an AppendEntries to the time a frame first carries a commit index at or past it.";
        return source switch
        {
            "ether" => Latency + " Lost copies: copies the virtual ether dropped (loss setting, partition, range).",
            "collector" => Latency + " Frames are what the collector overheard: lost copies are not known, and a frame it missed is not counted.",
            "simulator" => Latency + " Lost copies: copies the simulated channel lost, collisions included.",
            _ => Latency + " No frames seen: commits per second come from the boards' status reports only; latency, frames and losses need the frame feed.",
        };
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static long CeilDiv(long a, long b) => -FloorDiv(-a, b);
}
