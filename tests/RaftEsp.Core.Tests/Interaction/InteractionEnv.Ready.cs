using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Interaction;

/// <summary>What a board does with a Ready, printed step by step.</summary>
public sealed partial class InteractionEnv
{
    private readonly ApplyResult applyResult = new();

    /// <summary>
    /// Handles one Ready of <paramref name="peer"/> in the order <see cref="Ready"/> documents: frames that may leave
    /// at once, then hard state, snapshot and entries made durable, then the frames that vouch for them, then the
    /// snapshot installed and entries applied, answers reported, Advance, and compaction when the node asks for it.
    /// All of a Ready's handling is in this one method so it can be swapped for a shared handler.
    /// </summary>
    private void HandleReady(Peer peer)
    {
        RaftNode node = peer.Node;
        SimStorage storage = peer.Board.Storage;
        RaftEsp.Core.Database database = peer.Board.Database;
        Ready rd = node.GetReady();
        Line("> " + peer.Id + " handling Ready");
        ShowState(peer, rd);
        SendFrames(peer, rd.Frames, afterPersist: false);
        if (rd.HardStateChanged)
        {
            storage.SaveHardState(rd.HardTerm, rd.HardVote, rd.HardCommit);
            Line("  persist hardstate term=" + rd.HardTerm + " vote=" + FrameText.Id(rd.HardVote) + " commit=" + rd.HardCommit);
        }

        if (rd.HasSnapshot)
        {
            storage.ReplaceWithSnapshot(rd.SnapshotIndex, rd.SnapshotTerm, rd.SnapshotData, rd.SnapshotLength);
            Line("  persist snapshot " + rd.SnapshotTerm + "/" + rd.SnapshotIndex + " (" + rd.SnapshotLength + " bytes)");
        }

        if (rd.PersistCount > 0)
        {
            storage.Append(node.Log, rd.PersistFrom, rd.PersistTo);
            Line("  persist " + Entries(node.Log, rd.PersistFrom, rd.PersistTo));
        }

        SendFrames(peer, rd.Frames, afterPersist: true);
        if (rd.HasSnapshot)
        {
            Check(database.RestoreSnapshot(rd.SnapshotIndex, rd.SnapshotData, 0, rd.SnapshotLength));
            Line("  install snapshot " + rd.SnapshotTerm + "/" + rd.SnapshotIndex + " " + FrameText.List(Values(database)));
        }

        if (rd.ApplyCount > 0) Line("  apply " + Apply(node.Log, database, rd.ApplyFrom, rd.ApplyTo));
        for (int i = 0; i < rd.Reads.Count; i++)
            Line("  read id=" + rd.Reads.RequestId(i) + " index=" + rd.Reads.Index(i) + " " + ErrorCodes.Name(rd.Reads.Status(i)));
        for (int i = 0; i < rd.Rejections.Count; i++)
            Line("  refused c" + rd.Rejections.Client(i) + ":" + rd.Rejections.Seq(i) + " " + ErrorCodes.Name(rd.Rejections.Reason(i)) + " leader=" + FrameText.Id(rd.Rejections.LeaderHint(i)));
        node.Advance();
        if (node.CompactionDue) Compact(peer, "  ");
    }

    /// <summary>Prints role, term and leader when they differ from the last Ready this peer printed.</summary>
    private void ShowState(Peer peer, Ready rd)
    {
        var state = (rd.Role, rd.Term, rd.Leader);
        if (state == peer.Shown) return;
        peer.Shown = state;
        Line("  " + Roles.Name(rd.Role) + " term=" + rd.Term + " leader=" + FrameText.Id(rd.Leader));
    }

    private void SendFrames(Peer peer, Outbox frames, bool afterPersist)
    {
        for (int i = 0; i < frames.Count; i++)
        {
            if (frames.AfterPersist(i) == afterPersist)
                Transmit(peer, frames.Buffer(i), frames.Length(i), frames.Destination(i), afterPersist ? " (after persist)" : "");
        }
    }

    private string Apply(RaftLog log, RaftEsp.Core.Database database, int from, int to)
    {
        var applied = new List<string>();
        for (int index = from; index <= to; index++)
        {
            Check(database.Apply(index, log.KindAt(index), log.SlotAt(index), log.ClientAt(index), log.SeqAt(index), log.ValueAt(index), applyResult));
            string outcome = applyResult.Duplicate ? " (duplicate)" : applyResult.Status != ErrorCode.None ? " (" + ErrorCodes.Name(applyResult.Status) + ")" : "";
            applied.Add(EntryAt(log, index) + outcome);
        }

        return FrameText.List(applied);
    }

    private static void Check(ErrorCode code)
    {
        if (code != ErrorCode.None) throw new InvalidOperationException("the host's own step failed: " + ErrorCodes.Name(code));
    }
}
