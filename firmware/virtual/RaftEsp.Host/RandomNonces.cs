using System.Security.Cryptography;
using RaftEsp.Apps;

namespace RaftEsp.Host;

/// <summary>The anti-replay Sync nonces of a virtual board or collector: the operating system's random generator.</summary>
public sealed class RandomNonces : INonceSource
{
    public int NextNonce() => RandomNumberGenerator.GetInt32(1, int.MaxValue);
}
