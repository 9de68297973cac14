using System.Buffers.Binary;
using RaftEsp.Core;

namespace RaftEsp.Ether;

/// <summary>What became of one receiver's copy of a mirrored frame (docs/virtual-boards.md, "The mirror").</summary>
public enum MirrorOutcome
{
    Delivered = 0,
    /// <summary>Delivered, and a second copy too (the duplication setting).</summary>
    Duplicated = 1,
    Loss = 2,
    Partition = 3,
    Isolated = 4,
    QueueFull = 5,
    /// <summary>Unicast to a node that never registered.</summary>
    UnknownDestination = 6,
}

/// <summary>Why a mirror datagram was refused.</summary>
public enum MirrorError
{
    None = 0,
    TooShort,
    TooLong,
    BadMagic,
    BadVersion,
    BadTag,
    /// <summary>The records do not fill the datagram exactly.</summary>
    BadLength,
    /// <summary>A field out of its range (frame length, prefix, node id, outcome).</summary>
    BadField,
}

/// <summary>One receiver of a mirrored frame and what became of its copy.</summary>
public readonly record struct MirrorCopy(int Node, MirrorOutcome Outcome)
{
    public bool Delivered => Outcome is MirrorOutcome.Delivered or MirrorOutcome.Duplicated;
}

/// <summary>One frame the ether carried, as the mirror describes it.</summary>
/// <param name="TimeMicros">when the ether received it, on the ether's clock (µs since the ether started)</param>
/// <param name="From">the sender (from the envelope)</param>
/// <param name="To">the envelope's destination, 255 for broadcast</param>
/// <param name="Length">the frame's length, 1-250</param>
/// <param name="Prefix">its first bytes (up to <see cref="MirrorDatagram.PrefixBytes"/>): what FrameSummary reads</param>
/// <param name="Copies">every receiver it was meant for, in node order</param>
public sealed record MirrorRecord(long TimeMicros, int From, int To, int Length, byte[] Prefix, IReadOnlyList<MirrorCopy> Copies);

/// <summary>
/// The ether's mirror datagram: a batch of frame records, tagged with SipHash-2-4 under the mirror key the launcher
/// gave the ether, so nobody else on the machine can feed the monitor fake frames. Layout (little-endian):
/// <code>
/// magic u8 = 0xE7 | version u8 = 1 | sequence u32 | sentMicros u64 | count u8 | count records | tag u64
/// record: age u32 (µs before sentMicros) | from u8 | to u8 | length u8 | prefixLength u8 | prefix |
///         copies u8 | copies × (node u8, outcome u8)
/// </code>
/// At most <see cref="MaxBytes"/> bytes. Decoding never throws.
/// </summary>
public static class MirrorDatagram
{
    public const byte Magic = 0xE7;
    public const byte Version = 1;
    public const int MaxBytes = 1400;
    public const int HeaderBytes = 15;
    public const int TagBytes = 8;

    /// <summary>Frame bytes a record carries: the header and an AppendEntries' fixed body (FrameSummary.PrefixBytes).</summary>
    public const int PrefixBytes = FrameLimits.HeaderBytes + FrameLimits.AppendFixedBytes;

    /// <summary>A record's size before its prefix and copies.</summary>
    public const int RecordFixedBytes = 9;

    private const int CountOffset = 14;

    /// <summary>The bytes a record with <paramref name="prefix"/> bytes and <paramref name="copies"/> receivers takes.</summary>
    public static int RecordBytes(int prefix, int copies) => RecordFixedBytes + prefix + 2 * copies;

    /// <summary>Writes the header of an empty batch into <paramref name="buffer"/>; records follow at <see cref="HeaderBytes"/>.</summary>
    public static void WriteHeader(byte[] buffer, uint sequence, long sentMicros, int count)
    {
        buffer[0] = Magic;
        buffer[1] = Version;
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(2), sequence);
        BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(6), sentMicros);
        buffer[CountOffset] = (byte)count;
    }

    /// <summary>Writes one record at <paramref name="offset"/>; returns the offset after it.</summary>
    public static int WriteRecord(byte[] buffer, int offset, uint ageMicros, int from, int to, ReadOnlySpan<byte> frame, IReadOnlyList<MirrorCopy> copies)
    {
        int prefix = Math.Min(frame.Length, PrefixBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(offset), ageMicros);
        buffer[offset + 4] = (byte)from;
        buffer[offset + 5] = (byte)to;
        buffer[offset + 6] = (byte)frame.Length;
        buffer[offset + 7] = (byte)prefix;
        frame[..prefix].CopyTo(buffer.AsSpan(offset + 8));
        int o = offset + 8 + prefix;
        buffer[o++] = (byte)copies.Count;
        foreach (MirrorCopy c in copies)
        {
            buffer[o++] = (byte)c.Node;
            buffer[o++] = (byte)c.Outcome;
        }

        return o;
    }

    /// <summary>Tags the first <paramref name="length"/> bytes; returns the datagram's length.</summary>
    public static int Seal(byte[] buffer, int length, ulong k0, ulong k1)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(length), SipHash24.Compute(k0, k1, buffer, 0, length));
        return length + TagBytes;
    }

    /// <summary>
    /// Checks and reads one datagram; on success <paramref name="records"/> holds its frames (times on the ether's
    /// clock). On an error <paramref name="records"/> is left as it was.
    /// </summary>
    public static MirrorError Decode(byte[] data, int length, ulong k0, ulong k1, List<MirrorRecord> records, out uint sequence, out long sentMicros)
    {
        sequence = 0;
        sentMicros = 0;
        if (data == null || length < HeaderBytes + TagBytes || length > data.Length) return MirrorError.TooShort;
        if (length > MaxBytes) return MirrorError.TooLong;
        if (data[0] != Magic) return MirrorError.BadMagic;
        if (data[1] != Version) return MirrorError.BadVersion;
        int body = length - TagBytes;
        if (SipHash24.Compute(k0, k1, data, 0, body) != BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(body))) return MirrorError.BadTag;
        uint seq = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(2));
        long sent = BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(6));
        if (sent < 0) return MirrorError.BadField;
        int count = data[CountOffset];
        var read = new List<MirrorRecord>(count);
        int o = HeaderBytes;
        for (int i = 0; i < count; i++)
        {
            if (o + RecordFixedBytes > body) return MirrorError.BadLength;
            uint age = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(o));
            int from = data[o + 4];
            int to = data[o + 5];
            int frameLength = data[o + 6];
            int prefix = data[o + 7];
            if (from > NodeId.MaxId || frameLength < 1 || frameLength > FrameLimits.MaxFrameBytes) return MirrorError.BadField;
            if (prefix != Math.Min(frameLength, PrefixBytes)) return MirrorError.BadField;
            o += 8;
            if (o + prefix + 1 > body) return MirrorError.BadLength;
            byte[] bytes = data.AsSpan(o, prefix).ToArray();
            o += prefix;
            int copyCount = data[o++];
            if (o + 2 * copyCount > body) return MirrorError.BadLength;
            var copies = new MirrorCopy[copyCount];
            for (int c = 0; c < copyCount; c++, o += 2)
            {
                if (data[o] > NodeId.MaxId || data[o + 1] > (int)MirrorOutcome.UnknownDestination) return MirrorError.BadField;
                copies[c] = new MirrorCopy(data[o], (MirrorOutcome)data[o + 1]);
            }

            read.Add(new MirrorRecord(sent - age, from, to, frameLength, bytes, copies));
        }

        if (o != body) return MirrorError.BadLength;
        sequence = seq;
        sentMicros = sent;
        records.AddRange(read);
        return MirrorError.None;
    }

    /// <summary>The outcome a drop reason gives a copy.</summary>
    public static MirrorOutcome Outcome(DropReason reason) => reason switch
    {
        DropReason.Loss => MirrorOutcome.Loss,
        DropReason.Partition => MirrorOutcome.Partition,
        DropReason.Isolated => MirrorOutcome.Isolated,
        DropReason.QueueFull => MirrorOutcome.QueueFull,
        DropReason.UnknownDestination => MirrorOutcome.UnknownDestination,
        _ => MirrorOutcome.Loss,
    };

    /// <summary>The outcome's name in the monitor's counters and docs.</summary>
    public static string Name(MirrorOutcome outcome) => outcome switch
    {
        MirrorOutcome.Delivered => "delivered",
        MirrorOutcome.Duplicated => "duplicated",
        MirrorOutcome.Loss => "loss",
        MirrorOutcome.Partition => "partition",
        MirrorOutcome.Isolated => "isolated",
        MirrorOutcome.QueueFull => "queue-full",
        MirrorOutcome.UnknownDestination => "unknown-destination",
        _ => "unknown",
    };
}
