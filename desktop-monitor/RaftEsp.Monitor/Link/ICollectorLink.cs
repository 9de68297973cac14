using RaftEsp.Monitor.State;

namespace RaftEsp.Monitor.Link;

/// <summary>
/// The monitor's side of the collector link: board reports and command answers come in, client requests go out.
/// Both modes use the same link over UDP; in virtual mode the collector is a child process on loopback. Sending never
/// blocks and may be lost (UDP): the command service retries.
/// </summary>
public interface ICollectorLink : IAsyncDisposable
{
    /// <summary>Raised for every authentic board report.</summary>
    event Action<BoardReport>? BoardReported;

    /// <summary>Raised for every authentic answer to a client request.</summary>
    event Action<ClientAnswer>? AnswerReceived;

    /// <summary>Starts receiving.</summary>
    Task StartAsync(CancellationToken cancel);

    /// <summary>Sends one request towards the server node.</summary>
    void Send(ClientRequest request);
}
