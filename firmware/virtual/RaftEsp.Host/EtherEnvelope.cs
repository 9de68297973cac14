namespace RaftEsp.Host;

/// <summary>
/// The datagrams between a virtual board and the ether (docs/virtual-boards.md). Every datagram a board sends names
/// the board, so the ether learns (and re-learns after a restart) which UDP endpoint is which node:
/// <code>
/// hello    board -> ether   0x01 node flags              flags bit 0: sniffer (also hear unicast frames for others)
/// send     board -> ether   0x02 node to frame...        to = node id, or 255 for broadcast
/// deliver  ether -> board   0x03 from to frame...        from = the sending node, to = as it was sent
/// </code>
/// Control commands travel on a separate text port (<c>EtherControl</c> in raftesp-ether).
/// </summary>
public static class EtherEnvelope
{
    public const byte Hello = 0x01;
    public const byte Send = 0x02;
    public const byte Deliver = 0x03;

    /// <summary>Hello flag: the board also receives copies of unicast frames addressed to other nodes.</summary>
    public const byte FlagSniffer = 0x01;

    /// <summary>Bytes before the frame in a send or deliver datagram.</summary>
    public const int FrameHeaderBytes = 3;

    /// <summary>
    /// Largest datagram either side accepts. Larger than a radio frame on purpose: a board that sends an oversized
    /// frame must reach the ether, which drops it, counts it and logs it as a bug.
    /// </summary>
    public const int MaxDatagramBytes = 2048;

    public static int WriteHello(byte[] buffer, int node, bool sniffer)
    {
        buffer[0] = Hello;
        buffer[1] = (byte)node;
        buffer[2] = sniffer ? FlagSniffer : (byte)0;
        return 3;
    }

    /// <summary>Writes a send datagram; returns its length, or 0 when the frame does not fit a datagram.</summary>
    public static int WriteSend(byte[] buffer, int node, int to, byte[] frame, int length)
    {
        if (length < 0 || FrameHeaderBytes + length > buffer.Length) return 0;
        buffer[0] = Send;
        buffer[1] = (byte)node;
        buffer[2] = (byte)to;
        Array.Copy(frame, 0, buffer, FrameHeaderBytes, length);
        return FrameHeaderBytes + length;
    }

    /// <summary>Writes a deliver datagram; returns its length.</summary>
    public static int WriteDeliver(byte[] buffer, int from, int to, byte[] frame, int offset, int length)
    {
        buffer[0] = Deliver;
        buffer[1] = (byte)from;
        buffer[2] = (byte)to;
        Array.Copy(frame, offset, buffer, FrameHeaderBytes, length);
        return FrameHeaderBytes + length;
    }
}
