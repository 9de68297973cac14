namespace RaftEsp.Apps.Tests;

/// <summary>The status report's timers and progress blocks (docs/protocol.md, "StatusReport"): layout, bounds, refusals.</summary>
public class StatusReportTimersTests
{
    private readonly FrameCodec codec = Samples.Codec();
    private readonly byte[] frame = new byte[FrameLimits.MaxFrameBytes];
    private readonly byte[] body = new byte[AppFrames.MaxReportBody];

    /// <summary>Where the timers block starts in a body of <see cref="Samples.Report"/> with <paramref name="entries"/> entries and its 5 members.</summary>
    private static int TimersAt(int entries, int members = 5) => AppFrames.ReportFixedBytes + entries * AppFrames.ReportEntryBytes + AppFrames.ReportMembershipFixedBytes + members;

    [Fact]
    public void The_leaders_records_name_the_listed_members_by_a_mask_and_decode_to_match_and_next()
    {
        StatusReport sent = Samples.Report(5, 2);
        int length = AppFrames.WriteReportBody(body, 0, body.Length, sent);
        int t = TimersAt(2);
        // tick 10 ms, election 7 of 31 ticks, heartbeat 3 of 5, then the mask: members 250 (0), 248 (2), 246 (4).
        Assert.Equal(new byte[] { 10, 0, 7, 31, 5, 3, 0b10101, 0 }, body.AsSpan(t, 8).ToArray());
        Assert.Equal(new byte[] { 1 | (2 << 2), 1, 0, 0, 30, 30, 2, 255, 255 }, body.AsSpan(t + 8, 9).ToArray());
        var got = new StatusReport();
        Assert.Equal(FrameError.None, AppFrames.ReadReportBody(body, 0, length, got));
        Samples.AssertSameTimers(sent, got);
        Assert.Equal((41, 43), (got.ProgressMatch(0), got.ProgressNext(0)));
        Assert.Equal((12, 13), (got.ProgressMatch(1), got.ProgressNext(1)));
        Assert.Equal((0, 1), (got.ProgressMatch(2), got.ProgressNext(2))); // saturated: 255 or more behind
    }

    [Fact]
    public void A_report_of_the_layout_before_the_timers_is_refused_as_bad_version_and_changes_nothing()
    {
        // What older firmware sends: the same fields without the timers and progress blocks, flag bit 4 clear.
        StatusReport sent = Samples.Report(5, 2);
        int length = AppFrames.WriteReportBody(body, 0, body.Length, sent);
        int t = TimersAt(2);
        int blocks = StatusReportTimers.Size(sent);
        byte[] old = body.Take(t).Concat(body.Skip(t + blocks).Take(length - t - blocks)).ToArray();
        old[5] &= unchecked((byte)~16);
        StatusReport into = Samples.Report(5, 2);
        into.ElectionElapsed = 1;
        Assert.Equal(FrameError.BadVersion, AppFrames.ReadReportBody(old, 0, old.Length, into));
        Assert.Equal((1, 31, 3), (into.ElectionElapsed, into.ElectionTimeout, into.ProgressCount));

        // The same body sealed in a radio frame is refused with the same reason.
        int n = FrameLimits.HeaderBytes + old.Length + FrameLimits.TagBytes;
        codec.WriteHeader(frame, AppFrames.StatusReportType, 2, 9, 7);
        old.CopyTo(frame, FrameLimits.HeaderBytes);
        Assert.Equal(n, codec.SealFrame(frame, FrameLimits.HeaderBytes + old.Length));
        Assert.Equal(FrameError.BadVersion, AppFrames.DecodeStatusReport(Samples.Codec(), frame, n, 9, new StatusReport()));
    }

    [Fact]
    public void A_board_status_relaying_an_old_layout_report_is_refused_as_bad_field()
    {
        var key = Samples.Link();
        var status = new BoardStatus { NodeId = 2, Online = true, HasReport = true, LastHeardAgeMillis = 5 };
        status.Report.CopyFrom(Samples.Report(5, 2));
        byte[] datagram = new byte[DesktopProtocol.MaxDatagramBytes];
        int n = DesktopProtocol.EncodeBoardStatus(key, datagram, 42, 1, status);
        Assert.True(n > 0);
        var stamp = new SessionStamp { Session = 42 };
        Assert.Equal(DatagramError.None, DesktopProtocol.DecodeBoardStatus(key, datagram, n, stamp, new BoardStatus()));
        // Clear the layout bit inside the relayed report and seal again: the desktop must not read it.
        int reportAt = DesktopProtocol.HeaderBytes + DesktopProtocol.StampBytes + DesktopProtocol.BoardStatusFixedBody + 4;
        datagram[reportAt + 5] &= unchecked((byte)~16);
        Reseal(key, datagram, n);
        Assert.Equal(DatagramError.BadField, DesktopProtocol.DecodeBoardStatus(key, datagram, n, new SessionStamp { Session = 42 }, new BoardStatus()));
    }

    [Theory]
    [InlineData("tick 0", FrameError.BadField)]
    [InlineData("tick 1001", FrameError.BadField)]
    [InlineData("elapsed past timeout", FrameError.BadField)]
    [InlineData("timeout 0", FrameError.BadField)]
    [InlineData("heartbeat 0", FrameError.BadField)]
    [InlineData("heartbeat elapsed past interval", FrameError.BadField)]
    [InlineData("padded varint", FrameError.BadField)]
    [InlineData("timer above 200000", FrameError.BadField)]
    [InlineData("mask past the members", FrameError.BadField)]
    [InlineData("state 3", FrameError.BadField)]
    [InlineData("inflight 9", FrameError.BadField)]
    [InlineData("cut in the timers", FrameError.BadLength)]
    [InlineData("cut in the records", FrameError.BadLength)]
    public void A_bad_timers_or_progress_block_is_refused_with_its_reason_and_changes_nothing(string fault, FrameError expected)
    {
        StatusReport sent = Samples.Report(5, 2);
        int length = AppFrames.WriteReportBody(body, 0, body.Length, sent);
        int t = TimersAt(2);
        int mask = t + 6;
        int records = mask + StatusReportTimers.ProgressMaskBytes;
        byte[] b = body.Take(length).ToArray();
        switch (fault)
        {
            case "tick 0": b[t] = 0; break;
            case "tick 1001": Bytes.WriteU16(b, t, 1001); break;
            case "elapsed past timeout": b[t + 2] = 32; break;
            case "timeout 0": b[t + 3] = 0; b[t + 2] = 0; break;
            case "heartbeat 0": b[t + 4] = 0; b[t + 5] = 0; break;
            case "heartbeat elapsed past interval": b[t + 5] = 6; break;
            case "padded varint": b = Splice(b, t + 2, [0x87, 0x00]); break; // 7 in two bytes
            case "timer above 200000": b = Splice(b, t + 3, [0xC1, 0x9A, 0x0C]); break; // 200001
            case "mask past the members": b[mask] |= 1 << 5; break;
            case "state 3": b[records] |= 3; break;
            case "inflight 9": b[records] = (byte)(1 | (9 << 2)); break;
            case "cut in the timers": b = Splice(b, t + 3, [0x9F]); b = b.Take(t + 4).ToArray(); break;
            case "cut in the records": b = b.Take(records + 4).ToArray(); break;
        }

        StatusReport into = Samples.Report(5, 2);
        into.TickMillis = 99;
        Assert.Equal(expected, AppFrames.ReadReportBody(b, 0, b.Length, into));
        Assert.Equal((99, 7, 31, 5, 3, 3), (into.TickMillis, into.ElectionElapsed, into.ElectionTimeout, into.HeartbeatInterval, into.HeartbeatElapsed, into.ProgressCount));
    }

    [Fact]
    public void Sixteen_records_are_refused_a_leader_replicates_to_at_most_fifteen()
    {
        StatusReport r = Samples.Report(5, 0);
        Samples.FillMembers(r, Config.MaxClusterSize, 0);
        for (int i = 0; i < Config.MaxClusterSize - 1; i++) Samples.AddProgress(r, r.Voters[i], ProgressState.Replicate, 1, 0, 0);
        int length = AppFrames.WriteReportBody(body, 0, body.Length, r);
        Assert.True(length > 0);
        int mask = TimersAt(0, Config.MaxClusterSize) + 6;
        Assert.Equal(0x7FFF, Bytes.ReadU16(body, mask));
        // Name the 16th member too: the count is checked before any record is read.
        Bytes.WriteU16(body, mask, 0xFFFF);
        Assert.Equal(FrameError.BadField, AppFrames.ReadReportBody(body, 0, length, new StatusReport()));
    }

    [Theory]
    [InlineData("unlisted member")]
    [InlineData("out of list order")]
    [InlineData("lag 256")]
    [InlineData("inflight 9")]
    [InlineData("elapsed past timeout")]
    [InlineData("tick 0")]
    public void The_encoder_refuses_timers_or_records_it_cannot_carry(string fault)
    {
        StatusReport r = Samples.Report(5, 2);
        switch (fault)
        {
            case "unlisted member": r.ProgressNodes[1] = 7; break;
            case "out of list order": (r.ProgressNodes[0], r.ProgressNodes[1]) = (r.ProgressNodes[1], r.ProgressNodes[0]); break;
            case "lag 256": r.ProgressMatchLag[0] = 256; break;
            case "inflight 9": r.ProgressInflight[0] = 9; break;
            case "elapsed past timeout": r.ElectionElapsed = r.ElectionTimeout + 1; break;
            case "tick 0": r.TickMillis = 0; break;
        }

        Assert.Equal(-1, AppFrames.WriteReportBody(body, 0, body.Length, r));
        Assert.Equal(0, AppFrames.EncodeStatusReport(codec, frame, 9, r));
    }

    [Fact]
    public void Mutated_reports_never_throw_and_a_decoded_one_reencodes_to_the_same_body()
    {
        var random = new Random(16);
        StatusReport sent = Samples.Report(5, 2);
        int length = AppFrames.WriteReportBody(body, 0, body.Length, sent);
        byte[] again = new byte[AppFrames.MaxReportBody];
        for (int round = 0; round < 3000; round++)
        {
            byte[] mutated = Samples.Mutate(body, length, random);
            var got = new StatusReport();
            if (AppFrames.ReadReportBody(mutated, 0, mutated.Length, got) != FrameError.None) continue;
            got.NodeId = sent.NodeId;
            // One encoding per report: whatever decodes writes back byte for byte.
            Assert.Equal(mutated.Length, AppFrames.WriteReportBody(again, 0, again.Length, got));
            Assert.Equal(mutated, again.Take(mutated.Length).ToArray());
        }
    }

    private static byte[] Splice(byte[] b, int at, byte[] replacement) =>
        b.Take(at).Concat(replacement).Concat(b.Skip(at + 1)).ToArray();

    private static void Reseal(LinkKey key, byte[] datagram, int length)
    {
        int body = length - DesktopProtocol.TagBytes;
        Bytes.WriteU64(datagram, body, SipHash24.Compute(key.K0, key.K1, datagram, 0, body));
    }
}
