using System.Globalization;
using RaftEsp.Apps;
using RaftEsp.Core;
using RaftEsp.Recording;

namespace RaftEsp.Simulator;

/// <summary>
/// raftesp-sim --record FILE: writes a run in the monitor's recording format (docs/recording.md) on simulated time,
/// so `raftesp-monitor --replay FILE` plays it. Every transmission is a frame (what each receiver's copy became; a
/// collision loses every copy); each board's state is a BoardStatus body as the collector would relay it, built with
/// the boards' own report encoder every <see cref="StatusEveryMicros"/> and whenever its role or term changes (checked
/// as each transmission ends: the recorder schedules no events of its own, so the run, its event count and its hash
/// are those of the same seed unrecorded); faults, narration and client answers are timeline lines. Bounded by the
/// writer's cap.
/// </summary>
public sealed class SimRecorder : IDisposable
{
    /// <summary>The cap of a simulator recording (oldest dropped first past it).</summary>
    public const long DefaultCapBytes = 64L * 1024 * 1024;

    public const long StatusEveryMicros = 100_000;

    private readonly Simulation sim;
    private readonly RecordingWriter writer;
    private readonly BoardStatus status = new();
    private readonly Dictionary<int, (Role Role, int Term, long At)> lastShown = new();
    private readonly Dictionary<int, MembershipStatus> membership = new();
    private readonly Dictionary<int, (long Sent, long Received)> frames = new();
    private readonly int[] slotValues = new int[Config.MaxDatabaseSlots];
    private bool stopped;

    private SimRecorder(Simulation sim, RecordingWriter writer)
    {
        this.sim = sim;
        this.writer = writer;
    }

    /// <summary>Starts recording <paramref name="sim"/> into <paramref name="path"/> (replaced if it exists).</summary>
    public static SimRecorder Start(Simulation sim, string path, long capBytes = DefaultCapBytes)
    {
        ArgumentNullException.ThrowIfNull(sim);
        var header = new RecordingHeader(Recorder.Simulator, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), sim.Options.Nodes, sim.Options.ServerNode, sim.DatabaseSlots, 0);
        var recorder = new SimRecorder(sim, RecordingWriter.Create(path, header, capBytes));
        sim.Channel.Aired += recorder.OnAired;
        sim.Narrated += recorder.OnNarrated;
        sim.FaultRecorded += recorder.OnFault;
        sim.ClientReplied += recorder.OnReply;
        return recorder;
    }

    /// <summary>The file written.</summary>
    public string Path => writer.Path;

    /// <summary>Frames recorded.</summary>
    public long Frames { get; private set; }

    /// <summary>Board states recorded.</summary>
    public long Statuses { get; private set; }

    private void Append(RecordBody body) => writer.Append(sim.Now, body);

    private void OnAired(int from, int to, byte[] bytes, int[] delivered, int[] lost)
    {
        if (stopped) return;
        int boards = sim.Boards.Count;
        int[] d = delivered.Where(b => b < boards).ToArray();
        int[] l = lost.Where(b => b < boards).ToArray();
        FrameSummary s = FrameSummary.Read(bytes);
        Append(new FrameRecord(new FrameEvent(sim.Now, s.Type, from, to, bytes.Length, s.Entries, d, l, FrameSource.Simulator, s.Term, s.Index, s.Commit, s.Refused)));
        Frames++;
        Count(from, sent: 1, received: 0);
        foreach (int b in d) Count(b, sent: 0, received: 1);
        RecordStates();
    }

    private void Count(int board, long sent, long received)
    {
        (long Sent, long Received) c = frames.GetValueOrDefault(board);
        frames[board] = (c.Sent + sent, c.Received + received);
    }

    private void OnNarrated(string line)
    {
        if (stopped || line.Contains(" leads term ", StringComparison.Ordinal)) return; // the monitor tells leaders from the reports
        string kind = line.StartsWith("operator:", StringComparison.Ordinal) ? "membership" : "fault";
        Append(new TimelineRecord(kind, -1, line));
    }

    private void OnFault(RecordBody body)
    {
        if (!stopped) Append(body);
    }

    private void OnReply(ClientOp op, ServerReply reply)
    {
        if (stopped) return;
        string what = op.Kind switch
        {
            OpKind.Set => $"set [{op.Slot}] = {op.Value}",
            OpKind.Remove => $"remove [{op.Slot}]",
            _ => $"get [{op.Slot}]",
        };
        string outcome = reply.Status == CommandStatus.Ok
            ? string.Create(CultureInfo.InvariantCulture, $"ok (value {reply.Value}, index {reply.Index})")
            : CommandStatuses.Name(reply.Status);
        Append(new TimelineRecord("command", sim.Options.ServerNode, $"client {op.Client} seq {op.Seq}: {what}: {outcome}"));
    }

    /// <summary>Records the state of each running board whose role or term changed, or whose last state is old.</summary>
    public void RecordStates(bool all = false)
    {
        foreach (SimulatedBoard board in sim.Boards)
        {
            if (!board.Up) continue;
            RaftNode node = board.Node;
            bool known = lastShown.TryGetValue(board.Id, out (Role Role, int Term, long At) last);
            if (!all && known && last.Role == node.Role && last.Term == node.Term && sim.Now - last.At < StatusEveryMicros) continue;
            Fill(board);
            Append(CollectorBodies.BoardStatus(status));
            lastShown[board.Id] = (node.Role, node.Term, sim.Now);
            Statuses++;
        }
    }

    /// <summary>The board's report as its app fills it (the boards' own ReportState, and NodeApp's counters as the
    /// simulation knows them), from the simulated board.</summary>
    private void Fill(SimulatedBoard board)
    {
        RaftNode node = board.Node;
        StatusReport r = status.Report;
        status.NodeId = board.Id;
        status.Online = true;
        status.Polled = true;
        status.HasReport = true;
        status.LastHeardAgeMillis = 0;
        status.FramesHeard = 0;
        status.PollsUnanswered = 0;
        r.Sequence = 0;
        r.IsServer = board.Id == sim.Options.ServerNode;
        r.Fault = ErrorCode.None;
        r.UptimeSeconds = (int)Math.Min(int.MaxValue, sim.Now / 1_000_000);
        (long sent, long received) = frames.GetValueOrDefault(board.Id);
        r.FramesSent = (int)Math.Min(int.MaxValue, sent);
        r.FramesReceived = (int)Math.Min(int.MaxValue, received);
        r.DropsTotal = 0;
        r.DropsBadTag = 0;
        r.SendFailures = 0;
        if (!membership.TryGetValue(board.Id, out MembershipStatus? m))
        {
            m = new MembershipStatus(joiner: board.Id >= sim.Options.Nodes);
            membership[board.Id] = m;
        }

        ReportState.Fill(r, node, board.Database, m, (int)(sim.Options.TickMicros / 1000), slotValues, 0);
    }

    /// <summary>Records every running board's final state and closes the file.</summary>
    public void Dispose()
    {
        if (stopped) return;
        RecordStates(all: true);
        stopped = true;
        writer.Dispose();
    }
}
