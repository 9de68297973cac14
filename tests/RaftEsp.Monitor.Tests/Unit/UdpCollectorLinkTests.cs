using System.Net;
using System.Net.Sockets;
using RaftEsp.Apps;
using RaftEsp.Core;
using RaftEsp.Monitor.Link;
using RaftEsp.Monitor.State;

namespace RaftEsp.Monitor.Tests.Unit;

/// <summary>The monitor's end of the desktop protocol against a collector played by the test over loopback UDP.</summary>
public sealed class UdpCollectorLinkTests : IAsyncLifetime, IDisposable
{
    private static readonly byte[] Key = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
    private readonly LinkKey linkKey = new(7, Key);
    private readonly Socket collector = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private UdpCollectorLink link = null!;
    private readonly List<BoardReport> reports = new();
    private readonly List<ClientAnswer> answers = new();
    private readonly List<CollectorReport> stats = new();

    public async Task InitializeAsync()
    {
        collector.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        collector.ReceiveTimeout = 60_000;
        link = new UdpCollectorLink(7, Key, (IPEndPoint)collector.LocalEndPoint!, new IPEndPoint(IPAddress.Loopback, 0));
        link.BoardReported += r => { lock (reports) reports.Add(r); };
        link.AnswerReceived += a => { lock (answers) answers.Add(a); };
        link.CollectorReported += (s, _) => { lock (stats) stats.Add(s); };
        await link.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await link.DisposeAsync();

    public void Dispose() => collector.Dispose();

    private (int Type, byte[] Datagram, int Length) ReceiveAtCollector()
    {
        var buffer = new byte[2048];
        int n = collector.Receive(buffer);
        Assert.Equal(DatagramError.None, DesktopProtocol.Open(linkKey, buffer, n, out int type));
        return (type, buffer, n);
    }

    private void SendToMonitor(byte[] datagram, int length) => collector.SendTo(datagram, 0, length, SocketFlags.None, link.LocalEndPoint);

    [Fact]
    public void The_monitor_says_hello_with_its_nonce()
    {
        var (type, datagram, length) = ReceiveAtCollector();
        Assert.Equal(DesktopProtocol.HelloType, type);
        Assert.Equal(DatagramError.None, DesktopProtocol.DecodeHello(linkKey, datagram, length, out int nonce));
        Assert.Equal(link.HelloNonce, nonce);
    }

    [Fact]
    public void A_request_reaches_the_collector_as_a_tagged_command()
    {
        link.Send(new ClientRequest(RequestKind.Set, 3, 4242, 2, -9));
        var command = new ClientCommand();
        while (true)
        {
            var (type, datagram, length) = ReceiveAtCollector();
            if (type != DesktopProtocol.CommandRequestType) continue;
            Assert.Equal(DatagramError.None, DesktopProtocol.DecodeCommandRequest(linkKey, datagram, length, command));
            break;
        }

        Assert.Equal((3, 4242, CommandKind.Set, 2, -9), (command.Client, command.Seq, command.Kind, command.Slot, command.Value));
    }

    [Fact]
    public async Task A_board_status_becomes_a_report_with_its_database_and_entries()
    {
        var status = new BoardStatus { NodeId = 2, Online = true, Polled = true, HasReport = true, LastHeardAgeMillis = 5, FramesHeard = 10 };
        StatusReport r = status.Report;
        r.NodeId = 2;
        r.Term = 6;
        r.Role = Role.Leader;
        r.Leader = 2;
        r.Commit = 11;
        r.Applied = 11;
        r.LastIndex = 12;
        r.LastTerm = 6;
        r.FramesSent = 100;
        r.FramesReceived = 90;
        r.EntryCount = 2;
        r.EntryTerms[0] = 6;
        r.EntryKinds[0] = EntryKind.Set;
        r.EntrySlots[0] = 1;
        r.EntryValues[0] = 77;
        r.EntryTerms[1] = 6;
        r.EntryKinds[1] = EntryKind.Remove;
        r.EntrySlots[1] = 4;
        r.SlotCount = 5;
        r.FirstSlot = 0;
        r.PageCount = 5;
        int[] values = { 3, 77, 0, -5, 0 };
        Array.Copy(values, r.PageValues, 5);
        var datagram = new byte[DesktopProtocol.MaxDatagramBytes];
        int length = DesktopProtocol.EncodeBoardStatus(linkKey, datagram, status);
        Assert.True(length > 0);
        SendToMonitor(datagram, length);
        await Wait.UntilAsync(() => Task.FromResult(Count(reports)), n => n == 1, "the report");
        BoardReport report = reports[0];
        Assert.Equal((2, true, true, "Leader", 6, 11, 12), (report.Node, report.Online, report.HasState, report.Role, report.Term, report.CommitIndex, report.LastIndex));
        Assert.Equal(values, report.Database);
        Assert.Equal(new[] { new LogEntryView(11, 6, "set", 1, 77), new LogEntryView(12, 6, "remove", 4, 0) }, report.LastEntries);
        Assert.Null(report.Fault);
    }

    [Fact]
    public async Task A_result_becomes_an_answer()
    {
        var result = new ClientResult { RequestId = 9, Client = 1, Seq = 300, Kind = CommandKind.Get, Status = 0, Value = 12, Index = 40, Leader = 3 };
        var datagram = new byte[DesktopProtocol.MaxDatagramBytes];
        int length = DesktopProtocol.EncodeCommandResult(linkKey, datagram, result);
        SendToMonitor(datagram, length);
        await Wait.UntilAsync(() => Task.FromResult(Count(answers)), n => n == 1, "the answer");
        Assert.Equal(new ClientAnswer(RequestKind.Get, 1, 300, CommandStatus.Ok, 12, 40, 3), answers[0]);
    }

    [Fact]
    public async Task Datagrams_with_a_wrong_key_or_cluster_are_dropped_and_counted()
    {
        var result = new ClientResult { RequestId = 9, Client = 1, Seq = 300, Kind = CommandKind.Set, Status = 0, Value = 12, Index = 40, Leader = 3 };
        var datagram = new byte[DesktopProtocol.MaxDatagramBytes];
        int length = DesktopProtocol.EncodeCommandResult(new LinkKey(7, new byte[16]), datagram, result);
        SendToMonitor(datagram, length);
        length = DesktopProtocol.EncodeCommandResult(new LinkKey(8, Key), datagram, result);
        SendToMonitor(datagram, length);
        SendToMonitor(new byte[] { 1, 2, 3 }, 3);
        await Wait.UntilAsync(() => Task.FromResult(link.Counters.DatagramsDropped), n => n == 3, "three drops");
        Assert.Empty(answers);
        Assert.Equal("too-short", link.Counters.LastDropReason);
    }

    [Fact]
    public async Task Collector_stats_are_reported_with_the_echoed_nonce()
    {
        var s = new CollectorStats { HelloNonce = link.HelloNonce, CollectorId = 200, UptimeSeconds = 12, PollsSent = 50 };
        var datagram = new byte[DesktopProtocol.MaxDatagramBytes];
        int length = DesktopProtocol.EncodeCollectorStats(linkKey, datagram, s);
        SendToMonitor(datagram, length);
        await Wait.UntilAsync(() => Task.FromResult(Count(stats)), n => n == 1, "the stats");
        Assert.Equal(link.HelloNonce, stats[0].HelloNonce);
        Assert.Equal(200, stats[0].CollectorId);
        Assert.Equal(50, stats[0].PollsSent);
    }

    private static int Count<T>(List<T> list)
    {
        lock (list) return list.Count;
    }
}
