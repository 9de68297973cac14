using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>
/// The server node's client side: it hands commands into the cluster and answers once they are applied, and serves
/// linearizable gets with ReadIndex. Lives in the server board's RAM, so a crash forgets every pending request
/// (the clients time out and retry with the same session).
/// </summary>
public sealed class ServerFrontEnd
{
    private readonly Dictionary<int, ClientOp> pendingWrites = new();
    private readonly Dictionary<int, ClientOp> pendingReads = new();
    private readonly List<(ClientOp Op, int Index)> readsWaitingForApply = new();
    private readonly Action<ClientOp, ErrorCode, int> reply;
    private int nextRequestId = 1;

    public ServerFrontEnd(Action<ClientOp, ErrorCode, int> reply) => this.reply = reply;

    public void Request(ClientOp op, RaftNode node, Database database)
    {
        if (op.IsWrite)
        {
            ErrorCode result = node.Propose(op.EntryKind, op.Slot, op.Client, op.Seq, op.Kind == OpKind.Set ? op.Value : 0);
            if (result == ErrorCode.None) pendingWrites[op.Client] = op;
            else reply(op, result, 0);
            return;
        }

        int id = nextRequestId++;
        ErrorCode read = node.ReadIndex(id);
        if (read == ErrorCode.None) pendingReads[id] = op;
        else reply(op, read, 0);
    }

    public void OnApplied(ApplyResult applied)
    {
        if (applied.Client == 0 || !pendingWrites.TryGetValue(applied.Client, out ClientOp? op) || op.Seq != applied.Seq) return;
        if (applied.Status == ErrorCode.StaleSequence) return; // an older copy of an earlier command; the current one is still coming
        pendingWrites.Remove(applied.Client);
        reply(op, applied.Status, applied.Value);
    }

    public void OnRejected(int client, int seq, ErrorCode reason)
    {
        if (!pendingWrites.TryGetValue(client, out ClientOp? op) || op.Seq != seq) return;
        pendingWrites.Remove(client);
        reply(op, reason, 0);
    }

    public void OnReadIndex(int requestId, int index, ErrorCode status, Database database)
    {
        if (!pendingReads.Remove(requestId, out ClientOp? op)) return;
        if (status != ErrorCode.None) reply(op, status, 0);
        else readsWaitingForApply.Add((op, index));
        ServeReads(database);
    }

    /// <summary>Answers every read whose index is applied now (§6.4 step 4).</summary>
    public void ServeReads(Database database)
    {
        for (int i = readsWaitingForApply.Count - 1; i >= 0; i--)
        {
            var (op, index) = readsWaitingForApply[i];
            if (database.AppliedIndex < index) continue;
            readsWaitingForApply.RemoveAt(i);
            ErrorCode status = database.Read(op.Slot, out int value);
            reply(op, status, value);
        }
    }

    public void Forget()
    {
        pendingWrites.Clear();
        pendingReads.Clear();
        readsWaitingForApply.Clear();
    }
}
