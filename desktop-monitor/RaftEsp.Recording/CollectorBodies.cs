using RaftEsp.Apps;

namespace RaftEsp.Recording;

/// <summary>
/// Datagram bodies as a recording holds them (docs/recording.md, kind 2) made from what a collector would send, with
/// the desktop protocol's own encoders: the simulator records its boards' states this way, and tests write
/// recordings with them. The datagram is sealed under a throwaway key and only its body (after the session stamp,
/// before the tag) is kept.
/// </summary>
public static class CollectorBodies
{
    private static readonly LinkKey ThrowawayKey = new(0, new byte[16]);

    /// <summary>The body of a BoardStatus datagram (type 5) carrying <paramref name="status"/>.</summary>
    public static DatagramRecord BoardStatus(BoardStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var datagram = new byte[DesktopProtocol.MaxDatagramBytes];
        int length = DesktopProtocol.EncodeBoardStatus(ThrowawayKey, datagram, 1, 1, status);
        if (length == 0) throw new ArgumentException("the board status has a field the protocol cannot carry", nameof(status));
        return Body(DesktopProtocol.BoardStatusType, datagram, length);
    }

    /// <summary>The body of a CommandResult datagram (type 6) carrying <paramref name="result"/>.</summary>
    public static DatagramRecord CommandResult(ClientResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var datagram = new byte[DesktopProtocol.MaxDatagramBytes];
        int length = DesktopProtocol.EncodeCommandResult(ThrowawayKey, datagram, 1, 1, result);
        if (length == 0) throw new ArgumentException("the result has a field the protocol cannot carry", nameof(result));
        return Body(DesktopProtocol.CommandResultType, datagram, length);
    }

    /// <summary>Reads a recorded BoardStatus body back into <paramref name="into"/> with the protocol's decoder; false if it does not decode.</summary>
    public static bool TryReadBoardStatus(DatagramRecord record, BoardStatus into)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(into);
        if (record.Type != DesktopProtocol.BoardStatusType) return false;
        int start = DesktopProtocol.HeaderBytes + DesktopProtocol.StampBytes;
        int length = start + record.Body.Length + DesktopProtocol.TagBytes;
        if (length > DesktopProtocol.MaxDatagramBytes) return false;
        var datagram = new byte[length];
        datagram[0] = DesktopProtocol.Magic;
        datagram[3] = DesktopProtocol.BoardStatusType;
        RaftEsp.Core.Bytes.WriteI32(datagram, DesktopProtocol.HeaderBytes + 8, 1);
        record.Body.CopyTo(datagram, start);
        int sealedAt = length - DesktopProtocol.TagBytes;
        RaftEsp.Core.Bytes.WriteU64(datagram, sealedAt, RaftEsp.Core.SipHash24.Compute(ThrowawayKey.K0, ThrowawayKey.K1, datagram, 0, sealedAt));
        return DesktopProtocol.DecodeBoardStatus(ThrowawayKey, datagram, length, new SessionStamp(), into) == DatagramError.None;
    }

    private static DatagramRecord Body(int type, byte[] datagram, int length)
    {
        int start = DesktopProtocol.HeaderBytes + DesktopProtocol.StampBytes;
        return new DatagramRecord(type, datagram.AsSpan(start, length - DesktopProtocol.TagBytes - start).ToArray());
    }
}
