namespace RaftEsp.Apps.Tests;

/// <summary>The desktop protocol's membership commands (join, leave, transfer), their statuses and the report's membership block.</summary>
public class MembershipProtocolTests
{
    private readonly FrameCodec codec = Samples.Codec();
    private readonly byte[] frame = new byte[FrameLimits.MaxFrameBytes];
    private readonly byte[] body = new byte[AppFrames.MaxReportBody];

    [Theory]
    [InlineData(CommandKind.Join, 5, "join")]
    [InlineData(CommandKind.Leave, 6, "leave")]
    [InlineData(CommandKind.Transfer, 7, "transfer")]
    public void The_membership_kinds_have_the_contract_numbers_and_names(CommandKind kind, int number, string name)
    {
        Assert.Equal(number, (int)kind);
        Assert.Equal(name, CommandKinds.Name(kind));
        Assert.True(CommandKinds.IsKnown(number));
        Assert.True(CommandKinds.IsMembership(kind));
    }

    [Fact]
    public void The_data_kinds_are_not_membership_commands_and_8_is_unknown()
    {
        Assert.False(CommandKinds.IsMembership(CommandKind.Set));
        Assert.False(CommandKinds.IsMembership(CommandKind.Register));
        Assert.False(CommandKinds.IsKnown(8));
    }

    [Theory]
    [InlineData(CommandStatus.MembershipChangePending, 20, "membership-change-pending")]
    [InlineData(CommandStatus.AlreadyMember, 21, "already-member")]
    [InlineData(CommandStatus.NotMember, 22, "not-member")]
    [InlineData(CommandStatus.LastVoter, 23, "last-voter")]
    [InlineData(CommandStatus.ClusterFull, 24, "cluster-full")]
    [InlineData(CommandStatus.JoinedAsLearner, 36, "joined-as-learner")]
    [InlineData(CommandStatus.ServerCannotLeave, 37, "server-cannot-leave")]
    public void The_membership_statuses_have_the_contract_numbers_and_names(CommandStatus status, int number, string name)
    {
        Assert.Equal(number, (int)status);
        Assert.True(CommandStatuses.IsKnown(number));
        Assert.Equal(name, CommandStatuses.Name(status));
        if (number <= (int)ErrorCodes.Last) Assert.Equal(status, CommandStatuses.From((ErrorCode)number));
    }

    [Theory]
    [InlineData(25)]
    [InlineData(31)]
    [InlineData(38)]
    public void Statuses_between_and_after_the_ranges_are_unknown_and_not_encoded(int status)
    {
        Assert.False(CommandStatuses.IsKnown(status));
        ClientResult r = Samples.Result();
        r.Status = (CommandStatus)status;
        Assert.Equal(0, AppFrames.EncodeClientResult(codec, frame, 0, 9, 1, r));
    }

    [Fact]
    public void A_joined_as_learner_result_round_trips()
    {
        ClientResult sent = Samples.Result();
        sent.Kind = CommandKind.Join;
        sent.Status = CommandStatus.JoinedAsLearner;
        sent.Value = 0;
        int n = AppFrames.EncodeClientResult(codec, frame, 0, 9, 4, sent);
        var got = new ClientResult();
        Assert.Equal(FrameError.None, AppFrames.DecodeClientResult(codec, frame, n, 9, got));
        Assert.Equal((CommandKind.Join, CommandStatus.JoinedAsLearner), (got.Kind, got.Status));
    }

    [Theory]
    [InlineData(CommandKind.Join, 0, 255)] // the broadcast address is no node
    [InlineData(CommandKind.Leave, 0, -1)]
    [InlineData(CommandKind.Transfer, 0, 1000)]
    [InlineData(CommandKind.Join, 3, 4)] // the node travels in the value; the slot must be 0
    public void A_membership_command_naming_no_node_is_neither_encoded_nor_decoded(CommandKind kind, int slot, int node)
    {
        var command = new ClientCommand { RequestId = 1, Client = 2, Seq = 3, Kind = kind, Slot = slot, Value = node };
        Assert.Equal(-1, AppFrames.WriteCommandBody(body, 0, command));
        Assert.Equal(0, AppFrames.EncodeClientCommand(codec, frame, 9, 0, command));

        // The same fields written by hand: the decoder refuses them.
        Assert.Equal(AppFrames.ClientCommandBody, AppFrames.WriteCommandBody(body, 0, Samples.Command(kind)));
        body[13] = (byte)slot;
        Bytes.WriteI32(body, 14, node);
        Assert.Equal(FrameError.BadField, AppFrames.ReadCommandBody(body, 0, new ClientCommand()));
    }

    [Fact]
    public void A_membership_command_needs_a_client_session()
    {
        ClientCommand c = Samples.Command(CommandKind.Leave);
        c.Client = 0;
        Assert.Equal(0, AppFrames.EncodeClientCommand(codec, frame, 9, 0, c));
    }

    [Fact]
    public void The_membership_block_and_flags_round_trip()
    {
        StatusReport sent = Samples.Report();
        Samples.FillMembers(sent, 7, 2);
        sent.ConfigurationIndex = 1234;
        sent.ChangePending = false;
        sent.WaitingToJoin = true;
        sent.Removed = false;
        sent.IsServer = true;
        int n = AppFrames.EncodeStatusReport(codec, frame, 9, sent);
        var got = new StatusReport();
        Assert.Equal(FrameError.None, AppFrames.DecodeStatusReport(codec, frame, n, 9, got));
        Assert.Equivalent(sent, got);
        Assert.Equal(new[] { 250, 249, 248, 247, 246 }, got.Voters.Take(got.VoterCount));
        Assert.Equal(new[] { 245, 244 }, got.Learners.Take(got.LearnerCount));
    }

    [Fact]
    public void A_report_without_learners_and_one_with_only_the_removed_flag_round_trip()
    {
        StatusReport sent = Samples.Report();
        Samples.FillMembers(sent, 3, 0);
        sent.ChangePending = false;
        sent.Removed = true;
        int n = AppFrames.EncodeStatusReport(codec, frame, 9, sent);
        var got = new StatusReport();
        Assert.Equal(FrameError.None, AppFrames.DecodeStatusReport(codec, frame, n, 9, got));
        Samples.AssertSameMembership(sent, got);
        Assert.Equal(0, got.LearnerCount);
        Assert.True(got.Removed);
        Assert.False(got.WaitingToJoin || got.ChangePending);
    }

    [Theory]
    [InlineData("17 members")]
    [InlineData("duplicate")]
    [InlineData("voter and learner")]
    [InlineData("id 255")]
    [InlineData("negative count")]
    [InlineData("negative index")]
    public void A_bad_membership_block_is_not_encoded(string fault)
    {
        StatusReport r = Samples.Report();
        switch (fault)
        {
            case "17 members": r.VoterCount = 16; r.LearnerCount = 1; break;
            case "duplicate": r.Voters[1] = r.Voters[0]; break;
            case "voter and learner": r.Learners[0] = r.Voters[0]; break;
            case "id 255": r.Voters[2] = 255; break;
            case "negative count": r.LearnerCount = -1; break;
            case "negative index": r.ConfigurationIndex = -1; break;
        }

        Assert.Equal(0, AppFrames.EncodeStatusReport(codec, frame, 9, r));
        Assert.Equal(-1, AppFrames.WriteReportBody(body, 0, body.Length, r));
    }

    /// <summary>Offsets in a report body: the block follows the entries (52 fixed bytes, 10 per entry).</summary>
    [Theory]
    [InlineData("17 members")]
    [InlineData("duplicate")]
    [InlineData("id 255")]
    [InlineData("negative index")]
    [InlineData("unknown flag")]
    public void A_bad_membership_block_is_not_decoded(string fault)
    {
        StatusReport r = Samples.Report(5, 2);
        int length = AppFrames.WriteReportBody(body, 0, body.Length, r);
        int block = AppFrames.ReportFixedBytes + 2 * AppFrames.ReportEntryBytes;
        int ids = block + AppFrames.ReportMembershipFixedBytes;
        switch (fault)
        {
            case "17 members": body[block + 4] = 16; body[block + 5] = 1; break;
            case "duplicate": body[ids + 1] = body[ids]; break;
            case "id 255": body[ids + 2] = 255; break;
            case "negative index": Bytes.WriteI32(body, block, -5); break;
            case "unknown flag": body[5] |= 32; break;
        }

        Assert.NotEqual(FrameError.None, AppFrames.ReadReportBody(body, 0, length, new StatusReport()));
    }

    [Fact]
    public void Sixteen_members_four_entries_and_the_widest_timers_still_leave_room_for_9_slots_of_five_bytes()
    {
        int[] worst = Enumerable.Repeat(int.MinValue, 64).ToArray();
        Assert.Equal(9, AppFrames.SlotsThatFit(worst, 0, 64, StatusReport.MaxEntries, Config.MaxClusterSize, StatusReportTimers.MaxTimersBytes + StatusReportTimers.MaxProgressBytes));
        // A follower of a 5-member cluster with small timers (6 + 2 bytes, no records):
        // (226 - 52 - 40 - 6 - 5 - 8 - 3) / 5 = 22.
        Assert.Equal(22, AppFrames.SlotsThatFit(worst, 0, 64, StatusReport.MaxEntries, 5, StatusReportTimers.MinTimersBytes + StatusReportTimers.ProgressMaskBytes));
    }
}
