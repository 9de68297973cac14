using RaftEsp.Apps;
using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>
/// The server node's client side in the simulator: the boards' own portable <see cref="ServerFrontEnd"/>, so the
/// simulator checks the code the server board runs. This adapter only turns the simulated clients' operations into
/// <see cref="ClientCommand"/>s (request id = operation id; a register names no client and no sequence) and the results
/// back into replies (a register's carries the new client id). Lives in the server
/// board's RAM: a crash forgets every pending request (the clients time out and retry with the same session).
/// </summary>
public sealed class SimFrontEnd : IResultSender
{
    private readonly ServerFrontEnd portable;
    private readonly Dictionary<int, ClientOp> waiting = new(); // request id -> operation (the history keeps them all anyway)
    private readonly Action<ClientOp, ServerReply> reply;
    private readonly ClientCommand command = new();

    /// <param name="config">the server node's configuration (session table and read queue sizes)</param>
    /// <param name="timeoutTicks">ticks after which the front end answers "timeout"; longer than a client's own retry timeout</param>
    /// <param name="reply">delivers an answer to the client that sent the operation</param>
    public SimFrontEnd(Config config, int timeoutTicks, Action<ClientOp, ServerReply> reply)
    {
        this.reply = reply;
        portable = new ServerFrontEnd(config.ClientSessions, config.MaxPendingReads, timeoutTicks, this);
    }

    public int PendingWrites => portable.PendingWrites;
    public int PendingReads => portable.PendingReads;

    public void Request(ClientOp op, RaftNode node, Database database)
    {
        waiting[op.Id] = op;
        command.RequestId = op.Id;
        command.Client = op.Client;
        command.Seq = op.Seq;
        command.Kind = op.Kind switch
        {
            OpKind.Set => CommandKind.Set,
            OpKind.Remove => CommandKind.Remove,
            OpKind.Register => CommandKind.Register,
            _ => CommandKind.Get,
        };
        command.Slot = op.Slot;
        command.Value = op.Kind == OpKind.Set ? op.Value : 0;
        portable.Submit(command, 0, node, database);
    }

    public void Tick(RaftNode node) => portable.Tick(node);

    public void OnApplied(ApplyResult applied, RaftNode node) => portable.OnApplied(applied, node);

    public void OnRejected(int client, int seq, RefusalReason reason, int leaderHint) => portable.OnRejected(client, seq, reason, leaderHint);

    public void OnReadIndex(int requestId, int index, RefusalReason status, Database database, RaftNode node) =>
        portable.OnReadIndex(requestId, index, status, database, node);

    public void ServeReads(Database database, RaftNode node) => portable.ServeReads(database, node);

    public void Forget()
    {
        portable.Forget();
        waiting.Clear();
    }

    void IResultSender.SendResult(ClientResult result)
    {
        // Every attempt's answer goes back (the client ignores answers to operations it has finished), so an error
        // for one attempt does not swallow the success of another one still in flight.
        // A timeout only frees the front end's table here: the simulated clients retry on their own timer.
        if (result.Status == CommandStatus.Timeout) return;
        if (waiting.TryGetValue(result.RequestId, out ClientOp? op)) reply(op, ServerReply.Of(result));
    }
}
