namespace RaftEsp.Apps.Tests;

public class DesktopProtocolTests
{
    private readonly LinkKey key = Samples.Link();
    private readonly byte[] datagram = new byte[DesktopProtocol.MaxDatagramBytes];

    [Fact]
    public void A_hello_round_trips()
    {
        int n = DesktopProtocol.EncodeHello(key, datagram, -123456789);
        Assert.Equal(16, n);
        Assert.Equal(DatagramError.None, DesktopProtocol.DecodeHello(key, datagram, n, out int nonce));
        Assert.Equal(-123456789, nonce);
        Assert.Equal(DesktopProtocol.HelloType, DesktopProtocol.TypeOf(datagram, n));
    }

    [Fact]
    public void A_command_request_and_its_result_round_trip()
    {
        ClientCommand command = Samples.Command(CommandKind.Remove);
        int n = DesktopProtocol.EncodeCommandRequest(key, datagram, command);
        Assert.Equal(DesktopProtocol.HeaderBytes + AppFrames.ClientCommandBody + DesktopProtocol.TagBytes, n);
        var got = new ClientCommand();
        Assert.Equal(DatagramError.None, DesktopProtocol.DecodeCommandRequest(key, datagram, n, got));
        Assert.Equivalent(command, got);

        ClientResult result = Samples.Result();
        result.Status = CommandStatus.NoLeader;
        n = DesktopProtocol.EncodeCommandResult(key, datagram, result);
        Assert.Equal(DesktopProtocol.HeaderBytes + AppFrames.ClientResultBody + DesktopProtocol.TagBytes, n);
        var back = new ClientResult();
        Assert.Equal(DatagramError.None, DesktopProtocol.DecodeCommandResult(key, datagram, n, back));
        Assert.Equivalent(result, back);
    }

    [Fact]
    public void A_board_status_round_trips_with_and_without_a_report()
    {
        var status = new BoardStatus { NodeId = 2, Online = true, Polled = true, HasReport = true, LastHeardAgeMillis = 35, FramesHeard = 9000, PollsUnanswered = 4 };
        status.Report.CopyFrom(Samples.Report());
        int n = DesktopProtocol.EncodeBoardStatus(key, datagram, status);
        Assert.True(n > 0);
        var got = new BoardStatus();
        Assert.Equal(DatagramError.None, DesktopProtocol.DecodeBoardStatus(key, datagram, n, got));
        Assert.Equivalent(status, got);

        var offline = new BoardStatus { NodeId = 4, Online = false, Polled = true, LastHeardAgeMillis = -1 };
        n = DesktopProtocol.EncodeBoardStatus(key, datagram, offline);
        Assert.Equal(4 + DesktopProtocol.BoardStatusFixedBody + 8, n);
        Assert.Equal(DatagramError.None, DesktopProtocol.DecodeBoardStatus(key, datagram, n, got));
        Assert.False(got.Online);
        Assert.False(got.HasReport);
        Assert.Equal(-1, got.LastHeardAgeMillis);
    }

    [Fact]
    public void Collector_stats_round_trip()
    {
        var stats = new CollectorStats
        {
            HelloNonce = 99, CollectorId = 9, UptimeSeconds = 60, PollsSent = 600, ReportsReceived = 590, PollTimeouts = 10,
            CommandsRelayed = 20, ResultsRelayed = 19, RadioFramesHeard = 50000, RadioFramesDropped = 3, DatagramsReceived = 25, DatagramsDropped = 4,
        };
        stats.DatagramDrops[(int)DatagramError.BadTag] = 3;
        stats.DatagramDrops[(int)DatagramError.Unexpected] = 1;
        int n = DesktopProtocol.EncodeCollectorStats(key, datagram, stats);
        Assert.Equal(4 + DesktopProtocol.CollectorStatsFixedBody + 4 * 9 + 8, n);
        var got = new CollectorStats();
        Assert.Equal(DatagramError.None, DesktopProtocol.DecodeCollectorStats(key, datagram, n, got));
        Assert.Equivalent(stats, got);
    }

    [Fact]
    public void The_largest_datagram_is_a_full_board_status_and_stays_under_1400_bytes()
    {
        var status = new BoardStatus { NodeId = 254, Online = true, Polled = true, HasReport = true, LastHeardAgeMillis = int.MaxValue, FramesHeard = int.MaxValue, PollsUnanswered = int.MaxValue };
        StatusReport r = Samples.Report(64, StatusReport.MaxEntries);
        r.NodeId = 254;
        int[] worst = Enumerable.Repeat(int.MinValue, 64).ToArray();
        r.PageCount = AppFrames.SlotsThatFit(worst, 0, 64, StatusReport.MaxEntries);
        Array.Copy(worst, r.PageValues, r.PageCount);
        status.Report.CopyFrom(r);
        int n = DesktopProtocol.EncodeBoardStatus(key, datagram, status);
        Assert.InRange(n, 1, DesktopProtocol.LargestDatagram);
        Assert.True(DesktopProtocol.LargestDatagram < 1400);
    }

    [Fact]
    public void A_radio_frame_never_passes_as_a_datagram_nor_the_reverse()
    {
        FrameCodec codec = Samples.Codec();
        byte[] frame = new byte[FrameLimits.MaxFrameBytes];
        int f = AppFrames.EncodeClientCommand(codec, frame, 9, 0, Samples.Command());
        Assert.Equal(DatagramError.BadMagic, DesktopProtocol.DecodeCommandRequest(key, frame, f, new ClientCommand()));
        Assert.Equal(-1, DesktopProtocol.TypeOf(frame, f));

        int d = DesktopProtocol.EncodeCommandRequest(key, datagram, Samples.Command());
        Assert.Equal(FrameError.BadVersion, codec.CheckEnvelope(datagram, d, 0));
        Assert.Equal(FrameError.BadVersion, AppFrames.DecodeClientCommand(codec, datagram, d, 0, new ClientCommand(), out _));
    }

    [Fact]
    public void Other_clusters_forgeries_and_wrong_directions_are_refused_with_their_reason()
    {
        int n = DesktopProtocol.EncodeCommandRequest(key, datagram, Samples.Command());
        var into = new ClientCommand();
        Assert.Equal(DatagramError.WrongCluster, DesktopProtocol.DecodeCommandRequest(Samples.Link(2), datagram, n, into));
        Assert.Equal(DatagramError.BadTag, DesktopProtocol.DecodeCommandRequest(Samples.Link(1, Samples.OtherKey), datagram, n, into));
        Assert.Equal(DatagramError.Unexpected, DesktopProtocol.DecodeCommandResult(key, datagram, n, new ClientResult()));
        Assert.Equal(DatagramError.TooShort, DesktopProtocol.DecodeCommandRequest(key, datagram, 11, into));
        Assert.Equal(DatagramError.TooLong, DesktopProtocol.DecodeCommandRequest(key, new byte[1500], 1401, into));
        datagram[3] = 6; // an unknown type, correctly tagged
        n = ResealAt(n);
        Assert.Equal(DatagramError.UnknownType, DesktopProtocol.Open(key, datagram, n, out _));
    }

    private int ResealAt(int n)
    {
        int body = n - DesktopProtocol.TagBytes;
        RaftEsp.Core.Bytes.WriteU64(datagram, body, SipHash24.Compute(key.K0, key.K1, datagram, 0, body));
        return n;
    }

    [Fact]
    public void A_correctly_tagged_datagram_with_a_bad_field_is_refused()
    {
        int n = DesktopProtocol.EncodeCommandRequest(key, datagram, Samples.Command());
        datagram[DesktopProtocol.HeaderBytes + 12] = 9; // kind 9
        ResealAt(n);
        Assert.Equal(DatagramError.BadField, DesktopProtocol.DecodeCommandRequest(key, datagram, n, new ClientCommand()));
    }

    [Fact]
    public void Thousands_of_mutated_datagrams_are_all_refused_without_throwing()
    {
        var random = new Random(1124);
        var originals = new List<byte[]>();
        void Keep(int n) => originals.Add(datagram.AsSpan(0, n).ToArray());
        Keep(DesktopProtocol.EncodeHello(key, datagram, 5));
        Keep(DesktopProtocol.EncodeCommandRequest(key, datagram, Samples.Command()));
        Keep(DesktopProtocol.EncodeCommandResult(key, datagram, Samples.Result()));
        var status = new BoardStatus { NodeId = 2, Online = true, HasReport = true };
        status.Report.CopyFrom(Samples.Report());
        Keep(DesktopProtocol.EncodeBoardStatus(key, datagram, status));
        Keep(DesktopProtocol.EncodeCollectorStats(key, datagram, new CollectorStats { CollectorId = 9 }));
        var command = new ClientCommand();
        var result = new ClientResult();
        var board = new BoardStatus();
        var stats = new CollectorStats();
        for (int round = 0; round < 5000; round++)
        {
            byte[] original = originals[round % originals.Count];
            byte[] bad = Samples.Mutate(original, original.Length, random);
            int length = random.Next(4) == 0 ? random.Next(bad.Length + 1) : bad.Length;
            byte[] buffer = new byte[DesktopProtocol.MaxDatagramBytes];
            bad.AsSpan(0, length).CopyTo(buffer);
            Assert.NotEqual(DatagramError.None, DesktopProtocol.Open(key, buffer, length, out _));
            Assert.NotEqual(DatagramError.None, DesktopProtocol.DecodeHello(key, buffer, length, out _));
            Assert.NotEqual(DatagramError.None, DesktopProtocol.DecodeCommandRequest(key, buffer, length, command));
            Assert.NotEqual(DatagramError.None, DesktopProtocol.DecodeCommandResult(key, buffer, length, result));
            Assert.NotEqual(DatagramError.None, DesktopProtocol.DecodeBoardStatus(key, buffer, length, board));
            Assert.NotEqual(DatagramError.None, DesktopProtocol.DecodeCollectorStats(key, buffer, length, stats));
        }
    }

    [Fact]
    public void Every_drop_reason_has_a_distinct_name()
    {
        var names = Enumerable.Range(0, DatagramErrors.Count).Select(i => DatagramErrors.Name((DatagramError)i)).ToList();
        Assert.DoesNotContain("unknown", names);
        Assert.Equal(names.Count, names.Distinct().Count());
    }
}
