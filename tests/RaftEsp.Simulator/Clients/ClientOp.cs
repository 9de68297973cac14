using RaftEsp.Apps;
using RaftEsp.Core;

namespace RaftEsp.Simulator;

public enum OpKind
{
    Set,
    Remove,
    Get,
}

/// <summary>One client operation in the history the linearizability checker reads.</summary>
public sealed class ClientOp
{
    public int Id { get; init; }
    public int Client { get; init; }

    /// <summary>The session sequence number (writes); every retry reuses it.</summary>
    public int Seq { get; init; }

    public OpKind Kind { get; init; }
    public int Slot { get; init; }
    public int Value { get; init; }

    /// <summary>When the client first sent it.</summary>
    public long Invoked { get; init; }

    /// <summary>When the client got the successful answer, or -1.</summary>
    public long Completed { get; set; } = -1;

    /// <summary>Get: the value read. Set/remove: the slot's value before the command.</summary>
    public int Result { get; set; }

    public int Attempts { get; set; }
    public CommandStatus LastError { get; set; }

    public bool Acked => Completed >= 0;
    public bool IsWrite => Kind != OpKind.Get;
    public EntryKind EntryKind => Kind == OpKind.Set ? EntryKind.Set : EntryKind.Remove;

    public override string ToString() =>
        $"op {Id} client {Client} seq {Seq} {Kind.ToString().ToLowerInvariant()}({Slot}{(Kind == OpKind.Set ? ", " + Value : "")}) " +
        $"invoked {Invoked / 1000.0:F1} ms completed {(Acked ? (Completed / 1000.0).ToString("F1") + " ms" : "never")} result {Result}";
}
