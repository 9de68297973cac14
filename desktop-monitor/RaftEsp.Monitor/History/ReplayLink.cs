using RaftEsp.Monitor.Link;
using RaftEsp.Monitor.State;

namespace RaftEsp.Monitor.History;

/// <summary>A replay has no collector: this link hears nothing and sends nothing (the API refuses commands first).</summary>
internal sealed class ReplayLink : ICollectorLink
{
    public event Action<BoardReport>? BoardReported
    {
        add { }
        remove { }
    }

    public event Action<ClientAnswer>? AnswerReceived
    {
        add { }
        remove { }
    }

    public Task StartAsync(CancellationToken cancel) => Task.CompletedTask;

    public void Send(ClientRequest request)
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
