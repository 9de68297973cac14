using System.Buffers.Binary;
using RaftEsp.Core;

namespace RaftEsp.Recording;

/// <summary>
/// What the page shows of one radio frame, read from its bytes (docs/wire-format.md, docs/protocol.md section 1)
/// without the cluster key: frames are tagged, not encrypted, so the ether, the collector and the simulator can all
/// read them. Nothing is trusted: the tag is not checked (whoever reads has no key, or does not need it), and a frame
/// that is short, too long, of another version, of an unknown type, or whose body disagrees with its type reads as
/// <see cref="Malformed"/> (type 0, kind "unknown"), never as an exception.
/// <para>
/// <see cref="Read(ReadOnlySpan{byte}, int)"/> accepts the frame's first bytes only (at least
/// <see cref="PrefixBytes"/> of them, or the whole frame when shorter) with the whole frame's length: the ether's
/// mirror and the collector's digest carry that prefix, not the frame.
/// </para>
/// </summary>
public readonly record struct FrameSummary(int Type, int From, int To, int Bytes, int Entries, int Term, int Index, int Commit, bool Refused)
{
    /// <summary>How many leading bytes of a frame <see cref="Read(ReadOnlySpan{byte}, int)"/> needs: the header and
    /// an AppendEntries' fixed body (its entry count is the last field read).</summary>
    public const int PrefixBytes = FrameLimits.HeaderBytes + FrameLimits.AppendFixedBytes;

    private const int Body = FrameLimits.HeaderBytes;
    private const int FlagReject = 1;

    /// <summary>The page's name for this frame (<see cref="FrameKinds"/>): "unknown" for a malformed one.</summary>
    public string Kind => FrameKinds.Name(Type, Entries);

    /// <summary>A frame that could not be read: type 0 ("unknown"), every field 0 but its length.</summary>
    public static FrameSummary Malformed(int bytes) => new(0, 0, 0, Math.Max(0, bytes), 0, 0, 0, 0, false);

    /// <summary>Reads a whole frame.</summary>
    public static FrameSummary Read(ReadOnlySpan<byte> frame) => Read(frame, frame.Length);

    /// <summary>
    /// Reads the frame of <paramref name="length"/> bytes whose first bytes are <paramref name="prefix"/> (the whole
    /// frame, or at least its first <see cref="PrefixBytes"/>).
    /// </summary>
    public static FrameSummary Read(ReadOnlySpan<byte> prefix, int length)
    {
        if (length < FrameLimits.HeaderBytes + FrameLimits.TagBytes || length > FrameLimits.MaxFrameBytes) return Malformed(length);
        if (prefix.Length > length || prefix.Length < Math.Min(length, PrefixBytes)) return Malformed(length);
        if (prefix[0] != FrameLimits.ProtocolVersion) return Malformed(length);
        int type = prefix[3];
        int from = prefix[4];
        int to = prefix[5];
        int term = ReadU31(prefix, 6);
        if (from > FrameCodec.MaxNodeId || term < 0) return Malformed(length);
        int body = length - FrameLimits.HeaderBytes - FrameLimits.TagBytes;
        var header = new FrameSummary(type, from, to, length, 0, term, 0, 0, false);
        return ReadBody(header, prefix, body) ?? Malformed(length);
    }

    /// <summary>This summary as a <see cref="FrameEvent"/> seen at <paramref name="timeMicros"/>.</summary>
    public FrameEvent ToEvent(long timeMicros, IReadOnlyList<int> deliveredTo, IReadOnlyList<int> lostTo, FrameSource source) =>
        new(timeMicros, Type, From, To, Bytes, Entries, deliveredTo, lostTo, source, Term, Index, Commit, Refused);

    // Checks the body length the type fixes and reads the fields the page shows; null when they disagree.
    private static FrameSummary? ReadBody(FrameSummary h, ReadOnlySpan<byte> f, int body)
    {
        switch (h.Type)
        {
            case (int)MessageType.PreVoteRequest:
            case (int)MessageType.VoteRequest:
                if (body != 8 && !(body == 9 && h.Type == (int)MessageType.VoteRequest)) return null;
                return WithIndex(h, ReadU31(f, Body));
            case (int)MessageType.PreVoteResponse:
            case (int)MessageType.VoteResponse:
                if (body != 1 || f[Body] > FlagReject) return null;
                return h with { Refused = f[Body] == FlagReject };
            case (int)MessageType.AppendEntries:
                return ReadAppend(h, f, body);
            case (int)MessageType.AppendResponse:
                if (body != 17 || f[Body] > FlagReject) return null;
                bool refused = f[Body] == FlagReject;
                return WithIndex(h with { Refused = refused }, ReadU31(f, refused ? Body + 5 : Body + 1));
            case (int)MessageType.SnapshotChunk:
                if (body < FrameLimits.SnapshotChunkFixedBytes + 1 || body > FrameLimits.SnapshotChunkFixedBytes + FrameLimits.MaxSnapshotChunkData) return null;
                return WithIndex(h, ReadU31(f, Body));
            case (int)MessageType.SnapshotResponse:
                if (body != 11 || f[Body] > FlagReject) return null;
                return WithIndex(h, ReadU31(f, Body + 1));
            case (int)MessageType.Propose:
                if (body < 2 || f[Body] < 1 || f[Body] > FrameLimits.MaxEntriesPerAppend) return null;
                if (!EntriesFit(f, Body + 1, body - 1, f[Body])) return null;
                return h with { Entries = f[Body] };
            case (int)MessageType.ProposeReject:
                if (body < 3 + 8 || (body - 3) % 8 != 0 || f[Body + 2] != (body - 3) / 8 || f[Body + 2] > FrameLimits.MaxEntriesPerAppend) return null;
                return h;
            case (int)MessageType.ReadIndexRequest: return body == 4 ? h : null;
            case (int)MessageType.ReadIndexResponse:
                if (body != 9) return null;
                return WithIndex(h, ReadU31(f, Body + 4));
            case (int)MessageType.Sync: return body == 4 ? h : null;
            case (int)MessageType.SyncAck: return body == 10 ? h : null;
            case (int)MessageType.TimeoutNow: return body == 0 ? h : null;
            case (int)MessageType.TransferRequest: return body == 1 ? h : null;
            case MessageTypes.FirstAppType: return body == 3 ? h : null; // status poll
            case MessageTypes.FirstAppType + 1: return body >= 69 && body <= 226 ? h : null; // status report (docs/protocol.md: 69-226)
            case MessageTypes.FirstAppType + 2: return body == 18 ? h : null; // client command
            case MessageTypes.FirstAppType + 3: return body == 23 ? h : null; // client result
            default: return null;
        }
    }

    private static FrameSummary? ReadAppend(FrameSummary h, ReadOnlySpan<byte> f, int body)
    {
        if (body < FrameLimits.AppendFixedBytes) return null;
        int count = f[Body + 20];
        if (count > FrameLimits.MaxEntriesPerAppend) return null;
        if (!EntriesFit(f, Body + FrameLimits.AppendFixedBytes, body - FrameLimits.AppendFixedBytes, count)) return null;
        int prevIndex = ReadU31(f, Body);
        int commit = ReadU31(f, Body + 8);
        if (prevIndex < 0 || commit < 0 || (long)prevIndex + count > int.MaxValue) return null;
        return h with { Entries = count, Index = prevIndex + count, Commit = commit };
    }

    // Whether count entries fill exactly the bytes after the fixed body. With the whole frame at hand, each entry's
    // size is read from its first byte (docs/wire-format.md, "Entries"); with a prefix only, the bound that every
    // entry takes 1 to MaxEntryBytes bytes (a heartbeat's body is exactly the fixed part).
    private static bool EntriesFit(ReadOnlySpan<byte> f, int start, int bytes, int count)
    {
        if (bytes < count || bytes > count * FrameLimits.MaxEntryBytes) return false;
        if (f.Length < start + bytes + FrameLimits.TagBytes) return true; // a prefix: the bound is all we can check
        int o = start;
        for (int i = 0; i < count; i++)
        {
            if (o >= start + bytes) return false;
            int size = EntrySize(f[o]);
            if (size == 0) return false;
            o += size;
        }

        return o == start + bytes;
    }

    private static int EntrySize(byte first) => (first >> 6) switch
    {
        0 => first == 0 ? 1 : 0, // no-op
        1 => 13, // set
        2 => 9, // remove
        _ => (first & 0x3F) switch { 0 or 1 or 3 => 13, 2 => 5, _ => 0 }, // membership, register
    };

    private static FrameSummary? WithIndex(FrameSummary h, int index) => index < 0 ? null : h with { Index = index };

    // A u32 field under the 2^31-1 rule: -1 when it breaks it (or the prefix ends before it).
    private static int ReadU31(ReadOnlySpan<byte> f, int offset)
    {
        if (offset + 4 > f.Length) return -1;
        uint v = BinaryPrimitives.ReadUInt32LittleEndian(f.Slice(offset, 4));
        return v > int.MaxValue ? -1 : (int)v;
    }
}
