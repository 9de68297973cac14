using RaftEsp.Apps;
using RaftEsp.Core;
using RaftEsp.Recording;

namespace RaftEsp.Simulator.Tests;

/// <summary>raftesp-sim --record: a run written in the monitor's recording format, and the failure report's commands.</summary>
public sealed class RecordingTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("raftesp-sim-rec-").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    private static readonly RunSettings Settings = new() { Nodes = 5, Loss = 0.02, Duration = 3, PhyRate = 2, Clients = 2, Faults = "random" };

    [Fact]
    public void A_recorded_run_reads_back_and_its_last_board_states_are_the_runs_final_state()
    {
        string path = Path.Combine(dir, "run.rrec");
        SimOptions options = Settings.ToOptions();
        var sim = new Simulation(options, 7);
        var plan = new FaultPlan(sim, sim.Seeds.Faults);
        plan.Start(3_000_000);
        using (SimRecorder recorder = SimRecorder.Start(sim, path))
        {
            sim.RunFor(3_000_000);
        }

        RecordingFile file = RecordingReader.Read(path);
        Assert.Equal(Recorder.Simulator, file.Header.Recorder);
        Assert.Equal(5, file.Header.Boards);
        Assert.Equal(sim.Now, file.EndMicros);
        var frames = file.Records.Select(r => r.Body).OfType<FrameRecord>().Select(f => f.Frame).ToList();
        Assert.Equal(sim.Channel.Stats.Transmissions, frames.Count);
        // Every copy is accounted for: each receiver of a broadcast, the addressee of a unicast, delivered or lost.
        Assert.All(frames.Where(f => f.To == NodeId.Broadcast), f => Assert.Equal(4, f.DeliveredTo.Count + f.LostTo.Count));
        Assert.All(frames.Where(f => f.To != NodeId.Broadcast), f => Assert.Equal(new[] { f.To }, f.DeliveredTo.Concat(f.LostTo)));
        Assert.All(frames, f => Assert.Empty(f.DeliveredTo.Intersect(f.LostTo)));
        Assert.Contains(frames, f => FrameKinds.Name(f.Type, f.Entries) == FrameKinds.Append);

        var last = new Dictionary<int, StatusReport>();
        foreach (DatagramRecord d in file.Records.Select(r => r.Body).OfType<DatagramRecord>())
        {
            var status = new BoardStatus();
            Assert.True(CollectorBodies.TryReadBoardStatus(d, status));
            var copy = new StatusReport();
            copy.CopyFrom(status.Report);
            last[status.NodeId] = copy;
        }

        foreach (SimulatedBoard board in sim.Boards.Where(b => b.Up))
        {
            StatusReport r = last[board.Id];
            Assert.Equal(board.Node.Term, r.Term);
            Assert.Equal(board.Node.Role, r.Role);
            Assert.Equal(board.Node.CommitIndex, r.Commit);
            Assert.Equal(board.Node.Log.LastIndex, r.LastIndex);
            Assert.Equal(Simulation.Values(board), r.PageValues.Take(r.PageCount));
        }

        Assert.Contains(file.Records, r => r.Body is TimelineRecord { EventKind: "command" });
    }

    [Fact]
    public void Recording_changes_nothing_of_the_run()
    {
        RunResult plain = RandomRun.Execute(Settings, 11);
        RunResult recorded = RandomRun.Execute(Settings, 11, record: Path.Combine(dir, "same.rrec"));
        Assert.True(plain.Ok, plain.FailureReport());
        Assert.Equal(plain.Hash, recorded.Hash);
        Assert.True(RecordingReader.Read(Path.Combine(dir, "same.rrec")).Records.Count > 100);
    }

    [Fact]
    public void The_failure_report_names_the_command_that_records_the_run_and_the_one_that_opens_it()
    {
        RunResult failed = RunResult.Failed(1207, Settings.ReplayCommand(1207), ["planted"]);
        string report = failed.FailureReport();
        string record = Settings.ReplayCommand(1207) + " --record raftesp-seed-1207.rrec";
        Assert.Contains("\n  record: " + record, report, StringComparison.Ordinal);
        Assert.Contains("\n  watch:  dotnet run --project desktop-monitor/RaftEsp.Monitor -- --replay raftesp-seed-1207.rrec", report, StringComparison.Ordinal);
        // The printed record command is a command line the simulator takes: the same run.
        (RunSettings settings, ulong seed) = SimCommandLine.ParseRun(Replay.Arguments(record));
        Assert.Equal(1207UL, seed);
        Assert.Equal(Settings.ReplayCommand(1207), settings.ReplayCommand(1207));
    }
}
