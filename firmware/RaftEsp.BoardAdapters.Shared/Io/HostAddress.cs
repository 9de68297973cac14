using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RaftEsp.BoardAdapters
{
    /// <summary>Turns a configured host (dotted IPv4 address or a name) into an address, without throwing.</summary>
    public static class HostAddress
    {
        /// <summary>The IPv4 address of <paramref name="host"/>, or null (with the reason on the debug output) when it has none.</summary>
        public static IPAddress Resolve(string host)
        {
            if (host == null || host.Length == 0) return null;
            if (SettingsText.IsIPv4(host)) return IPAddress.Parse(host);
            try
            {
                IPAddress[] addresses = Dns.GetHostEntry(host).AddressList;
                for (int i = 0; i < addresses.Length; i++)
                {
                    if (addresses[i].AddressFamily == AddressFamily.InterNetwork) return addresses[i];
                }
            }
            catch (SocketException e)
            {
                Debug.WriteLine("Network: cannot resolve '" + host + "': " + e.Message);
                return null;
            }
            catch (ArgumentException e)
            {
                Debug.WriteLine("Network: '" + host + "' is not a host name: " + e.Message);
                return null;
            }

            Debug.WriteLine("Network: '" + host + "' has no IPv4 address");
            return null;
        }
    }
}
