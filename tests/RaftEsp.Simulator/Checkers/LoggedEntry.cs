using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>A log entry as the checkers compare it: term and content.</summary>
public readonly record struct LoggedEntry(int Term, EntryKind Kind, int Slot, int Client, int Seq, int Value)
{
    public static LoggedEntry At(RaftLog log, int index) =>
        new(log.TermAt(index), log.KindAt(index), log.SlotAt(index), log.ClientAt(index), log.SeqAt(index), log.ValueAt(index));

    public override string ToString() =>
        $"t{Term} {EntryKinds.Name(Kind)}({Slot}, {Value}) client {Client} seq {Seq}";
}
