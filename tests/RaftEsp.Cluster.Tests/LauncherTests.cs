using RaftEsp.Apps;
using RaftEsp.Core;
using RaftEsp.VirtualCluster;
using Xunit.Abstractions;

namespace RaftEsp.Cluster.Tests;

/// <summary>The launcher: a cluster started again on its work directory finds its boards' state.</summary>
public sealed class LauncherTests : IDisposable
{
    private readonly ITestOutputHelper log;
    private readonly string work = Path.Combine(Path.GetTempPath(), "raftesp-launcher-" + Guid.NewGuid().ToString("N"));
    private readonly byte[] key = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();

    public LauncherTests(ITestOutputHelper log) => this.log = log;

    public void Dispose()
    {
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
    }

    [Fact]
    public void A_cluster_started_again_on_its_work_directory_keeps_every_acknowledged_write()
    {
        int seed;
        using (ClusterLauncher first = Launch())
        {
            seed = first.EtherSeed;
            using var desktop = new DesktopClient(first.CollectorEndPoint, first.ClusterId, first.ClusterKey);
            ClientResult? set = desktop.Execute(CommandKind.Set, 3, 4242, desktop.Register(), seq: 1);
            Assert.True(set?.Status == CommandStatus.Ok, $"the write was not acknowledged: {set?.Status}; ether seed {seed}\n{first.BoardOutput(0)}");
            Assert.True(File.Exists(Path.Combine(first.DataDirectory(0), BoardStore.LogFile)), "board 0 wrote its log");
            Assert.Equal(3, first.BoardCount);
        }

        Assert.True(Directory.Exists(work), "a given work directory is kept");
        using ClusterLauncher second = Launch();
        using var again = new DesktopClient(second.CollectorEndPoint, second.ClusterId, second.ClusterKey);
        ClientResult? get = again.Execute(CommandKind.Get, 3, 0, again.Register(), seq: 1);
        Assert.NotNull(get);
        Assert.True(get.Status == CommandStatus.Ok, $"the read was not answered: {get.Status}; ether seeds {seed}, {second.EtherSeed}");
        Assert.Equal(4242, get.Value);
        Assert.All(second.Boards, b => Assert.Equal(1, b.Starts));
    }

    [Fact]
    public void A_board_whose_flash_contradicts_itself_stays_out_and_reports_the_fault()
    {
        using ClusterLauncher cluster = Launch();
        using var desktop = new DesktopClient(cluster.CollectorEndPoint, cluster.ClusterId, cluster.ClusterKey);
        int client = desktop.Register();
        Assert.True(desktop.Execute(CommandKind.Set, 0, 7, client, seq: 1)?.Status == CommandStatus.Ok, $"write acknowledged; ether seed {cluster.EtherSeed}");
        cluster.CrashBoard(2);
        File.WriteAllBytes(Path.Combine(cluster.DataDirectory(2), BoardStore.SnapshotFile), new byte[40]); // no magic, no valid checksum
        long since = desktop.Now;
        cluster.RestartBoard(2);
        Waits.Until(() => desktop.Latest.TryGetValue(2, out ReportSeen? r) && r.At > since && r.Fault == ErrorCode.BadPersistentState,
            () => $"board 2 reports bad-persistent-state; ether seed {cluster.EtherSeed}; its output: {cluster.BoardOutput(2)}", 30_000);
        Assert.Contains("bad-persistent-state", cluster.BoardOutput(2), StringComparison.Ordinal);
        Assert.True(cluster.Boards[2].Running, "the faulted board keeps running, as a real board does");
        Assert.True(desktop.Execute(CommandKind.Set, 1, 8, client, seq: 2)?.Status == CommandStatus.Ok, "the other two boards still take writes");
    }

    [Fact]
    public void Options_that_cannot_make_a_cluster_are_refused_before_anything_starts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClusterLauncher(new VirtualClusterOptions { Boards = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClusterLauncher(new VirtualClusterOptions { Boards = 3, ServerNode = 3 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClusterLauncher(new VirtualClusterOptions { Boards = 5, CollectorId = 4 }));
        Assert.Throws<ArgumentException>(() => new ClusterLauncher(new VirtualClusterOptions { ClusterKey = new byte[5] }));
        using var idle = new ClusterLauncher(new VirtualClusterOptions());
        Assert.Throws<InvalidOperationException>(() => idle.CrashBoard(0));
        Assert.Throws<InvalidOperationException>(() => idle.CollectorEndPoint);
    }

    private ClusterLauncher Launch()
    {
        var cluster = new ClusterLauncher(new VirtualClusterOptions { Boards = 3, ClusterKey = key, WorkDirectory = work, Output = Log });
        try
        {
            cluster.Start();
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    private void Log(string line)
    {
        try
        {
            log.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // a line printed after the test finished
        }
    }
}
