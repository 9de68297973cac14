using RaftEsp.Apps;
using RaftEsp.Core;

namespace RaftEsp.Simulator;

public enum OpKind
{
    Set,
    Remove,
    Get,

    /// <summary>Opens a session: the answer's <see cref="ClientOp.Result"/> is the new client id (the register entry's index).</summary>
    Register,
}

/// <summary>One client operation in the history the linearizability checker reads.</summary>
public sealed class ClientOp
{
    public int Id { get; init; }

    /// <summary>The simulated client that sent it (1..clients): where the answer goes.</summary>
    public int Sender { get; init; }

    /// <summary>The session (client id) it was sent under: a register entry's index; 0 for a register.</summary>
    public int Client { get; init; }

    /// <summary>The session sequence number (writes, from 1 in each session); every retry reuses it.</summary>
    public int Seq { get; init; }

    public OpKind Kind { get; init; }
    public int Slot { get; init; }
    public int Value { get; init; }

    /// <summary>When the client first sent it.</summary>
    public long Invoked { get; init; }

    /// <summary>When the client got the successful answer, or -1.</summary>
    public long Completed { get; set; } = -1;

    /// <summary>Get: the value read. Set/remove: the slot's value before the command. Register: the new client id.</summary>
    public int Result { get; set; }

    /// <summary>The log index the answer named (a write's first application, a get's read index, a register's entry).</summary>
    public int ResultIndex { get; set; }

    public int Attempts { get; set; }
    public CommandStatus LastError { get; set; }

    /// <summary>A re-send of an earlier, acknowledged operation by the replay adversary (<see cref="SimOptions.ReplayOldRequests"/>).</summary>
    public ClientOp? ReplayOf { get; init; }

    public bool Acked => Completed >= 0;
    public bool IsWrite => Kind == OpKind.Set || Kind == OpKind.Remove;
    public EntryKind EntryKind => Kind == OpKind.Set ? EntryKind.Set : EntryKind.Remove;

    public override string ToString() =>
        $"op {Id} client {Client} seq {Seq} {Kind.ToString().ToLowerInvariant()}({Slot}{(Kind == OpKind.Set ? ", " + Value : "")}) " +
        $"invoked {Invoked / 1000.0:F1} ms completed {(Acked ? (Completed / 1000.0).ToString("F1") + " ms" : "never")} result {Result}" +
        (LastError == CommandStatus.Ok ? "" : " last error " + CommandStatuses.Name(LastError));
}
