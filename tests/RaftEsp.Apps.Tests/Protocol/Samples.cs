namespace RaftEsp.Apps.Tests;

/// <summary>Keys, codecs and filled-in messages shared by the codec tests.</summary>
internal static class Samples
{
    public static readonly byte[] Key = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
    public static readonly byte[] OtherKey = Enumerable.Range(0, 16).Select(i => (byte)(i + 1)).ToArray();

    public static FrameCodec Codec(int cluster = 1, byte[]? key = null) => new(cluster, key ?? Key);

    public static LinkKey Link(int cluster = 1, byte[]? key = null) => new(cluster, key ?? Key);

    /// <summary>A command request sealed in <paramref name="session"/> with <paramref name="counter"/>.</summary>
    public static byte[] StampedRequest(LinkKey link, ulong session, int counter, ClientCommand command)
    {
        byte[] d = new byte[DesktopProtocol.MaxDatagramBytes];
        int n = DesktopProtocol.EncodeCommandRequest(link, d, session, counter, command);
        return d.AsSpan(0, n).ToArray();
    }

    public static StatusReport Report(int slots = 5, int entries = 3)
    {
        var r = new StatusReport
        {
            NodeId = 2, Term = 7, Sequence = 513, Role = Role.Leader, Leader = 2, Vote = 2, IsServer = false, Fault = ErrorCode.None,
            Commit = 41, Applied = 40, LastIndex = 42, LastTerm = 7, SnapshotIndex = 0, UptimeSeconds = 3600,
            FramesReceived = 123456, FramesSent = 65432, DropsTotal = 17, DropsBadTag = 3, DropsStaleTerm = 9, SendFailures = 1,
            Elections = 2, EntryCount = entries, SlotCount = slots, FirstSlot = 0, PageCount = slots,
        };
        for (int i = 0; i < entries; i++)
        {
            r.EntryTerms[i] = 7;
            r.EntryKinds[i] = i == 0 ? EntryKind.Noop : EntryKind.Set;
            r.EntrySlots[i] = i == 0 ? 0 : i;
            r.EntryValues[i] = i == 0 ? 0 : -i * 1000;
        }

        for (int s = 0; s < slots; s++) r.PageValues[s] = s * s - 3;
        FillMembers(r, 5, 1);
        r.ConfigurationIndex = 38;
        r.ChangePending = true;
        r.TickMillis = 10;
        r.ElectionElapsed = 7;
        r.ElectionTimeout = 31;
        r.HeartbeatInterval = 5;
        r.HeartbeatElapsed = 3;
        AddProgress(r, 250, ProgressState.Replicate, 2, 1, 0);
        AddProgress(r, 248, ProgressState.Probe, 0, 30, 30);
        AddProgress(r, 246, ProgressState.Snapshot, 0, StatusReport.MaxLag, StatusReport.MaxLag);
        return r;
    }

    /// <summary>Adds a progress record for member <paramref name="node"/> (records must follow the member list).</summary>
    public static void AddProgress(StatusReport r, int node, ProgressState state, int inflight, int matchLag, int nextLag)
    {
        int i = r.ProgressCount++;
        r.ProgressNodes[i] = node;
        r.ProgressStates[i] = state;
        r.ProgressInflight[i] = inflight;
        r.ProgressMatchLag[i] = matchLag;
        r.ProgressNextLag[i] = nextLag;
    }

    /// <summary>Asserts that the timers and progress of <paramref name="got"/> equal <paramref name="expected"/>'s (the arrays up to their counts).</summary>
    public static void AssertSameTimers(StatusReport expected, StatusReport got)
    {
        Assert.Equal((expected.TickMillis, expected.ElectionElapsed, expected.ElectionTimeout, expected.HeartbeatInterval, expected.HeartbeatElapsed, expected.ProgressCount),
            (got.TickMillis, got.ElectionElapsed, got.ElectionTimeout, got.HeartbeatInterval, got.HeartbeatElapsed, got.ProgressCount));
        int n = expected.ProgressCount;
        Assert.Equal(expected.ProgressNodes.Take(n), got.ProgressNodes.Take(n));
        Assert.Equal(expected.ProgressStates.Take(n), got.ProgressStates.Take(n));
        Assert.Equal(expected.ProgressInflight.Take(n), got.ProgressInflight.Take(n));
        Assert.Equal(expected.ProgressMatchLag.Take(n), got.ProgressMatchLag.Take(n));
        Assert.Equal(expected.ProgressNextLag.Take(n), got.ProgressNextLag.Take(n));
    }

    /// <summary>Asserts that the membership block of <paramref name="got"/> equals <paramref name="expected"/>'s (the arrays up to their counts).</summary>
    public static void AssertSameMembership(StatusReport expected, StatusReport got)
    {
        Assert.Equal((expected.ConfigurationIndex, expected.ChangePending, expected.WaitingToJoin, expected.Removed, expected.IsServer),
            (got.ConfigurationIndex, got.ChangePending, got.WaitingToJoin, got.Removed, got.IsServer));
        Assert.Equal(expected.Voters.Take(expected.VoterCount), got.Voters.Take(got.VoterCount));
        Assert.Equal(expected.Learners.Take(expected.LearnerCount), got.Learners.Take(got.LearnerCount));
    }

    /// <summary>Gives <paramref name="r"/> <paramref name="members"/> members, the last <paramref name="learners"/> of them learners (ids 250 down).</summary>
    public static void FillMembers(StatusReport r, int members, int learners)
    {
        // Records name listed members: a new list starts without any.
        r.ProgressCount = 0;
        Array.Clear(r.ProgressNodes);
        Array.Clear(r.ProgressStates);
        Array.Clear(r.ProgressInflight);
        Array.Clear(r.ProgressMatchLag);
        Array.Clear(r.ProgressNextLag);
        r.VoterCount = members - learners;
        r.LearnerCount = learners;
        for (int i = 0; i < r.VoterCount; i++) r.Voters[i] = 250 - i;
        for (int i = 0; i < learners; i++) r.Learners[i] = 250 - r.VoterCount - i;
    }

    public static ClientCommand Command(CommandKind kind = CommandKind.Set) => kind switch
    {
        CommandKind.Register => new() { RequestId = 77, Kind = kind },
        CommandKind.Join or CommandKind.Leave or CommandKind.Transfer => new() { RequestId = 77, Client = 3, Seq = 70_000, Kind = kind, Slot = 0, Value = 254 },
        _ => new() { RequestId = 77, Client = 3, Seq = 70_000, Kind = kind, Slot = 4, Value = kind == CommandKind.Set ? -42 : 0 },
    };

    public static ClientResult Result() =>
        new() { RequestId = 77, Client = 3, Seq = 70_000, Kind = CommandKind.Set, Status = CommandStatus.Ok, Value = 12, Index = 99, Leader = 1 };

    /// <summary>Flips one to three random bytes (never leaves the frame unchanged).</summary>
    public static byte[] Mutate(byte[] original, int length, Random random)
    {
        byte[] copy = original.AsSpan(0, length).ToArray();
        int flips = 1 + random.Next(3);
        for (int i = 0; i < flips; i++) copy[random.Next(length)] ^= (byte)(1 + random.Next(255));
        return copy;
    }
}
