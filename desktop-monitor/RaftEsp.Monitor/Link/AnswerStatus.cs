using RaftEsp.Core;

namespace RaftEsp.Monitor.Link;

/// <summary>
/// The status byte of a command answer (docs/protocol.md): the core's <see cref="ErrorCode"/> 0..14, or the server
/// node's own codes 32..34.
/// </summary>
public static class AnswerStatus
{
    public const int Ok = 0;

    /// <summary>The server node's table of waiting reads is full; retry later.</summary>
    public const int Busy = 32;

    /// <summary>A newer command of the same client replaced this one at the server node before it was answered.</summary>
    public const int Superseded = 33;

    /// <summary>The board the collector relayed to is not the server node (a configuration mismatch).</summary>
    public const int NotServer = 34;

    public static string Name(int status) => status switch
    {
        Busy => "busy",
        Superseded => "superseded",
        NotServer => "not-server",
        _ => status >= 0 && status <= (int)ErrorCodes.Last ? ErrorCodes.Name((ErrorCode)status) : "unknown",
    };
}
