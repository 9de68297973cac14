namespace RaftEsp.Apps.Tests;

public class DesktopProtocolTests
{
    private readonly LinkKey key = Samples.Link();
    private const ulong Session = 0xFEDCBA9876543210;
    private readonly byte[] datagram = new byte[DesktopProtocol.MaxDatagramBytes];
    private readonly SessionStamp stamp = new();

    [Fact]
    public void The_handshake_datagrams_round_trip()
    {
        int n = DesktopProtocol.EncodeHello(key, datagram, 0x8000000000000001);
        Assert.Equal(DesktopProtocol.HeaderBytes + 8 + DesktopProtocol.TagBytes, n);
        Assert.Equal(DatagramError.None, DesktopProtocol.DecodeHello(key, datagram, n, out ulong nonce));
        Assert.Equal(0x8000000000000001, nonce);
        Assert.Equal(DesktopProtocol.HelloType, DesktopProtocol.TypeOf(datagram, n));

        n = DesktopProtocol.EncodeChallenge(key, datagram, 1, ulong.MaxValue);
        Assert.Equal(DesktopProtocol.HeaderBytes + 16 + DesktopProtocol.TagBytes, n);
        Assert.Equal(DatagramError.None, DesktopProtocol.DecodeChallenge(key, datagram, n, out ulong desktopNonce, out ulong collectorNonce));
        Assert.Equal((1UL, ulong.MaxValue), (desktopNonce, collectorNonce));
        Assert.Equal(DatagramError.Unexpected, DesktopProtocol.DecodeAttach(key, datagram, n, out _, out _));

        n = DesktopProtocol.EncodeAttach(key, datagram, ulong.MaxValue, 1);
        Assert.Equal(DatagramError.None, DesktopProtocol.DecodeAttach(key, datagram, n, out collectorNonce, out desktopNonce));
        Assert.Equal((1UL, ulong.MaxValue), (desktopNonce, collectorNonce));
    }

    [Fact]
    public void Both_ends_derive_the_same_session_id_and_it_depends_on_both_nonces_and_the_key()
    {
        ulong id = new LinkSession().Derive(key, 1, 2);
        Assert.Equal(id, new LinkSession().Derive(key, 1, 2));
        Assert.NotEqual(id, new LinkSession().Derive(key, 1, 3));
        Assert.NotEqual(id, new LinkSession().Derive(key, 3, 2));
        Assert.NotEqual(id, new LinkSession().Derive(Samples.Link(1, Samples.OtherKey), 1, 2));
    }

    [Fact]
    public void A_session_accepts_each_counter_once_within_a_64_wide_window_and_nothing_of_another_session()
    {
        var session = new LinkSession();
        var s = new SessionStamp { Session = Session, Counter = 1 };
        Assert.Equal(DatagramError.StaleSession, session.Check(s));
        session.Open(Session);
        Assert.Equal(DatagramError.None, session.Check(s));
        Assert.Equal(DatagramError.None, session.Check(s)); // checking changes nothing
        session.Accept(s);
        Assert.Equal(DatagramError.Replayed, session.Check(s));
        s.Counter = 100;
        session.Accept(s);
        s.Counter = 37; // 63 behind, unseen: late but fresh
        Assert.Equal(DatagramError.None, session.Check(s));
        session.Accept(s);
        Assert.Equal(DatagramError.Replayed, session.Check(s));
        s.Counter = 36; // 64 behind: older than the window
        Assert.Equal(DatagramError.Replayed, session.Check(s));
        s.Counter = 0;
        Assert.Equal(DatagramError.Replayed, session.Check(s));
        s.Counter = 101;
        s.Session = Session + 1;
        Assert.Equal(DatagramError.StaleSession, session.Check(s));
        session.Close();
        s.Session = Session;
        Assert.Equal(DatagramError.StaleSession, session.Check(s));
    }

    [Fact]
    public void A_jump_of_64_or_more_forgets_the_whole_map_and_the_window_matches_a_reference_model()
    {
        var random = new Random(64);
        var window = new CounterWindow();
        var accepted = new HashSet<int>();
        int highest = 0;
        for (int i = 0; i < 20000; i++)
        {
            int counter = Math.Max(1, highest + random.Next(-80, random.Next(4) == 0 ? 200 : 8));
            bool expected = counter > highest || (highest - counter < CounterWindow.Width && !accepted.Contains(counter));
            Assert.Equal(expected, window.IsFresh(counter));
            if (!expected) continue;
            window.Mark(counter);
            accepted.Add(counter);
            highest = Math.Max(highest, counter);
        }
    }

    [Fact]
    public void The_sending_counter_runs_out_at_2_to_the_31_minus_1()
    {
        var session = new LinkSession();
        Assert.Equal(0, session.NextCounter());
        session.Open(Session);
        Assert.Equal(1, session.NextCounter());
        Assert.Equal(2, session.NextCounter());
        typeof(LinkSession).GetField("sent", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.SetValue(session, int.MaxValue - 1);
        Assert.Equal(int.MaxValue, session.NextCounter());
        Assert.Equal(0, session.NextCounter());
    }

    [Fact]
    public void A_command_request_and_its_result_round_trip()
    {
        ClientCommand command = Samples.Command(CommandKind.Remove);
        int n = DesktopProtocol.EncodeCommandRequest(key, datagram, Session, 5, command);
        Assert.Equal(DesktopProtocol.HeaderBytes + DesktopProtocol.StampBytes + AppFrames.ClientCommandBody + DesktopProtocol.TagBytes, n);
        var got = new ClientCommand();
        Assert.Equal(DatagramError.None, DesktopProtocol.DecodeCommandRequest(key, datagram, n, stamp, got));
        Assert.Equivalent(command, got);
        Assert.Equal((Session, 5), (stamp.Session, stamp.Counter));

        ClientResult result = Samples.Result();
        result.Status = CommandStatus.NoLeader;
        n = DesktopProtocol.EncodeCommandResult(key, datagram, Session, int.MaxValue, result);
        Assert.Equal(DesktopProtocol.HeaderBytes + DesktopProtocol.StampBytes + AppFrames.ClientResultBody + DesktopProtocol.TagBytes, n);
        var back = new ClientResult();
        Assert.Equal(DatagramError.None, DesktopProtocol.DecodeCommandResult(key, datagram, n, stamp, back));
        Assert.Equal(int.MaxValue, stamp.Counter);
        Assert.Equivalent(result, back);
    }

    [Fact]
    public void A_board_status_round_trips_with_and_without_a_report()
    {
        var status = new BoardStatus { NodeId = 2, Online = true, Polled = true, HasReport = true, LastHeardAgeMillis = 35, FramesHeard = 9000, PollsUnanswered = 4 };
        status.Report.CopyFrom(Samples.Report());
        int n = DesktopProtocol.EncodeBoardStatus(key, datagram, Session, 1, status);
        Assert.True(n > 0);
        var got = new BoardStatus();
        Assert.Equal(DatagramError.None, DesktopProtocol.DecodeBoardStatus(key, datagram, n, stamp, got));
        Assert.Equivalent(status, got);

        var offline = new BoardStatus { NodeId = 4, Online = false, Polled = true, LastHeardAgeMillis = -1 };
        n = DesktopProtocol.EncodeBoardStatus(key, datagram, Session, 2, offline);
        Assert.Equal(DesktopProtocol.HeaderBytes + DesktopProtocol.StampBytes + DesktopProtocol.BoardStatusFixedBody + DesktopProtocol.TagBytes, n);
        Assert.Equal(DatagramError.None, DesktopProtocol.DecodeBoardStatus(key, datagram, n, stamp, got));
        Assert.False(got.Online);
        Assert.False(got.HasReport);
        Assert.Equal(-1, got.LastHeardAgeMillis);
    }

    [Fact]
    public void Collector_stats_round_trip()
    {
        var stats = new CollectorStats
        {
            CollectorId = 9, ChallengesSent = 7, SessionsOpened = 3, UptimeSeconds = 60, PollsSent = 600, ReportsReceived = 590, PollTimeouts = 10,
            CommandsRelayed = 20, ResultsRelayed = 19, RadioFramesHeard = 50000, RadioFramesDropped = 3, DatagramsReceived = 25, DatagramsDropped = 4,
        };
        stats.DatagramDrops[(int)DatagramError.BadTag] = 3;
        stats.DatagramDrops[(int)DatagramError.Unexpected] = 1;
        stats.DatagramDrops[(int)DatagramError.Replayed] = 2;
        int n = DesktopProtocol.EncodeCollectorStats(key, datagram, Session, 9, stats);
        Assert.Equal(DesktopProtocol.HeaderBytes + DesktopProtocol.StampBytes + DesktopProtocol.CollectorStatsFixedBody + 4 * (DatagramErrors.Count - 1) + DesktopProtocol.TagBytes, n);
        var got = new CollectorStats();
        Assert.Equal(DatagramError.None, DesktopProtocol.DecodeCollectorStats(key, datagram, n, stamp, got));
        Assert.Equivalent(stats, got);
    }

    [Fact]
    public void The_largest_datagram_is_a_full_board_status_and_stays_under_1400_bytes()
    {
        var status = new BoardStatus { NodeId = 254, Online = true, Polled = true, HasReport = true, LastHeardAgeMillis = int.MaxValue, FramesHeard = int.MaxValue, PollsUnanswered = int.MaxValue };
        StatusReport r = Samples.Report(64, StatusReport.MaxEntries);
        r.NodeId = 254;
        int[] worst = Enumerable.Repeat(int.MinValue, 64).ToArray();
        Samples.FillMembers(r, Config.MaxClusterSize, 4);
        r.PageCount = AppFrames.SlotsThatFit(worst, 0, 64, StatusReport.MaxEntries, r.MemberCount, StatusReportTimers.Size(r));
        Array.Copy(worst, r.PageValues, r.PageCount);
        status.Report.CopyFrom(r);
        int n = DesktopProtocol.EncodeBoardStatus(key, datagram, Session, int.MaxValue, status);
        Assert.InRange(n, 1, DesktopProtocol.LargestDatagram);
        Assert.True(DesktopProtocol.LargestDatagram < DesktopProtocol.MaxDatagramBytes);
    }

    [Fact]
    public void A_radio_frame_never_passes_as_a_datagram_nor_the_reverse()
    {
        FrameCodec codec = Samples.Codec();
        byte[] frame = new byte[FrameLimits.MaxFrameBytes];
        int f = AppFrames.EncodeClientCommand(codec, frame, 9, 0, Samples.Command());
        Assert.Equal(DatagramError.BadMagic, DesktopProtocol.DecodeCommandRequest(key, frame, f, stamp, new ClientCommand()));
        Assert.Equal(-1, DesktopProtocol.TypeOf(frame, f));

        int d = DesktopProtocol.EncodeCommandRequest(key, datagram, Session, 1, Samples.Command());
        Assert.Equal(FrameError.BadVersion, codec.CheckEnvelope(datagram, d, 0));
        Assert.Equal(FrameError.BadVersion, AppFrames.DecodeClientCommand(codec, datagram, d, 0, new ClientCommand(), out _));
    }

    [Fact]
    public void Other_clusters_forgeries_and_wrong_directions_are_refused_with_their_reason()
    {
        int n = DesktopProtocol.EncodeCommandRequest(key, datagram, Session, 1, Samples.Command());
        var into = new ClientCommand();
        Assert.Equal(DatagramError.WrongCluster, DesktopProtocol.DecodeCommandRequest(Samples.Link(2), datagram, n, stamp, into));
        Assert.Equal(DatagramError.BadTag, DesktopProtocol.DecodeCommandRequest(Samples.Link(1, Samples.OtherKey), datagram, n, stamp, into));
        Assert.Equal(DatagramError.Unexpected, DesktopProtocol.DecodeCommandResult(key, datagram, n, stamp, new ClientResult()));
        Assert.Equal(DatagramError.TooShort, DesktopProtocol.DecodeCommandRequest(key, datagram, 11, stamp, into));
        Assert.Equal(DatagramError.TooLong, DesktopProtocol.DecodeCommandRequest(key, new byte[1500], 1401, stamp, into));
        Assert.Equal(DatagramError.TooLong, DesktopProtocol.Open(key, datagram, 1401, out _)); // longer than the buffer too: still too long
        Assert.Equal(DatagramError.TooLong, DesktopProtocol.Open(key, datagram, DesktopProtocol.TooLongForLink, out _));
        datagram[3] = DesktopProtocol.LastType + 1; // an unknown type, correctly tagged
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
        int n = DesktopProtocol.EncodeCommandRequest(key, datagram, Session, 1, Samples.Command());
        datagram[DesktopProtocol.HeaderBytes + DesktopProtocol.StampBytes + 12] = 9; // kind 9
        ResealAt(n);
        Assert.Equal(DatagramError.BadField, DesktopProtocol.DecodeCommandRequest(key, datagram, n, stamp, new ClientCommand()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void A_counter_outside_1_to_2_to_the_31_minus_1_is_a_bad_field(int counter)
    {
        int n = DesktopProtocol.EncodeCommandRequest(key, datagram, Session, 1, Samples.Command());
        RaftEsp.Core.Bytes.WriteI32(datagram, DesktopProtocol.HeaderBytes + 8, counter);
        ResealAt(n);
        Assert.Equal(DatagramError.BadField, DesktopProtocol.DecodeCommandRequest(key, datagram, n, stamp, new ClientCommand()));
        Assert.Equal(0, DesktopProtocol.EncodeCommandRequest(key, datagram, Session, counter, Samples.Command()));
    }

    [Theory]
    [InlineData(-2, DatagramError.BadField)]
    [InlineData(int.MinValue, DatagramError.BadField)]
    [InlineData(-1, DatagramError.None)]
    [InlineData(0, DatagramError.None)]
    [InlineData(int.MaxValue, DatagramError.None)]
    public void A_last_heard_age_below_minus_1_is_a_bad_field_and_the_encoder_refuses_it(int age, DatagramError expected)
    {
        var status = new BoardStatus { NodeId = 3, Polled = true, LastHeardAgeMillis = 0 };
        int n = DesktopProtocol.EncodeBoardStatus(key, datagram, Session, 1, status);
        RaftEsp.Core.Bytes.WriteI32(datagram, DesktopProtocol.HeaderBytes + DesktopProtocol.StampBytes + 2, age);
        ResealAt(n);
        Assert.Equal(expected, DesktopProtocol.DecodeBoardStatus(key, datagram, n, stamp, new BoardStatus()));
        status.LastHeardAgeMillis = age;
        Assert.Equal(expected == DatagramError.None, DesktopProtocol.EncodeBoardStatus(key, datagram, Session, 1, status) > 0);
    }

    [Fact]
    public void Each_side_takes_only_its_own_types_the_others_are_unexpected()
    {
        int[] toCollector = [DesktopProtocol.HelloType, DesktopProtocol.AttachType, DesktopProtocol.CommandRequestType];
        for (int type = DesktopProtocol.HelloType; type <= DesktopProtocol.LastType; type++)
        {
            Assert.Equal(toCollector.Contains(type), DesktopProtocol.IsForCollector(type));
        }
    }

    [Fact]
    public void Thousands_of_mutated_datagrams_are_all_refused_without_throwing()
    {
        var random = new Random(1124);
        var originals = new List<byte[]>();
        void Keep(int n) => originals.Add(datagram.AsSpan(0, n).ToArray());
        Keep(DesktopProtocol.EncodeHello(key, datagram, 5));
        Keep(DesktopProtocol.EncodeChallenge(key, datagram, 5, 6));
        Keep(DesktopProtocol.EncodeAttach(key, datagram, 6, 5));
        Keep(DesktopProtocol.EncodeCommandRequest(key, datagram, Session, 3, Samples.Command()));
        Keep(DesktopProtocol.EncodeCommandResult(key, datagram, Session, 4, Samples.Result()));
        var status = new BoardStatus { NodeId = 2, Online = true, HasReport = true };
        status.Report.CopyFrom(Samples.Report());
        Keep(DesktopProtocol.EncodeBoardStatus(key, datagram, Session, 5, status));
        Keep(DesktopProtocol.EncodeCollectorStats(key, datagram, Session, 6, new CollectorStats { CollectorId = 9 }));
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
            Assert.NotEqual(DatagramError.None, DesktopProtocol.DecodeChallenge(key, buffer, length, out _, out _));
            Assert.NotEqual(DatagramError.None, DesktopProtocol.DecodeAttach(key, buffer, length, out _, out _));
            Assert.NotEqual(DatagramError.None, DesktopProtocol.DecodeCommandRequest(key, buffer, length, stamp, command));
            Assert.NotEqual(DatagramError.None, DesktopProtocol.DecodeCommandResult(key, buffer, length, stamp, result));
            Assert.NotEqual(DatagramError.None, DesktopProtocol.DecodeBoardStatus(key, buffer, length, stamp, board));
            Assert.NotEqual(DatagramError.None, DesktopProtocol.DecodeCollectorStats(key, buffer, length, stamp, stats));
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
