using RaftEsp.Monitor.Commands;
using RaftEsp.Monitor.Link;
using RaftEsp.Monitor.Options;
using RaftEsp.Monitor.State;
using RaftEsp.Monitor.Web;
using RaftEsp.Recording;

namespace RaftEsp.Monitor.History;

/// <summary>Builds the history of a run: live (recording into the work folder) or a replay of a recording.</summary>
internal static class HistoryModesFactory
{
    /// <summary>
    /// Live history for a monitor over <paramref name="link"/>: a recording file per run in the work folder (named by
    /// its start time), unless the options say memory only.
    /// </summary>
    public static MonitorHistory StartLive(MonitorOptions options, ClusterState state, UdpCollectorLink link, int clusterId)
    {
        RecordingWriter? writer = null;
        if (options.WorkDirectory != null)
        {
            string path = "";
            try
            {
                Directory.CreateDirectory(options.WorkDirectory);
                path = FreeName(options.WorkDirectory, state.ClockOrigin);
                var header = new RecordingHeader(Recorder.Monitor, state.ClockOrigin.ToUnixTimeMilliseconds(), state.BoardCount, state.ServerNode, state.SlotCount, clusterId);
                writer = RecordingWriter.Create(path, header, options.RecordCapBytes);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new MonitorStartException($"cannot record into the work folder {options.WorkDirectory} ({path}): {e.Message} (choose another with --work DIR, or --no-record)", e);
            }
        }

        int boards = state.BoardCount, server = state.ServerNode, slots = state.SlotCount;
        string mode = state.Mode;
        return MonitorHistory.StartLive(state, link, clock => new ClusterState(boards, server, mode, slots, clock, RuntimeFactory.OfflineAfter), writer, MonitorHistory.DefaultMemoryCapBytes);
    }

    /// <summary>
    /// A replay of <paramref name="path"/>: no cluster, no collector; the runtime's state is the recording at the
    /// playback position. A file the reader refuses stops the start with its message (exit code 2).
    /// </summary>
    public static MonitorRuntime OpenReplay(MonitorOptions options, string path)
    {
        RecordingFile file;
        try
        {
            file = RecordingReader.Read(path);
        }
        catch (RecordingFormatException e)
        {
            throw new MonitorStartException(e.Message, e) { ExitCode = 2 };
        }

        RecordingHeader h = file.Header;
        if (h.ServerNode >= h.Boards)
        {
            throw new MonitorStartException($"{path} is not a readable recording: byte 17: server node {h.ServerNode} is not one of its {h.Boards} boards") { ExitCode = 2 };
        }

        int slots = h.SlotCount > 0 ? h.SlotCount : 5;
        MonitorHistory history = MonitorHistory.OpenReplay(file,
            clock => new ClusterState(h.Boards, h.ServerNode, HistoryModes.Replay, slots, clock, RuntimeFactory.OfflineAfter),
            cursor => new ReplayPlayer(cursor));
        ClusterState shown = history.Player!.Shown;
        var link = new ReplayLink();
        var commands = new CommandService(link, shown, new CommandServiceOptions { Timeout = options.CommandTimeout, MembershipTimeout = options.MembershipTimeout }, TimeProvider.System);
        Func<long> position = () => history.Clock.NowMicros;
        return new MonitorRuntime(shown, link, commands, null, null)
        {
            History = history,
            Frames = new Frames.FrameFeed(position),
            FrameHistory = new RecordingFrames(history.RecordedFrames, position),
            // Built from the whole recording, shown up to the playback position (the seconds played so far).
            Metrics = Metrics.MetricsRecorder.FromRun(history.RecordedFrames, SnapshotsEverySecond(history, file), position),
        };
    }

    /// <summary>The recording's cluster once a second of its time: what the charts of a replay are built from.</summary>
    private static IEnumerable<Metrics.TimedSnapshot> SnapshotsEverySecond(MonitorHistory history, RecordingFile file)
    {
        for (long t = file.StartMicros; t <= file.EndMicros; t += 1_000_000) yield return new Metrics.TimedSnapshot(t, history.SnapshotAt(t / 1000));
    }

    private static string FreeName(string dir, DateTimeOffset start)
    {
        string stem = "raftesp-" + start.ToLocalTime().ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        string path = Path.Combine(dir, stem + ".rrec");
        for (int n = 2; File.Exists(path); n++) path = Path.Combine(dir, $"{stem}-{n}.rrec");
        return path;
    }
}
