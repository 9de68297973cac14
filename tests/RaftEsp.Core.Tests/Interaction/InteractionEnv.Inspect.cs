namespace RaftEsp.Core.Tests.Interaction;

/// <summary>Commands that print state and change nothing: status, raft-state, log, logs, db.</summary>
public sealed partial class InteractionEnv
{
    private void Status(Peer peer)
    {
        RaftNode node = peer.Node;
        RaftLog log = node.Log;
        string transfer = node.TransferTarget != NodeId.None ? " transferring-to=" + node.TransferTarget : "";
        Line(Summary(peer) + " vote=" + FrameText.Id(node.Vote) + " snapshot=" + log.SnapshotTerm + "/" + log.SnapshotIndex + transfer);
        if (node.Role != Role.Leader) return;
        int members = node.Voters.Count + node.Learners.Count;
        for (int i = 0; i < members; i++)
        {
            bool learner = i >= node.Voters.Count;
            Progress pr = node.ProgressOf(learner ? node.Learners.IdAt(i - node.Voters.Count) : node.Voters.IdAt(i));
            if (pr.NodeId == node.Id) continue;
            string detail = pr.State switch
            {
                ProgressState.Probe => pr.ProbeSent ? " probe-sent" : "",
                ProgressState.Replicate => " inflight=" + pr.Inflights.Count,
                _ => " snapshot=" + pr.SnapshotIndex + " sent-bytes=" + pr.SnapshotOffset,
            };
            Line("  " + pr.NodeId + ": " + pr.State + " match=" + pr.Match + " next=" + pr.Next + detail + (pr.RecentActive ? " active" : " inactive") + (learner ? " learner" : ""));
        }
    }

    private void RaftState()
    {
        foreach (Peer peer in peers.Values) Line(Summary(peer));
    }

    private string Summary(Peer peer)
    {
        RaftNode node = peer.Node;
        if (peer.Down) return peer.Id + ": down";
        return peer.Id + ": " + Roles.Name(node.Role) + " term=" + node.Term + " leader=" + FrameText.Id(node.Leader) +
               " commit=" + node.CommitIndex + " applied=" + node.AppliedIndex + " last=" + node.Log.LastTerm + "/" + node.Log.LastIndex;
    }

    /// <summary>Every entry of one node's log, one a line.</summary>
    private void Log(Peer peer)
    {
        RaftLog log = peer.Node.Log;
        Line("snapshot=" + log.SnapshotTerm + "/" + log.SnapshotIndex + " stable=" + log.StableIndex + " commit=" + peer.Node.CommitIndex + " applied=" + peer.Node.AppliedIndex);
        for (int index = log.FirstIndex; index <= log.LastIndex; index++) Line(EntryAt(log, index));
    }

    /// <summary>The term of every entry of every node, to compare logs at a glance (as in Figures 7 and 8).</summary>
    private void Logs()
    {
        foreach (Peer peer in peers.Values) LogTerms(peer);
    }

    private void LogTerms(Peer peer)
    {
        RaftLog log = peer.Node.Log;
        string snapshot = log.SnapshotIndex > 0 ? " [snapshot " + log.SnapshotTerm + "/" + log.SnapshotIndex + "]" : "";
        string terms = string.Concat(Enumerable.Range(log.FirstIndex, log.Count).Select(i => " " + log.TermAt(i)));
        Line(peer.Id + ":" + snapshot + terms + " (commit=" + peer.Node.CommitIndex + (peer.Down ? ", down)" : ")"));
    }

    private void Databases()
    {
        foreach (Peer peer in peers.Values) Line(peer.Id + ": " + string.Join(" ", Values(peer.Board.Database).Prepend("applied=" + peer.Board.Database.AppliedIndex)));
    }

    /// <summary>The slots that are not 0, as "s3=7".</summary>
    private static string[] Values(RaftEsp.Core.Database database) =>
        Enumerable.Range(0, database.SlotCount)
            .Select(slot => (slot, value: database.Read(slot, out int value) == ErrorCode.None ? value : 0))
            .Where(s => s.value != 0)
            .Select(s => "s" + s.slot + "=" + s.value)
            .ToArray();

    private static string EntryAt(RaftLog log, int index) =>
        FrameText.Entry(log.TermAt(index), index, log.KindAt(index), log.SlotAt(index), log.ClientAt(index), log.SeqAt(index), log.ValueAt(index));

    private static string Entries(RaftLog log, int from, int to) =>
        FrameText.List(Enumerable.Range(from, to - from + 1).Select(i => EntryAt(log, i)));
}
