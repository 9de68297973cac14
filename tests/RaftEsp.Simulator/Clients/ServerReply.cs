using RaftEsp.Apps;

namespace RaftEsp.Simulator;

/// <summary>What the server node answered one attempt of an operation, copied out of its reused <see cref="ClientResult"/>.</summary>
public readonly record struct ServerReply(CommandStatus Status, int Value, int Index, int Client)
{
    public static ServerReply Of(ClientResult result) => new(result.Status, result.Value, result.Index, result.Client);
}
