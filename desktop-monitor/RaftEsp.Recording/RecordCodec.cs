using System.Text;

namespace RaftEsp.Recording;

/// <summary>
/// Each record kind's payload, byte by byte (docs/recording.md). Decoding is strict: a payload must be exactly as long
/// as its fields say, with every field in range, else <see cref="RecordingFormatException"/> (offsets within the payload).
/// </summary>
internal static class RecordCodec
{
    /// <summary>The largest payload a record may have; a larger length field is corruption.</summary>
    public const int MaxPayload = 64 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>Writes <paramref name="body"/>'s payload into <paramref name="into"/>; returns its length.</summary>
    public static int Encode(RecordBody body, Span<byte> into)
    {
        var w = new SpanWriter(into);
        switch (body)
        {
            case FrameRecord { Frame: var f }:
                w.U8(Byte(f.Type, "type"));
                w.U8(Byte(f.From, "from"));
                w.U8(Byte(f.To, "to"));
                w.U8((int)f.Source);
                w.U8(f.Refused ? 1 : 0);
                w.U16(Word(f.Bytes, "bytes"));
                w.U16(Word(f.Entries, "entries"));
                w.I32(f.Term);
                w.I32(f.Index);
                w.I32(f.Commit);
                Nodes(ref w, f.DeliveredTo);
                Nodes(ref w, f.LostTo);
                break;
            case DatagramRecord d:
                w.U8(Byte(d.Type, "datagram type"));
                if (d.Body.Length > MaxPayload - 1) throw new ArgumentException($"a datagram body of {d.Body.Length} bytes is longer than a record holds");
                w.Bytes(d.Body);
                break;
            case TimelineRecord t:
                byte[] kind = Encoding.UTF8.GetBytes(t.EventKind);
                byte[] text = Encoding.UTF8.GetBytes(t.Text);
                if (kind.Length > 255) throw new ArgumentException("a timeline kind is at most 255 bytes");
                if (text.Length > MaxPayload - 300) throw new ArgumentException("a timeline text is too long for a record");
                if (t.Node is < -1 or > 255) throw new ArgumentOutOfRangeException(nameof(body), t.Node, "a timeline node is -1..255");
                w.U8(kind.Length);
                w.Bytes(kind);
                w.U16(t.Node & 0xFFFF);
                w.U16(text.Length);
                w.Bytes(text);
                break;
            case CrashRecord c:
                w.U8(Byte(c.Node, "node"));
                w.U8(c.Crashed ? 1 : 0);
                break;
            case PartitionRecord p:
                if (p.Groups == null)
                {
                    w.U8(0);
                    break;
                }

                if (p.Groups.Count is < 1 or > 255) throw new ArgumentException("a partition has 1..255 groups");
                w.U8(p.Groups.Count);
                foreach (IReadOnlyList<int> group in p.Groups) Nodes(ref w, group);
                break;
            case LossRecord l:
                if (l.Percent is < 0 or > 100) throw new ArgumentOutOfRangeException(nameof(body), l.Percent, "loss is 0..100%");
                w.U8(l.Percent);
                break;
            case TrackRecord t:
                w.U8(Byte(t.Node, "node"));
                break;
            default:
                throw new ArgumentException("unknown record body " + body.GetType().Name, nameof(body));
        }

        return w.Position;
    }

    /// <summary>Reads a payload of kind <paramref name="kind"/>.</summary>
    public static RecordBody Decode(int kind, ReadOnlySpan<byte> payload)
    {
        var r = new SpanReader(payload);
        RecordBody body;
        switch ((RecordKind)kind)
        {
            case RecordKind.Frame:
            {
                int type = r.U8(), from = r.U8(), to = r.U8(), source = r.U8(), flags = r.U8();
                if (source is < (int)FrameSource.Ether or > (int)FrameSource.Simulator) throw Bad(3, $"unknown frame source {source}");
                if ((flags & ~1) != 0) throw Bad(4, $"unknown frame flags 0x{flags:x2}");
                int bytes = r.U16(), entries = r.U16(), term = r.I32(), index = r.I32(), commit = r.I32();
                int[] delivered = ReadNodes(ref r), lost = ReadNodes(ref r);
                body = new FrameRecord(new FrameEvent(0, type, from, to, bytes, entries, delivered, lost, (FrameSource)source, term, index, commit, (flags & 1) != 0));
                break;
            }

            case RecordKind.Datagram:
            {
                int type = r.U8();
                if (type is < 5 or > 7) throw Bad(0, $"datagram type {type} is not one the monitor records (5, 6 or 7)");
                body = new DatagramRecord(type, r.Bytes(r.Remaining).ToArray());
                break;
            }

            case RecordKind.Timeline:
            {
                string eventKind = Text(ref r, r.U8());
                int node = (short)r.U16();
                if (node < -1) throw Bad(r.Position - 2, $"timeline node {node}");
                body = new TimelineRecord(eventKind, node, Text(ref r, r.U16()));
                break;
            }

            case RecordKind.Crash:
            {
                int node = r.U8(), crashed = r.U8();
                if (crashed > 1) throw Bad(1, $"crashed flag {crashed} is neither 0 nor 1");
                body = new CrashRecord(node, crashed == 1);
                break;
            }

            case RecordKind.Partition:
            {
                int count = r.U8();
                var groups = new List<IReadOnlyList<int>>(count);
                for (int i = 0; i < count; i++) groups.Add(ReadNodes(ref r));
                body = new PartitionRecord(count == 0 ? null : groups);
                break;
            }

            case RecordKind.Loss:
            {
                int percent = r.U8();
                if (percent > 100) throw Bad(0, $"loss {percent}% is over 100");
                body = new LossRecord(percent);
                break;
            }

            case RecordKind.Track:
                body = new TrackRecord(r.U8());
                break;
            default:
                throw Bad(-1, $"unknown record kind {kind}");
        }

        if (r.Remaining != 0) throw Bad(r.Position, $"{r.Remaining} bytes left over after the {(RecordKind)kind} record's fields");
        return body;
    }

    private static void Nodes(ref SpanWriter w, IReadOnlyList<int> nodes)
    {
        if (nodes.Count > 255) throw new ArgumentException("at most 255 boards in a list");
        w.U8(nodes.Count);
        foreach (int n in nodes) w.U8(Byte(n, "node"));
    }

    private static int[] ReadNodes(ref SpanReader r)
    {
        var nodes = new int[r.U8()];
        for (int i = 0; i < nodes.Length; i++) nodes[i] = r.U8();
        return nodes;
    }

    private static string Text(ref SpanReader r, int length)
    {
        int at = r.Position;
        ReadOnlySpan<byte> bytes = r.Bytes(length);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Bad(at, "text that is not UTF-8");
        }
    }

    private static int Byte(int v, string what) =>
        v is >= 0 and <= 255 ? v : throw new ArgumentOutOfRangeException(what, v, $"{what} must fit one byte");

    private static int Word(int v, string what) =>
        v is >= 0 and <= 0xFFFF ? v : throw new ArgumentOutOfRangeException(what, v, $"{what} must fit two bytes");

    private static RecordingFormatException Bad(int offset, string what) => new(what) { Offset = offset };
}
