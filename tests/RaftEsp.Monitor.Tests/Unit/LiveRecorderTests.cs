using RaftEsp.Monitor.History;
using RaftEsp.Monitor.State;
using RaftEsp.Monitor.Tests.Fakes;
using RaftEsp.Recording;

namespace RaftEsp.Monitor.Tests.Unit;

/// <summary>The live recorder: what the cluster state takes from outside the reports goes to memory and to the file.</summary>
public sealed class LiveRecorderTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("raftesp-live-").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    [Fact]
    public async Task Faults_and_timeline_lines_are_recorded_to_the_file_and_rebuild_the_past()
    {
        var clock = new ManualClock();
        var state = new ClusterState(5, 0, "virtual", 5, clock, TimeSpan.FromSeconds(3));
        string path = Path.Combine(dir, "live.rrec");
        var header = new RecordingHeader(Recorder.Monitor, state.ClockOrigin.ToUnixTimeMilliseconds(), 5, 0, 5, 9);
        MonitorHistory history = MonitorHistory.StartLive(state, null,
            c => new ClusterState(5, 0, "virtual", 5, c, TimeSpan.FromSeconds(3)), RecordingWriter.Create(path, header, 1 << 20), 1 << 20);
        await using (history.ConfigureAwait(false))
        {
            state.Record(TimelineKinds.Fault, 1, "crashed board 1");
            state.SetCrashed(1, true);
            state.SetPartition(new IReadOnlyList<int>[] { new[] { 0, 1 }, new[] { 2, 3, 4 } });
            state.SetLoss(20);
            state.Track(6);
            Assert.Equal(5, history.Store.Count);
            ClusterSnapshot now = history.SnapshotAt(history.Clock.NowMs);
            Assert.Equal("Crashed", now.Boards.Single(b => b.Id == 1).Role);
            Assert.Equal(20, now.LossPercent);
            Assert.Contains(now.Timeline, e => e.Text == "crashed board 1");
        }

        RecordingFile file = RecordingReader.Read(path);
        Assert.Equal(Recorder.Monitor, file.Header.Recorder);
        Assert.Equal(9, file.Header.ClusterId);
        Assert.Equal(
            new RecordBody[]
            {
                new TimelineRecord(TimelineKinds.Fault, 1, "crashed board 1"), new CrashRecord(1, true),
                new PartitionRecord(new IReadOnlyList<int>[] { new[] { 0, 1 }, new[] { 2, 3, 4 } }), new LossRecord(20), new TrackRecord(6),
            },
            file.Records.Select(r => r.Body));
    }
}
