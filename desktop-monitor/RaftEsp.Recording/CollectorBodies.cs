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

    private static DatagramRecord Body(int type, byte[] datagram, int length)
    {
        int start = DesktopProtocol.HeaderBytes + DesktopProtocol.StampBytes;
        return new DatagramRecord(type, datagram.AsSpan(start, length - DesktopProtocol.TagBytes - start).ToArray());
    }
}
