using RaftEsp.Apps;
using RaftEsp.Core;
using RaftEsp.Recording;

namespace RaftEsp.Monitor.Tests.Unit;

/// <summary>FrameSummary over frames the core's own codec sealed, and over garbage.</summary>
public sealed class FrameSummaryTests
{
    private static readonly FrameCodec Codec = new(0x5A17, Enumerable.Range(1, 16).Select(i => (byte)i).ToArray());

    private static Message New(MessageType type, int from = 3, int to = 255, int term = 7)
    {
        var m = new Message();
        m.Reset();
        m.Type = type;
        m.From = from;
        m.To = to;
        m.Term = term;
        return m;
    }

    private static byte[] Seal(Message m)
    {
        byte[] frame = new byte[FrameLimits.MaxFrameBytes];
        int n = Codec.Encode(m, frame);
        Assert.True(n > 0, $"the codec refused {m.Type}");
        return frame[..n];
    }

    private static FrameSummary ReadBoth(byte[] frame)
    {
        FrameSummary whole = FrameSummary.Read(frame);
        FrameSummary prefix = FrameSummary.Read(frame.AsSpan(0, Math.Min(frame.Length, FrameSummary.PrefixBytes)), frame.Length);
        Assert.Equal(whole, prefix); // the mirror's and the collector's prefix reads the same
        return whole;
    }

    [Fact]
    public void A_heartbeat_and_an_append_are_told_apart_with_their_index_and_commit()
    {
        Message heartbeat = New(MessageType.AppendEntries, from: 1, to: 255, term: 4);
        heartbeat.Index = 41;
        heartbeat.LogTerm = 4;
        heartbeat.Commit = 40;
        FrameSummary h = ReadBoth(Seal(heartbeat));
        Assert.Equal(("heartbeat", 5, 1, 255, 4, 0, 41, 40, false), (h.Kind, h.Type, h.From, h.To, h.Term, h.Entries, h.Index, h.Commit, h.Refused));
        Assert.Equal(45, h.Bytes);

        Message append = New(MessageType.AppendEntries, from: 1, to: 2, term: 4);
        append.Index = 41;
        append.LogTerm = 3;
        append.Commit = 39;
        append.EntriesTerm = 4;
        append.EntryCount = FrameLimits.MaxEntriesPerAppend;
        for (int i = 0; i < append.EntryCount; i++) append.SetEntry(i, i == 0 ? EntryKind.Noop : EntryKind.Set, i == 0 ? 0 : 5, 0, i, i == 0 ? 0 : -1);
        byte[] frame = Seal(append);
        FrameSummary a = ReadBoth(frame);
        Assert.Equal(("append", 2, 15, 56, 39), (a.Kind, a.To, a.Entries, a.Index, a.Commit));
        Assert.Equal(frame.Length, a.Bytes);
    }

    [Theory]
    [InlineData(false, 57, "append-ack")]
    [InlineData(true, 12, "append-ack")]
    public void An_append_response_shows_the_index_it_acknowledges_or_its_hint_when_it_refuses(bool reject, int expectedIndex, string kind)
    {
        Message m = New(MessageType.AppendResponse, from: 2, to: 1);
        m.Reject = reject;
        m.Index = 57;
        m.HintIndex = reject ? 12 : 0;
        m.HintTerm = reject ? 3 : 0;
        m.Round = 9;
        FrameSummary s = ReadBoth(Seal(m));
        Assert.Equal((kind, expectedIndex, reject, 0), (s.Kind, s.Index, s.Refused, s.Commit));
    }

    [Theory]
    [InlineData(MessageType.PreVoteResponse, false, "prevote-ack")]
    [InlineData(MessageType.PreVoteResponse, true, "prevote-ack")]
    [InlineData(MessageType.VoteResponse, false, "vote-ack")]
    [InlineData(MessageType.VoteResponse, true, "vote-ack")]
    public void A_vote_response_that_does_not_grant_is_a_refusal(MessageType type, bool reject, string kind)
    {
        Message m = New(type, from: 4, to: 2, term: 9);
        m.Reject = reject;
        FrameSummary s = ReadBoth(Seal(m));
        Assert.Equal((kind, 9, reject), (s.Kind, s.Term, s.Refused));
    }

    [Theory]
    [InlineData(MessageType.PreVoteRequest, false, "prevote")]
    [InlineData(MessageType.VoteRequest, false, "vote")]
    [InlineData(MessageType.VoteRequest, true, "vote")]
    public void A_vote_request_shows_the_candidates_last_index(MessageType type, bool transfer, string kind)
    {
        Message m = New(type, from: 2, term: 11);
        m.Index = 300;
        m.LogTerm = 10;
        m.Transfer = transfer;
        FrameSummary s = ReadBoth(Seal(m));
        Assert.Equal((kind, 2, 255, 11, 300, false), (s.Kind, s.From, s.To, s.Term, s.Index, s.Refused));
    }

    [Fact]
    public void Every_other_raft_type_reads_as_its_kind()
    {
        var cases = new List<(Message, string, int index, int entries)>();
        Message chunk = New(MessageType.SnapshotChunk, to: 2);
        chunk.Index = 500;
        chunk.LogTerm = 6;
        chunk.TotalLength = 300;
        chunk.DataLength = FrameLimits.MaxSnapshotChunkData;
        cases.Add((chunk, "snapshot", 500, 0));
        Message snapAck = New(MessageType.SnapshotResponse, from: 2, to: 3);
        snapAck.Index = 500;
        snapAck.Offset = 210;
        cases.Add((snapAck, "snapshot-ack", 500, 0));
        Message propose = New(MessageType.Propose, from: 2, to: 3);
        propose.EntryCount = 3;
        for (int i = 0; i < 3; i++) propose.SetEntry(i, EntryKind.Set, i, 5, 10 + i, i);
        cases.Add((propose, "propose", 0, 3));
        Message reject = New(MessageType.ProposeReject, from: 3, to: 2);
        reject.Reason = RefusalReason.NotLeader;
        reject.LeaderHint = 4;
        reject.EntryCount = 2;
        cases.Add((reject, "propose-reject", 0, 0));
        Message read = New(MessageType.ReadIndexRequest, from: 2, to: 3);
        read.RequestId = 65537;
        cases.Add((read, "read-index", 0, 0));
        Message readAck = New(MessageType.ReadIndexResponse, from: 3, to: 2);
        readAck.RequestId = 65537;
        readAck.Index = 77;
        cases.Add((readAck, "read-index-ack", 77, 0));
        Message sync = New(MessageType.Sync, term: 0);
        sync.SyncNonce = 99;
        cases.Add((sync, "sync", 0, 0));
        Message syncAck = New(MessageType.SyncAck, to: 2, term: 0);
        syncAck.SyncNonce = 99;
        cases.Add((syncAck, "sync-ack", 0, 0));
        cases.Add((New(MessageType.TimeoutNow, to: 2), "timeout-now", 0, 0));
        Message transfer = New(MessageType.TransferRequest, to: 2);
        transfer.Index = 4;
        cases.Add((transfer, "transfer", 0, 0));

        foreach ((Message m, string kind, int index, int entries) in cases)
        {
            byte[] frame = Seal(m);
            FrameSummary s = ReadBoth(frame);
            Assert.Equal((kind, (int)m.Type, m.From, m.To, m.Term, index, entries, frame.Length), (s.Kind, s.Type, s.From, s.To, s.Term, s.Index, s.Entries, s.Bytes));
        }
    }

    [Fact]
    public void The_apps_frames_read_as_theirs()
    {
        byte[] frame = new byte[FrameLimits.MaxFrameBytes];
        int n = AppFrames.EncodeStatusPoll(Codec, frame, 200, 3, new StatusPoll { Sequence = 5, FirstSlot = 0 });
        Assert.Equal(("status-poll", 200, 3), (FrameSummary.Read(frame.AsSpan(0, n)).Kind, FrameSummary.Read(frame.AsSpan(0, n)).From, FrameSummary.Read(frame.AsSpan(0, n)).To));
        var command = new ClientCommand { RequestId = 1, Client = 5, Seq = 1, Kind = CommandKind.Set, Slot = 2, Value = 3 };
        n = AppFrames.EncodeClientCommand(Codec, frame, 200, 1, command);
        Assert.Equal("client-command", FrameSummary.Read(frame.AsSpan(0, n)).Kind);
    }

    [Fact]
    public void Every_truncation_of_a_valid_frame_reads_as_unknown()
    {
        Message append = New(MessageType.AppendEntries, to: 2);
        append.EntryCount = 2;
        append.EntriesTerm = 7;
        append.SetEntry(0, EntryKind.Set, 1, 0, 1, 1);
        append.SetEntry(1, EntryKind.Set, 1, 0, 2, 2);
        byte[] frame = Seal(append);
        for (int cut = 0; cut < frame.Length - 1; cut++)
        {
            FrameSummary s = FrameSummary.Read(frame.AsSpan(0, cut));
            Assert.Equal("unknown", s.Kind);
            Assert.Equal(0, s.Type);
        }
    }

    [Fact]
    public void Bad_headers_and_bodies_read_as_unknown()
    {
        Message vote = New(MessageType.VoteRequest);
        vote.Index = 5;
        byte[] good = Seal(vote);
        Assert.Equal("vote", FrameSummary.Read(good).Kind);

        Assert.Equal("unknown", FrameSummary.Read(With(good, 0, 1)).Kind); // version 1
        Assert.Equal("unknown", FrameSummary.Read(With(good, 3, 0)).Kind); // type 0
        Assert.Equal("unknown", FrameSummary.Read(With(good, 3, 20)).Kind); // type 20
        Assert.Equal("unknown", FrameSummary.Read(With(good, 3, 99)).Kind); // reserved
        Assert.Equal("unknown", FrameSummary.Read(With(good, 3, 5)).Kind); // an append's type on a vote's body
        Assert.Equal("unknown", FrameSummary.Read(With(good, 4, 255)).Kind); // from 255
        Assert.Equal("unknown", FrameSummary.Read(With(good, 9, 0x80)).Kind); // term above 2^31-1
        Assert.Equal("unknown", FrameSummary.Read(With(good, 19, 0x80)).Kind); // last index above 2^31-1
        Assert.Equal("unknown", FrameSummary.Read(good.Concat(new byte[230]).ToArray()).Kind); // longer than 250
        Assert.Equal("unknown", FrameSummary.Read(good.AsSpan(0, 10), good.Length).Kind); // a prefix too short
        Assert.Equal("unknown", FrameSummary.Read(good, good.Length - 1).Kind); // a prefix longer than the frame

        Message heartbeat = New(MessageType.AppendEntries);
        byte[] hb = Seal(heartbeat);
        Assert.Equal("unknown", FrameSummary.Read(With(hb, 36, 16)).Kind); // 16 entries: above the capacity
        Assert.Equal("unknown", FrameSummary.Read(With(hb, 36, 1)).Kind); // one entry announced, none there
        Message response = New(MessageType.VoteResponse, to: 2);
        Assert.Equal("unknown", FrameSummary.Read(With(Seal(response), 16, 2)).Kind); // an undefined flag bit
    }

    [Fact]
    public void Garbage_never_throws_and_only_well_formed_bytes_get_a_kind()
    {
        var random = new Random(16);
        int named = 0;
        for (int i = 0; i < 20000; i++)
        {
            byte[] junk = new byte[random.Next(0, 300)];
            random.NextBytes(junk);
            if (junk.Length > 0 && random.Next(2) == 0) junk[0] = FrameLimits.ProtocolVersion;
            if (junk.Length > 4 && random.Next(2) == 0) junk[4] = (byte)random.Next(10);
            FrameSummary s = FrameSummary.Read(junk);
            Assert.Equal(junk.Length, s.Bytes);
            if (s.Type == 0) Assert.Equal("unknown", s.Kind);
            else named++;
            FrameSummary.Read(junk.AsSpan(0, Math.Min(junk.Length, random.Next(0, 40))), random.Next(-5, 300));
        }

        Assert.True(named < 2000, $"{named} random byte strings read as frames"); // length and version rarely agree
    }

    private static byte[] With(byte[] frame, int offset, byte value)
    {
        byte[] copy = (byte[])frame.Clone();
        copy[offset] = value;
        return copy;
    }
}
