using System.Security.Cryptography;
using RaftEsp.Apps;

namespace RaftEsp.Host;

/// <summary>Nonces on the PC (the virtual collector's and the monitor's handshakes, virtual boards' Sync): the operating system's CSPRNG.</summary>
public sealed class CryptoNonceSource : INonceSource
{
    public ulong Next()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt64(bytes);
    }
}
