using System.Security.Cryptography;
using RaftEsp.Apps;

namespace RaftEsp.Host;

/// <summary>Handshake nonces for the virtual collector: the operating system's CSPRNG.</summary>
public sealed class CryptoNonceSource : INonceSource
{
    public ulong Next()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt64(bytes);
    }
}
