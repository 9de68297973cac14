using System.Buffers.Binary;

namespace RaftEsp.Recording;

/// <summary>Little-endian writes into a span, advancing (the recording's byte order).</summary>
internal ref struct SpanWriter(Span<byte> into)
{
    private readonly Span<byte> buffer = into;

    public int Position { get; private set; }

    public void U8(int v) => buffer[Position++] = (byte)v;

    public void U16(int v)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[Position..], (ushort)v);
        Position += 2;
    }

    public void I32(int v)
    {
        BinaryPrimitives.WriteInt32LittleEndian(buffer[Position..], v);
        Position += 4;
    }

    public void U32(uint v)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[Position..], v);
        Position += 4;
    }

    public void I64(long v)
    {
        BinaryPrimitives.WriteInt64LittleEndian(buffer[Position..], v);
        Position += 8;
    }

    public void Bytes(ReadOnlySpan<byte> v)
    {
        v.CopyTo(buffer[Position..]);
        Position += v.Length;
    }
}

/// <summary>
/// Little-endian reads from a span, advancing; reading past the end throws <see cref="RecordingFormatException"/>
/// with the offset
/// within the span (the file reader adds where the span starts and names the byte).
/// </summary>
internal ref struct SpanReader(ReadOnlySpan<byte> from)
{
    private readonly ReadOnlySpan<byte> buffer = from;

    public int Position { get; private set; }

    public readonly int Remaining => buffer.Length - Position;

    public int U8()
    {
        Need(1);
        return buffer[Position++];
    }

    public int U16()
    {
        Need(2);
        int v = BinaryPrimitives.ReadUInt16LittleEndian(buffer[Position..]);
        Position += 2;
        return v;
    }

    public int I32()
    {
        Need(4);
        int v = BinaryPrimitives.ReadInt32LittleEndian(buffer[Position..]);
        Position += 4;
        return v;
    }

    public long I64()
    {
        Need(8);
        long v = BinaryPrimitives.ReadInt64LittleEndian(buffer[Position..]);
        Position += 8;
        return v;
    }

    public ReadOnlySpan<byte> Bytes(int count)
    {
        Need(count);
        ReadOnlySpan<byte> v = buffer.Slice(Position, count);
        Position += count;
        return v;
    }

    public void Skip(int count)
    {
        Need(count);
        Position += count;
    }

    private readonly void Need(int count)
    {
        if (count < 0 || Position + count > buffer.Length)
        {
            throw new RecordingFormatException($"needs {count} more bytes, only {buffer.Length - Position} left") { Offset = Position };
        }
    }
}
