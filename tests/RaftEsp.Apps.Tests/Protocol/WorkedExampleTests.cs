namespace RaftEsp.Apps.Tests;

/// <summary>The worked examples of docs/protocol.md, byte for byte.</summary>
public class WorkedExampleTests
{
    private const ulong DesktopNonce = 0x1111111111111111;
    private const ulong CollectorNonce = 0x2222222222222222;

    private static string Hex(byte[] bytes, int n) => Convert.ToHexString(bytes, 0, n);

    [Fact]
    public void The_client_command_frame_matches_docs_protocol()
    {
        // Cluster 1, key 00..0f: the collector (9) relays request 7 of client 3, seq 1: set slot 2 to -5.
        byte[] frame = new byte[FrameLimits.MaxFrameBytes];
        var command = new ClientCommand { RequestId = 7, Client = 3, Seq = 1, Kind = CommandKind.Set, Slot = 2, Value = -5 };
        int n = AppFrames.EncodeClientCommand(Samples.Codec(), frame, 9, 0, command);
        Assert.Equal("020100220900000000000100010000000700000003000000010000000102FBFFFFFF13457477BA0610A5", Hex(frame, n));
    }

    [Fact]
    public void The_handshake_datagrams_match_docs_protocol()
    {
        byte[] datagram = new byte[DesktopProtocol.MaxDatagramBytes];
        LinkKey link = Samples.Link();
        int n = DesktopProtocol.EncodeHello(link, datagram, DesktopNonce);
        Assert.Equal("D2010001111111111111111100A81153404B9A18", Hex(datagram, n));
        n = DesktopProtocol.EncodeChallenge(link, datagram, DesktopNonce, CollectorNonce);
        Assert.Equal("D201000211111111111111112222222222222222700EEBE09AFD45C3", Hex(datagram, n));
        n = DesktopProtocol.EncodeAttach(link, datagram, CollectorNonce, DesktopNonce);
        Assert.Equal("D201000322222222222222221111111111111111FCD6679F101733CE", Hex(datagram, n));
        Assert.Equal(0x0D634B0AE40D5A63UL, new LinkSession().Derive(link, DesktopNonce, CollectorNonce));
    }

    [Fact]
    public void The_command_request_datagram_matches_docs_protocol()
    {
        byte[] datagram = new byte[DesktopProtocol.MaxDatagramBytes];
        var command = new ClientCommand { RequestId = 7, Client = 3, Seq = 1, Kind = CommandKind.Set, Slot = 2, Value = -5 };
        ulong session = new LinkSession().Derive(Samples.Link(), DesktopNonce, CollectorNonce);
        int n = DesktopProtocol.EncodeCommandRequest(Samples.Link(), datagram, session, 1, command);
        Assert.Equal("D2010004635A0DE40A4B630D010000000700000003000000010000000102FBFFFFFFD3CAF30775FA087D", Hex(datagram, n));
    }

    [Fact]
    public void The_status_report_frame_matches_docs_protocol()
    {
        // Board 2, follower in term 3 of leader 1, answers poll 5 (first slot 0): 5 slots, its last 2 entries, the
        // founding configuration (voters 0, 1, 2, no learners, index 0), 10 ms ticks, 4 ticks into a 27-tick
        // election timeout, heartbeats every 5 ticks, no progress records (a follower).
        var r = new StatusReport
        {
            NodeId = 2, Term = 3, Sequence = 5, Role = Role.Follower, Leader = 1, Vote = 1, Commit = 12, Applied = 12, LastIndex = 12, LastTerm = 3,
            SnapshotIndex = 0, UptimeSeconds = 61, FramesReceived = 800, FramesSent = 300, DropsTotal = 2, DropsBadTag = 1, DropsStaleTerm = 1,
            SendFailures = 0, Elections = 1, EntryCount = 2, SlotCount = 5, FirstSlot = 0, PageCount = 5,
            ConfigurationIndex = 0, VoterCount = 3, LearnerCount = 0,
            TickMillis = 10, ElectionElapsed = 4, ElectionTimeout = 27, HeartbeatInterval = 5, HeartbeatElapsed = 0, ProgressCount = 0,
        };
        r.Voters[0] = 0; r.Voters[1] = 1; r.Voters[2] = 2;
        r.EntryTerms[0] = 3; r.EntryKinds[0] = EntryKind.Noop;
        r.EntryTerms[1] = 3; r.EntryKinds[1] = EntryKind.Set; r.EntrySlots[1] = 2; r.EntryValues[1] = -5;
        int[] slots = [0, 0, -5, 300, 1];
        Array.Copy(slots, r.PageValues, 5);
        byte[] frame = new byte[FrameLimits.MaxFrameBytes];
        int n = AppFrames.EncodeStatusReport(Samples.Codec(), frame, 9, r);
        Assert.Equal("02010021020903000000010001000000050000010110000C0000000C0000000C00000003000000000000003D000000200300002C0100000200000001000100000001000203000000000000000000030000000102FBFFFFFF0000000003000001020A00041B05000000050005000009D80402AEB9E73B3296B8B9", Hex(frame, n));
    }
}
