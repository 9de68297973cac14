using RaftEsp.Monitor.Link;
using RaftEsp.Monitor.State;
using RaftEsp.Recording;

namespace RaftEsp.Monitor.History;

/// <summary>
/// The monitor's history, live or replayed: the clock everything is on, the store the past is rebuilt from, and
/// either the live recorder (live) or the player and the recording's frames (replay).
/// </summary>
public sealed class MonitorHistory : IAsyncDisposable
{
    /// <summary>Default bound of the in-memory store the live monitor rebuilds the past from.</summary>
    public const long DefaultMemoryCapBytes = 64L * 1024 * 1024;

    private MonitorHistory(MonitorClock clock, HistoryStore store, LiveRecorder? recorder, ReplayPlayer? player, RecordingFile? file)
    {
        Clock = clock;
        Store = store;
        Recorder = recorder;
        Player = player;
        File = file;
    }

    public MonitorClock Clock { get; }

    internal HistoryStore Store { get; }

    internal LiveRecorder? Recorder { get; }

    /// <summary>The replay's player; null live.</summary>
    public ReplayPlayer? Player { get; }

    /// <summary>The recording replayed; null live.</summary>
    public RecordingFile? File { get; }

    public bool IsReplay => Player != null;

    /// <summary>The frames of the recording replayed, in time order (empty live: the frame feed has them).</summary>
    public IReadOnlyList<FrameEvent> RecordedFrames { get; private init; } = Array.Empty<FrameEvent>();

    /// <summary>
    /// Live history over <paramref name="state"/>: records what <paramref name="link"/> accepts and what the state
    /// takes from outside the reports, into memory and, when <paramref name="writer"/> is given, into its file.
    /// <paramref name="newState"/> makes the fresh state the past is rebuilt from (same boards, server node and mode).
    /// </summary>
    public static MonitorHistory StartLive(ClusterState state, UdpCollectorLink? link, Func<TimeProvider, ClusterState> newState, RecordingWriter? writer, long memoryCapBytes)
    {
        ArgumentNullException.ThrowIfNull(state);
        MonitorClock clock = MonitorClock.Live(TimeProvider.System, state.ClockOrigin);
        var store = new HistoryStore(newState, state.ClockOrigin, 0, memoryCapBytes);
        var recorder = new LiveRecorder(clock, store, writer);
        state.InputTaken += recorder.Add;
        if (link != null) link.DatagramAccepted += (type, body) => recorder.Add(new DatagramRecord(type, body));
        return new MonitorHistory(clock, store, recorder, null, null);
    }

    /// <summary>A replay of <paramref name="file"/>, shown through <paramref name="shown"/> (the runtime's state).</summary>
    internal static MonitorHistory OpenReplay(RecordingFile file, Func<TimeProvider, ClusterState> newState, Func<StateCursor, ReplayPlayer> player)
    {
        ArgumentNullException.ThrowIfNull(file);
        var store = new HistoryStore(newState, file.Header.StartTime, file.StartMicros, long.MaxValue);
        var frames = new List<FrameEvent>();
        foreach (Recorded r in file.Records)
        {
            if (r.Body is FrameRecord f) frames.Add(f.Frame);
            else store.Add(r.TimeMicros, r.Body);
        }

        ReplayPlayer p = player(store.NewCursor());
        p.Attach(store, file.StartMicros, file.EndMicros);
        return new MonitorHistory(new MonitorClock(file.Header.StartTime, () => p.PositionMicros), store, null, p, file) { RecordedFrames = frames };
    }

    /// <summary>
    /// The cluster as it was at <paramref name="ms"/> of monitor time (clamped to the history held): at the end of that
    /// millisecond, so every input recorded during it counts (the snapshot's ClockMs is still <paramref name="ms"/>).
    /// </summary>
    public ClusterSnapshot SnapshotAt(long ms) => Store.SnapshotAt(Math.Min(ms, long.MaxValue / 1000 - 1) * 1000 + 999);

    /// <summary>What GET /api/history answers.</summary>
    public HistoryInfo Info()
    {
        if (Player != null && File != null)
        {
            return new HistoryInfo(HistoryModes.Replay, File.StartMicros / 1000, File.EndMicros / 1000, Player.PositionMicros / 1000, false, Player.Playing, Player.Speed,
                File.Path, File.Bytes, 0, File.Header.DroppedBeforeMicros / 1000, null);
        }

        long start = Store.StartMicros / 1000;
        RecordingWriter? w = Recorder?.Writer;
        long now = Clock.NowMs;
        return new HistoryInfo(HistoryModes.Live, start, now, now, true, true, 1, w?.Path, w?.Bytes ?? 0, w?.CapBytes ?? 0, start, Recorder?.FileError);
    }

    public async ValueTask DisposeAsync()
    {
        if (Player != null) await Player.DisposeAsync().ConfigureAwait(false);
        if (Recorder != null) await Recorder.DisposeAsync().ConfigureAwait(false);
    }
}
