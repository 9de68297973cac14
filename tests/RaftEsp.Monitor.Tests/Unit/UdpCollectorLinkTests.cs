using System.Net;
using System.Net.Sockets;
using RaftEsp.Apps;
using RaftEsp.Core;
using RaftEsp.Monitor.Link;
using RaftEsp.Monitor.State;

namespace RaftEsp.Monitor.Tests.Unit;

/// <summary>The monitor's end of the desktop protocol against a collector played by the test over loopback UDP.</summary>
/// <remarks>Each test first plays the collector's end of the handshake (<see cref="AttachAsync"/>).</remarks>
public sealed class UdpCollectorLinkTests : IAsyncLifetime, IDisposable
{
    private static readonly byte[] Key = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
    private readonly LinkKey linkKey = new(7, Key);
    private readonly Socket collector = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private UdpCollectorLink link = null!;
    private readonly List<BoardReport> reports = new();
    private readonly List<ClientAnswer> answers = new();
    private readonly List<CollectorReport> stats = new();
    private readonly List<LinkCounters> states = new();
    private ulong session;
    private int counter;

    public async Task InitializeAsync()
    {
        collector.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        collector.ReceiveTimeout = 60_000;
        link = new UdpCollectorLink(7, Key, (IPEndPoint)collector.LocalEndPoint!, new IPEndPoint(IPAddress.Loopback, 0));
        link.BoardReported += r => { lock (reports) reports.Add(r); };
        link.AnswerReceived += a => { lock (answers) answers.Add(a); };
        link.CollectorReported += s => { lock (stats) stats.Add(s); };
        link.StateChanged += c => { lock (states) states.Add(c); };
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

    private (int Type, byte[] Datagram, int Length) ReceiveAtCollector(int wanted)
    {
        while (true)
        {
            var got = ReceiveAtCollector();
            if (got.Type == wanted) return got;
        }
    }

    /// <summary>Plays the collector's end of a handshake with <paramref name="collectorNonce"/>; returns the attach's nonces.</summary>
    private async Task<(byte[] Challenge, byte[] Attach)> AttachAsync(ulong collectorNonce = 0xC011EC7012345678)
    {
        var (_, hello, helloLength) = ReceiveAtCollector(DesktopProtocol.HelloType);
        Assert.Equal(DatagramError.None, DesktopProtocol.DecodeHello(linkKey, hello, helloLength, out ulong desktopNonce));
        var challenge = new byte[64];
        int n = DesktopProtocol.EncodeChallenge(linkKey, challenge, desktopNonce, collectorNonce);
        SendToMonitor(challenge, n);
        var (_, attach, attachLength) = ReceiveAtCollector(DesktopProtocol.AttachType);
        Assert.Equal(DatagramError.None, DesktopProtocol.DecodeAttach(linkKey, attach, attachLength, out ulong echoed, out ulong desktopAgain));
        Assert.Equal((collectorNonce, desktopNonce), (echoed, desktopAgain));
        session = new LinkSession().Derive(linkKey, desktopNonce, collectorNonce);
        counter = 0;
        Assert.Equal(LinkStates.Attaching, link.State);
        SendStats(new CollectorStats { CollectorId = 200 });
        await Wait.UntilAsync(() => Task.FromResult(link.State), s => s == LinkStates.Attached, "the session opens");
        return (challenge.AsSpan(0, n).ToArray(), attach.AsSpan(0, attachLength).ToArray());
    }

    private byte[] SendStats(CollectorStats s)
    {
        var datagram = new byte[DesktopProtocol.MaxDatagramBytes];
        int length = DesktopProtocol.EncodeCollectorStats(linkKey, datagram, session, ++counter, s);
        SendToMonitor(datagram, length);
        return datagram.AsSpan(0, length).ToArray();
    }

    [Fact]
    public async Task The_monitor_handshakes_with_fresh_nonces_and_opens_the_session_on_the_first_datagram_of_it()
    {
        Assert.Equal(LinkStates.Handshaking, link.State);
        await AttachAsync();
        Assert.Equal(1, link.Counters.SessionsOpened);
        Assert.Contains(states, c => c.State == LinkStates.Attached);
    }

    [Fact]
    public async Task Without_a_session_a_request_is_not_sent()
    {
        link.Send(new ClientRequest(RequestKind.Set, 3, 4242, 2, -9));
        var (type, _, _) = ReceiveAtCollector();
        Assert.Equal(DesktopProtocol.HelloType, type);
        await AttachAsync();
        link.Send(new ClientRequest(RequestKind.Set, 3, 4242, 2, -9));
        Assert.Equal(DesktopProtocol.CommandRequestType, ReceiveAtCollector().Type);
    }

    [Fact]
    public async Task A_replayed_challenge_or_collector_datagram_is_dropped_and_counted_and_changes_nothing()
    {
        (byte[] challenge, _) = await AttachAsync();
        byte[] recorded = SendStats(new CollectorStats { CollectorId = 200, PollsSent = 7 });
        await Wait.UntilAsync(() => Task.FromResult(Count(stats)), n => n == 2, "the stats");
        SendToMonitor(recorded, recorded.Length);
        SendToMonitor(challenge, challenge.Length);
        await Wait.UntilAsync(() => Task.FromResult(link.Counters.DatagramsDropped), n => n == 2, "two drops");
        Assert.Equal(1, link.Counters.DatagramDrops["replayed"]);
        Assert.Equal(1, link.Counters.DatagramDrops["bad-nonce"]);
        Assert.Equal(2, Count(stats));
        Assert.Equal(LinkStates.Attached, link.State);
        Assert.Equal(1, link.Counters.SessionsOpened);
    }

    [Fact]
    public async Task After_silence_the_monitor_handshakes_again_and_the_old_session_is_stale()
    {
        await AttachAsync();
        ulong first = session;
        byte[] old = SendStats(new CollectorStats { CollectorId = 200 });
        await Wait.UntilAsync(() => Task.FromResult(link.State), s => s == LinkStates.Handshaking, "silence: handshaking again", TimeSpan.FromSeconds(10));
        Assert.Contains(states, c => c.State == LinkStates.Handshaking);
        await AttachAsync(0x5EC0D);
        Assert.NotEqual(first, session);
        SendToMonitor(old, old.Length);
        await Wait.UntilAsync(() => Task.FromResult(link.Counters.DatagramDrops["stale-session"]), n => n == 1, "the old session's datagram is stale");
        Assert.Equal(2, link.Counters.SessionsOpened);
    }

    [Fact]
    public async Task A_datagram_over_1400_bytes_is_counted_as_too_long()
    {
        SendToMonitor(new byte[1500], 1500);
        await Wait.UntilAsync(() => Task.FromResult(link.Counters.DatagramsDropped), n => n == 1, "one drop");
        Assert.Equal(1, link.Counters.DatagramDrops["too-long"]);
        Assert.Equal("too-long", link.Counters.LastDropReason);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_request_reaches_the_collector_as_a_tagged_command_in_the_session_with_rising_counters()
    {
        await AttachAsync();
        var command = new ClientCommand();
        var stamp = new SessionStamp();
        for (int i = 1; i <= 2; i++)
        {
            link.Send(new ClientRequest(RequestKind.Set, 3, 4242, 2, -9));
            var (_, datagram, length) = ReceiveAtCollector(DesktopProtocol.CommandRequestType);
            Assert.Equal(DatagramError.None, DesktopProtocol.DecodeCommandRequest(linkKey, datagram, length, stamp, command));
            Assert.Equal((session, i), (stamp.Session, stamp.Counter));
        }

        Assert.Equal((3, 4242, CommandKind.Set, 2, -9), (command.Client, command.Seq, command.Kind, command.Slot, command.Value));
    }

    [Fact]
    public async Task A_board_status_becomes_a_report_with_its_database_and_entries()
    {
        await AttachAsync();
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
        int length = DesktopProtocol.EncodeBoardStatus(linkKey, datagram, session, ++counter, status);
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
        await AttachAsync();
        var result = new ClientResult { RequestId = 9, Client = 1, Seq = 300, Kind = CommandKind.Get, Status = 0, Value = 12, Index = 40, Leader = 3 };
        var datagram = new byte[DesktopProtocol.MaxDatagramBytes];
        int length = DesktopProtocol.EncodeCommandResult(linkKey, datagram, session, ++counter, result);
        SendToMonitor(datagram, length);
        await Wait.UntilAsync(() => Task.FromResult(Count(answers)), n => n == 1, "the answer");
        Assert.Equal(new ClientAnswer(RequestKind.Get, 1, 300, CommandStatus.Ok, 12, 40, 3), answers[0]);
    }

    [Fact]
    public async Task Datagrams_with_a_wrong_key_or_cluster_are_dropped_and_counted()
    {
        var result = new ClientResult { RequestId = 9, Client = 1, Seq = 300, Kind = CommandKind.Set, Status = 0, Value = 12, Index = 40, Leader = 3 };
        var datagram = new byte[DesktopProtocol.MaxDatagramBytes];
        int length = DesktopProtocol.EncodeCommandResult(new LinkKey(7, new byte[16]), datagram, 1, 1, result);
        SendToMonitor(datagram, length);
        length = DesktopProtocol.EncodeCommandResult(new LinkKey(8, Key), datagram, 1, 1, result);
        SendToMonitor(datagram, length);
        SendToMonitor(new byte[] { 1, 2, 3 }, 3);
        await Wait.UntilAsync(() => Task.FromResult(link.Counters.DatagramsDropped), n => n == 3, "three drops");
        Assert.Empty(answers);
        Assert.Equal("too-short", link.Counters.LastDropReason);
        Assert.Equal((1, 1, 1), (link.Counters.DatagramDrops["bad-tag"], link.Counters.DatagramDrops["wrong-cluster"], link.Counters.DatagramDrops["too-short"]));
    }

    [Fact]
    public async Task Collector_stats_are_reported_as_the_collectors_own_counters()
    {
        await AttachAsync();
        var s = new CollectorStats { CollectorId = 200, UptimeSeconds = 12, PollsSent = 50, DatagramsReceived = 9, DatagramsDropped = 2 };
        s.DatagramDrops[(int)DatagramError.Replayed] = 2;
        SendStats(s);
        await Wait.UntilAsync(() => Task.FromResult(Count(stats)), n => n == 2, "the stats");
        CollectorReport got = stats[1];
        Assert.Equal((200, 50, 9, 2), (got.CollectorId, got.PollsSent, got.DatagramsReceived, got.DatagramsDropped));
        Assert.Equal(2, got.DatagramDrops["replayed"]);
    }

    private static int Count<T>(List<T> list)
    {
        lock (list) return list.Count;
    }
}
