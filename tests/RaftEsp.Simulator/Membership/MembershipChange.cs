using RaftEsp.Core;

namespace RaftEsp.Simulator;

public enum ChangeKind
{
    /// <summary>Add a board as a learner (it is promoted to voter by the leader once caught up).</summary>
    Add,

    /// <summary>Remove a voter or a learner (the leader itself hands over first, §4.2.2).</summary>
    Remove,

    /// <summary>Hand the leadership to a voter (§3.10).</summary>
    Transfer,
}

/// <summary>One change the <see cref="MembershipOperator"/> was asked for, and what became of it.</summary>
public sealed class MembershipChange
{
    public required ChangeKind Kind { get; init; }
    public required int Target { get; init; }

    /// <summary>When the operator was asked.</summary>
    public long Requested { get; init; }

    /// <summary>When the operator first proposed it (its session was open and a leader took the proposal), or -1.</summary>
    public long Started { get; set; } = -1;

    /// <summary>
    /// When it was done, or -1: for add and remove, when the committed configuration first showed it; for a transfer,
    /// when the target led.
    /// </summary>
    public long Completed { get; set; } = -1;

    /// <summary>The session sequence number its proposals carry (every retry the same).</summary>
    public int Seq { get; set; }

    public int Attempts { get; set; }

    /// <summary>The last answer a leader gave a proposal of it.</summary>
    public ErrorCode LastAnswer { get; set; }

    /// <summary>Every distinct answer, in order (the scenarios read which refusals came).</summary>
    public List<ErrorCode> Answers { get; } = new();

    /// <summary>Given up: a refusal that no retry changes (for example LastVoter), or a transfer that did not happen.</summary>
    public bool Abandoned { get; set; }

    public bool Done => Completed >= 0 || Abandoned;

    public EntryKind EntryKind => Kind == ChangeKind.Add ? EntryKind.AddLearner : EntryKind.RemoveNode;

    public override string ToString() =>
        $"{Kind.ToString().ToLowerInvariant()} {Target} (asked {Requested / 1000.0:F1} ms, " +
        (Completed >= 0 ? $"done {Completed / 1000.0:F1} ms" : Abandoned ? "abandoned" : "pending") +
        $", attempts {Attempts}, last answer {ErrorCodes.Name(LastAnswer)})";
}
