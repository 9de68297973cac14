using System.Net;
using System.Net.Sockets;
using System.Globalization;

namespace RaftEsp.Host;

/// <summary>Small helpers for the loopback UDP sockets of the virtual cluster.</summary>
public static class UdpSockets
{
    /// <summary>
    /// Receive buffer asked for on every socket of the virtual cluster, so bursts (a leader's broadcast answered by
    /// every follower at once) are not lost in the kernel. The system may grant less (Linux: net.core.rmem_max).
    /// </summary>
    public const int ReceiveBufferBytes = 1 << 20;

    /// <summary>
    /// On Windows a UDP socket reports an ICMP "port unreachable" from an earlier send as an error on its next
    /// receive (a board that was killed, an ether not started yet). Turn that off; Linux does not do it.
    /// </summary>
    public static void IgnoreConnectionReset(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (!OperatingSystem.IsWindows()) return;
        const int SioUdpConnReset = -1744830452;
        socket.IOControl(SioUdpConnReset, [0, 0, 0, 0], null);
    }

    /// <summary>
    /// Parses <c>host:port</c> (an IPv4 address, or <c>localhost</c>) with port 0-65535. Returns null and an error
    /// message when it is not one.
    /// </summary>
    public static IPEndPoint? ParseEndPoint(string text, out string error)
    {
        error = "";
        int colon = text?.LastIndexOf(':') ?? -1;
        if (text == null || colon <= 0 || colon == text.Length - 1)
        {
            error = $"'{text}' is not host:port (for example 127.0.0.1:47000)";
            return null;
        }

        string host = text[..colon];
        if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
        {
            error = $"'{text}': the port must be a number 0-65535";
            return null;
        }

        IPAddress? address = host == "localhost" ? IPAddress.Loopback : null;
        if (address == null && (!IPAddress.TryParse(host, out address) || address.AddressFamily != AddressFamily.InterNetwork))
        {
            error = $"'{text}': the host must be an IPv4 address such as 127.0.0.1";
            return null;
        }

        return new IPEndPoint(address, port);
    }
}
