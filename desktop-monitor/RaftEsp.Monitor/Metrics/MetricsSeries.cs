namespace RaftEsp.Monitor.Metrics;

/// <summary>
/// What GET /api/metrics answers (docs/protocol.md, "Metrics"): series of equal steps from <see cref="StartMs"/>, each
/// value a rate per second (or a latency in ms) over the whole seconds that start within its step; null where the
/// monitor saw nothing of that step (before it listened, after the last complete second, or too old to be kept).
/// <see cref="FramesPerSecond"/> names only the kinds seen in the window; <see cref="Boards"/> only the boards seen.
/// <see cref="SampledSeconds"/>: seconds of the window in which the frame feed kept only a share of the frames.
/// </summary>
public sealed record MetricsSeries(
    long StartMs,
    long StepMs,
    long NowMs,
    int KeptSeconds,
    string FrameSource,
    IReadOnlyList<double?> CommitsPerSecond,
    IReadOnlyList<double?> LatencyP50Ms,
    IReadOnlyList<double?> LatencyP99Ms,
    IReadOnlyDictionary<string, IReadOnlyList<double?>> FramesPerSecond,
    IReadOnlyList<double?> LostPerSecond,
    IReadOnlyDictionary<string, BoardSeries> Boards,
    int SampledSeconds,
    string Note);

/// <summary>One board's series: frames it sent per second, and how fast its own commit index moved on.</summary>
public sealed record BoardSeries(IReadOnlyList<double?> FramesPerSecond, IReadOnlyList<double?> CommitsPerSecond);

/// <summary>A cluster snapshot and when (µs, monitor time) it was taken: what a replay feeds the recorder.</summary>
public sealed record TimedSnapshot(long TimeMicros, State.ClusterSnapshot Snapshot);
