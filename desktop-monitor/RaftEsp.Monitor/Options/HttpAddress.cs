using System.Globalization;
using System.Net;

namespace RaftEsp.Monitor.Options;

/// <summary>
/// Parses the --http address ("127.0.0.1:5080", "http://localhost:5080", "[::1]:5080", "0.0.0.0:5080"). Only
/// loopback addresses are accepted unless the user passes --allow-remote: the page can send commands and crash
/// boards, so it must not be reachable from the network by accident.
/// </summary>
public static class HttpAddress
{
    public const int DefaultPort = 5080;

    public static bool TryParse(string text, bool allowRemote, out IPEndPoint endpoint, out string error)
    {
        endpoint = new IPEndPoint(IPAddress.Loopback, DefaultPort);
        error = "";
        string rest = text.Trim();
        if (rest.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) rest = rest["http://".Length..];
        else if (rest.Contains("://", StringComparison.Ordinal))
        {
            error = $"--http {text}: only http:// is served";
            return false;
        }

        rest = rest.TrimEnd('/');
        string host = rest;
        string? portText = null;
        if (rest.StartsWith('['))
        {
            int close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"--http {text}: missing ']' after the IPv6 address";
                return false;
            }

            host = rest[1..close];
            if (close + 1 < rest.Length)
            {
                if (rest[close + 1] != ':')
                {
                    error = $"--http {text}: expected ':port' after ']'";
                    return false;
                }

                portText = rest[(close + 2)..];
            }
        }
        else if (rest.Count(c => c == ':') == 1)
        {
            int colon = rest.IndexOf(':', StringComparison.Ordinal);
            host = rest[..colon];
            portText = rest[(colon + 1)..];
        }

        int port = DefaultPort;
        if (portText != null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535))
        {
            error = $"--http {text}: the port must be 0..65535";
            return false;
        }

        host = host.Trim('[', ']');
        IPAddress? address;
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) address = IPAddress.Loopback;
        else if (!IPAddress.TryParse(host, out address))
        {
            error = $"--http {text}: give an IP address (or localhost) and a port, e.g. 127.0.0.1:5080";
            return false;
        }

        if (!IPAddress.IsLoopback(address) && !allowRemote)
        {
            error = $"--http {text}: {address} is not a loopback address. The monitor can send commands and inject faults, " +
                "so it listens on 127.0.0.1 only unless you add --allow-remote (anyone who can reach that address can then drive the cluster).";
            return false;
        }

        endpoint = new IPEndPoint(address, port);
        return true;
    }
}
