namespace RaftEsp.Apps.Tests;

public class AppFramesTests
{
    private readonly FrameCodec codec = Samples.Codec();
    private readonly byte[] frame = new byte[FrameLimits.MaxFrameBytes];

    [Fact]
    public void A_status_poll_round_trips()
    {
        int n = AppFrames.EncodeStatusPoll(codec, frame, 9, 3, new StatusPoll { Sequence = 65535, FirstSlot = 27 });
        Assert.Equal(FrameLimits.HeaderBytes + AppFrames.StatusPollBody + FrameLimits.TagBytes, n);
        var poll = new StatusPoll();
        Assert.Equal(FrameError.None, AppFrames.DecodeStatusPoll(codec, frame, n, 3, poll));
        Assert.Equal((65535, 27, 9), (poll.Sequence, poll.FirstSlot, poll.From));
        Assert.True(AppFrames.IsAppFrame(frame, n));
    }

    [Theory]
    [InlineData(CommandKind.Set)]
    [InlineData(CommandKind.Get)]
    [InlineData(CommandKind.Remove)]
    [InlineData(CommandKind.Register)]
    [InlineData(CommandKind.Join)]
    [InlineData(CommandKind.Leave)]
    [InlineData(CommandKind.Transfer)]
    public void A_client_command_round_trips(CommandKind kind)
    {
        ClientCommand sent = Samples.Command(kind);
        int n = AppFrames.EncodeClientCommand(codec, frame, 9, 0, sent);
        Assert.Equal(FrameLimits.HeaderBytes + AppFrames.ClientCommandBody + FrameLimits.TagBytes, n);
        var got = new ClientCommand();
        Assert.Equal(FrameError.None, AppFrames.DecodeClientCommand(codec, frame, n, 0, got, out int from));
        Assert.Equal(9, from);
        Assert.Equivalent(sent, got);
    }

    [Fact]
    public void A_client_result_round_trips_with_the_server_term()
    {
        ClientResult sent = Samples.Result();
        sent.Status = CommandStatus.Busy;
        sent.Leader = NodeId.None;
        int n = AppFrames.EncodeClientResult(codec, frame, 0, 9, 12, sent);
        Assert.Equal(FrameLimits.HeaderBytes + AppFrames.ClientResultBody + FrameLimits.TagBytes, n);
        var got = new ClientResult();
        Assert.Equal(FrameError.None, AppFrames.DecodeClientResult(codec, frame, n, 9, got));
        Assert.Equal(12, RaftEsp.Core.Bytes.ReadI32(frame, 6));
        sent.ReplyTo = 9;
        Assert.Equivalent(sent, got);
    }

    [Fact]
    public void A_status_report_round_trips_and_reencodes_to_the_same_bytes()
    {
        StatusReport sent = Samples.Report();
        int n = AppFrames.EncodeStatusReport(codec, frame, 9, sent);
        Assert.True(n > 0);
        var got = new StatusReport();
        Assert.Equal(FrameError.None, AppFrames.DecodeStatusReport(codec, frame, n, 9, got));
        Assert.Equivalent(sent, got);
        byte[] again = new byte[FrameLimits.MaxFrameBytes];
        // A fresh codec seals with the same epoch and counter, so the bytes must match exactly.
        Assert.Equal(n, AppFrames.EncodeStatusReport(new FrameCodec(1, Samples.Key), again, 9, got));
        Assert.Equal(frame.AsSpan(0, n).ToArray(), again.AsSpan(0, n).ToArray());
    }

    [Fact]
    public void The_worst_case_report_fits_one_frame_and_eight_pages_cover_64_slots()
    {
        // Every slot at int.MinValue (a 5-byte varint), four entries, 16 members, every counter at its widest.
        int[] database = Enumerable.Repeat(int.MinValue, 64).ToArray();
        var assembled = new int[64];
        var covered = new bool[64];
        int first = 0;
        int pages = 0;
        do
        {
            StatusReport r = Samples.Report(64, StatusReport.MaxEntries);
            r.Commit = r.Applied = r.LastIndex = r.LastTerm = r.SnapshotIndex = r.UptimeSeconds = int.MaxValue;
            r.FramesReceived = r.FramesSent = r.DropsTotal = int.MaxValue;
            for (int i = 0; i < StatusReport.MaxEntries; i++)
            {
                r.EntryTerms[i] = int.MaxValue;
                r.EntryKinds[i] = EntryKind.Set;
                r.EntrySlots[i] = 63;
                r.EntryValues[i] = int.MinValue;
            }

            Samples.FillMembers(r, Config.MaxClusterSize, 6);
            r.ConfigurationIndex = int.MaxValue;
            r.ChangePending = r.WaitingToJoin = r.Removed = r.IsServer = true;
            // The widest timers (3-byte varints), and the leader's records for its 15 followers, every lag saturated.
            r.NodeId = r.Voters[0];
            r.TickMillis = StatusReportTimers.MaxTickMillis;
            r.ElectionElapsed = r.ElectionTimeout = r.HeartbeatInterval = r.HeartbeatElapsed = StatusReport.MaxTimerTicks;
            for (int m = 1; m < Config.MaxClusterSize; m++)
            {
                int node = m < r.VoterCount ? r.Voters[m] : r.Learners[m - r.VoterCount];
                Samples.AddProgress(r, node, ProgressState.Snapshot, Config.InflightFramesLimit, StatusReport.MaxLag, StatusReport.MaxLag);
            }

            Assert.Equal(StatusReportTimers.MaxTimersBytes + StatusReportTimers.MaxProgressBytes, StatusReportTimers.Size(r));
            r.FirstSlot = first;
            r.PageCount = AppFrames.SlotsThatFit(database, first, 64 - first, StatusReport.MaxEntries, r.MemberCount, StatusReportTimers.Size(r));
            Assert.True(r.PageCount >= Math.Min(AppFrames.GuaranteedSlotsPerReport, 64 - first));
            Array.Copy(database, first, r.PageValues, 0, r.PageCount);
            int n = AppFrames.EncodeStatusReport(codec, frame, 9, r);
            Assert.InRange(n, 1, FrameLimits.MaxFrameBytes);
            // The widest report: header 16, body 52 + 40 + 22 + 14 + 47 + 3 + 9 slots x 5 = 223, tag 8.
            if (pages == 0) Assert.Equal(247, n);
            var got = new StatusReport();
            Assert.Equal(FrameError.None, AppFrames.DecodeStatusReport(codec, frame, n, 9, got));
            Samples.AssertSameMembership(r, got);
            Samples.AssertSameTimers(r, got);
            for (int i = 0; i < got.PageCount; i++)
            {
                assembled[got.FirstSlot + i] = got.PageValues[i];
                covered[got.FirstSlot + i] = true;
            }

            first += got.PageCount;
            pages++;
        }
        while (first < 64);

        // The body left after header and tag, less the fixed fields, 4 entries, the membership block with 16 ids
        // (4 + 1 + 1 + 16 bytes), the timers block at its widest (2 + 4 x 3), the progress block with 15 records
        // (2 + 15 x 3) and the page header, in 5-byte slots: (226 - 52 - 40 - 22 - 14 - 47 - 3) / 5 = 9.
        int guaranteed = (FrameLimits.MaxFrameBytes - FrameLimits.HeaderBytes - FrameLimits.TagBytes - AppFrames.ReportFixedBytes
                          - StatusReport.MaxEntries * AppFrames.ReportEntryBytes - (6 + Config.MaxClusterSize) - (2 + 4 * 3) - (2 + 15 * 3)
                          - AppFrames.ReportPageHeaderBytes) / 5;
        Assert.Equal(9, guaranteed);
        Assert.Equal(AppFrames.GuaranteedSlotsPerReport, guaranteed);
        Assert.Equal(8, pages);
        Assert.Equal((64 + guaranteed - 1) / guaranteed, pages);
        Assert.All(covered, Assert.True);
        Assert.Equal(database, assembled);
    }

    [Fact]
    public void Small_values_put_all_64_slots_in_one_report()
    {
        int[] database = Enumerable.Range(-32, 64).ToArray();
        Assert.Equal(64, AppFrames.SlotsThatFit(database, 0, 64, StatusReport.MaxEntries, 5, StatusReportTimers.MinTimersBytes + StatusReportTimers.ProgressMaskBytes));
    }

    [Fact]
    public void A_page_that_does_not_fit_is_refused_not_truncated()
    {
        StatusReport r = Samples.Report(64, StatusReport.MaxEntries);
        for (int i = 0; i < 64; i++) r.PageValues[i] = int.MinValue;
        Assert.Equal(0, AppFrames.EncodeStatusReport(codec, frame, 9, r));
    }

    [Fact]
    public void Fields_out_of_range_are_not_encoded()
    {
        Assert.Equal(0, AppFrames.EncodeClientCommand(codec, frame, 9, 0, new ClientCommand { Client = 0, Kind = CommandKind.Set }));
        Assert.Equal(0, AppFrames.EncodeClientCommand(codec, frame, 9, 0, new ClientCommand { Client = 1, Kind = (CommandKind)8 }));
        Assert.Equal(0, AppFrames.EncodeClientCommand(codec, frame, 9, 0, new ClientCommand { Client = 1, Kind = CommandKind.Register }));
        Assert.Equal(0, AppFrames.EncodeClientCommand(codec, frame, 9, 0, new ClientCommand { Client = 1, Seq = -1, Kind = CommandKind.Set }));
        Assert.Equal(0, AppFrames.EncodeClientCommand(codec, frame, 9, 0, new ClientCommand { Client = 1, Kind = CommandKind.Get, Value = 5 }));
        Assert.Equal(0, AppFrames.EncodeClientCommand(codec, frame, 9, 0, new ClientCommand { Client = 1, Kind = CommandKind.Set, Slot = 64 }));
        Assert.Equal(0, AppFrames.EncodeClientResult(codec, frame, 0, 9, 1, new ClientResult { Client = 1, Kind = CommandKind.Set, Status = (CommandStatus)((int)ErrorCodes.Last + 1) }));
        Assert.Equal(0, AppFrames.EncodeClientResult(codec, frame, 0, 9, 1, new ClientResult { Client = -1, Kind = CommandKind.Set }));
        Assert.Equal(0, AppFrames.EncodeStatusPoll(codec, frame, 9, 0, new StatusPoll { FirstSlot = 64 }));
        StatusReport r = Samples.Report();
        r.FirstSlot = 3; // 3 + 5 > 5 slots
        Assert.Equal(0, AppFrames.EncodeStatusReport(codec, frame, 9, r));
    }

    [Fact]
    public void Another_cluster_or_key_or_a_wrong_address_is_dropped()
    {
        int n = AppFrames.EncodeClientCommand(codec, frame, 9, 0, Samples.Command());
        var into = new ClientCommand();
        Assert.Equal(FrameError.BadTag, AppFrames.DecodeClientCommand(Samples.Codec(1, Samples.OtherKey), frame, n, 0, into, out _));
        Assert.Equal(FrameError.WrongCluster, AppFrames.DecodeClientCommand(Samples.Codec(2), frame, n, 0, into, out _));
        Assert.Equal(FrameError.NotForMe, AppFrames.DecodeClientCommand(codec, frame, n, 1, into, out _));
        Assert.Equal(FrameError.UnknownType, AppFrames.DecodeClientResult(codec, frame, n, 0, new ClientResult()));
        Assert.Equal(FrameError.TooShort, AppFrames.DecodeClientCommand(codec, frame, 5, 0, into, out _));
    }

    [Fact]
    public void The_Raft_core_drops_an_app_frame_as_an_unknown_type()
    {
        var node = new RaftNode(new RaftEsp.Core.Config { NodeId = 0, Members = [0, 1], ClusterKey = Samples.Key });
        int n = AppFrames.EncodeStatusPoll(codec, frame, 9, 0, new StatusPoll());
        Assert.Equal(FrameError.UnknownType, node.Step(frame, n));
    }

    /// <summary>Mutated frames: never a throw, never accepted (the tag or a header check catches every change).</summary>
    [Fact]
    public void Thousands_of_mutated_frames_are_all_refused_without_throwing()
    {
        var random = new Random(20261124);
        var frames = new List<byte[]>();
        void Keep(int n) => frames.Add(frame.AsSpan(0, n).ToArray());
        Keep(AppFrames.EncodeStatusPoll(codec, frame, 9, 0, new StatusPoll { Sequence = 4, FirstSlot = 1 }));
        Keep(AppFrames.EncodeStatusReport(codec, frame, 9, Samples.Report()));
        Keep(AppFrames.EncodeClientCommand(codec, frame, 9, 0, Samples.Command()));
        Keep(AppFrames.EncodeClientResult(codec, frame, 2, 0, 3, Samples.Result()));
        var poll = new StatusPoll();
        var report = new StatusReport();
        var command = new ClientCommand();
        var result = new ClientResult();
        for (int round = 0; round < 5000; round++)
        {
            byte[] original = frames[round % frames.Count];
            byte[] bad = Samples.Mutate(original, original.Length, random);
            int length = random.Next(4) == 0 ? random.Next(bad.Length + 1) : bad.Length;
            if (length == original.Length && bad.AsSpan().SequenceEqual(original)) continue;
            byte[] buffer = new byte[FrameLimits.MaxFrameBytes];
            bad.AsSpan(0, length).CopyTo(buffer);
            Assert.NotEqual(FrameError.None, AppFrames.DecodeStatusPoll(codec, buffer, length, 0, poll));
            Assert.NotEqual(FrameError.None, AppFrames.DecodeStatusReport(codec, buffer, length, 0, report));
            Assert.NotEqual(FrameError.None, AppFrames.DecodeClientCommand(codec, buffer, length, 0, command, out _));
            Assert.NotEqual(FrameError.None, AppFrames.DecodeClientResult(codec, buffer, length, 0, result));
        }
    }

    /// <summary>
    /// The body readers on random bytes (no tag to hide behind): they never throw, and whatever they accept
    /// re-encodes to exactly the same bytes (one encoding per message).
    /// </summary>
    [Fact]
    public void Random_bodies_are_refused_or_canonical()
    {
        var random = new Random(7);
        var report = new StatusReport();
        var command = new ClientCommand();
        var result = new ClientResult();
        byte[] body = new byte[AppFrames.MaxReportBody];
        byte[] again = new byte[AppFrames.MaxReportBody];
        byte[] valid = new byte[AppFrames.MaxReportBody];
        int validLength = AppFrames.WriteReportBody(valid, 0, valid.Length, Samples.Report(20, 2));
        int accepted = 0;
        for (int round = 0; round < 20000; round++)
        {
            int length;
            if (round % 2 == 0)
            {
                length = random.Next(body.Length + 1);
                random.NextBytes(body);
            }
            else
            {
                // Near-valid bodies reach deeper checks than random ones do.
                Array.Copy(valid, body, validLength);
                length = validLength;
                body[random.Next(length)] = (byte)random.Next(256);
                if (random.Next(4) == 0) length = random.Next(length + 1);
            }

            if (AppFrames.ReadReportBody(body, 0, length, report) == FrameError.None)
            {
                accepted++;
                Assert.Equal(length, AppFrames.WriteReportBody(again, 0, again.Length, report));
                Assert.Equal(body.AsSpan(0, length).ToArray(), again.AsSpan(0, length).ToArray());
            }

            if (AppFrames.ReadCommandBody(body, 0, command) == FrameError.None)
            {
                Assert.Equal(AppFrames.ClientCommandBody, AppFrames.WriteCommandBody(again, 0, command));
                Assert.Equal(body.AsSpan(0, AppFrames.ClientCommandBody).ToArray(), again.AsSpan(0, AppFrames.ClientCommandBody).ToArray());
            }

            if (AppFrames.ReadResultBody(body, 0, result) == FrameError.None)
            {
                Assert.Equal(AppFrames.ClientResultBody, AppFrames.WriteResultBody(again, 0, result));
                Assert.Equal(body.AsSpan(0, AppFrames.ClientResultBody).ToArray(), again.AsSpan(0, AppFrames.ClientResultBody).ToArray());
            }
        }

        Assert.True(accepted > 100, "the near-valid bodies should often stay valid: " + accepted);
    }
}
