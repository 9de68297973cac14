using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Interaction;

/// <summary>What a board does with a Ready, printed step by step: the boards' own <see cref="ReadyHandler"/> does it.</summary>
public sealed partial class InteractionEnv
{
    /// <summary>The loop's step after input: the node's flush, then whether it has a Ready (a board asks the same way).</summary>
    private bool HasWork(Peer peer) => PrintingHost.For(this, peer).Handler.Prepare();

    /// <summary>
    /// Handles one Ready of <paramref name="peer"/> with the shared handler; its seams print each step in the order the
    /// handler takes them: frames that may leave at once, the write, the frames that vouch for it, the snapshot
    /// installed, entries applied, answers, Advance, compaction when the node asks for it.
    /// </summary>
    private void HandleReady(Peer peer)
    {
        PrintingHost host = PrintingHost.For(this, peer);
        RaftNode node = peer.Node;
        Line("> " + peer.Id + " handling Ready");
        ShowState(peer, node.Role, node.Term, node.Leader);
        int snapshotBefore = node.Log.SnapshotIndex;
        host.Finishing = false;
        host.Handler.Begin();
        host.Finishing = true;
        Check(host.Handler.Finish());
        host.FlushApplied();
        if (node.Log.SnapshotIndex > snapshotBefore && !host.InstalledSnapshot) ShowCompacted(peer, "  ");
        host.InstalledSnapshot = false;
    }

    /// <summary>Prints role, term and leader when they differ from the last Ready this peer printed.</summary>
    private void ShowState(Peer peer, Role role, int term, int leader)
    {
        var state = (role, term, leader);
        if (state == peer.Shown) return;
        peer.Shown = state;
        Line("  " + Roles.Name(role) + " term=" + term + " leader=" + FrameText.Id(leader));
    }

    private static void Check(ErrorCode code)
    {
        if (code != ErrorCode.None) throw new InvalidOperationException("the host's own step failed: " + ErrorCodes.Name(code));
    }

    /// <summary>The seams of one peer's <see cref="ReadyHandler"/>: radio, storage and observer, each printing what it does.</summary>
    private sealed class PrintingHost : IFrameSender, IRaftStorage, IReadyObserver
    {
        private readonly InteractionEnv env;
        private readonly Peer peer;
        private readonly RaftNode node;
        private readonly List<string> applied = new();

        private PrintingHost(InteractionEnv env, Peer peer)
        {
            this.env = env;
            this.peer = peer;
            node = peer.Node;
            Handler = new ReadyHandler(node, peer.Board.Database, this, this, this);
        }

        public ReadyHandler Handler { get; }

        /// <summary>True between Begin and Finish: frames sent now waited for the write.</summary>
        public bool Finishing { get; set; }

        public bool InstalledSnapshot { get; set; }

        /// <summary>The peer's host, built anew when the peer's node was (a restart boots a new node).</summary>
        public static PrintingHost For(InteractionEnv env, Peer peer)
        {
            if (peer.Host is PrintingHost host && host.node == peer.Node) return host;
            host = new PrintingHost(env, peer);
            peer.Host = host;
            return host;
        }

        public void FlushApplied()
        {
            if (applied.Count == 0) return;
            env.Line("  apply " + FrameText.List(applied));
            applied.Clear();
        }

        void IFrameSender.Send(int to, byte[] frame, int length) =>
            env.Transmit(peer, frame, length, to, Finishing ? " (after persist)" : "");

        void IRaftStorage.Save(Ready ready, RaftLog log)
        {
            SimStorage storage = peer.Board.Storage;
            storage.Save(ready, log);
            if (ready.HardStateChanged)
                env.Line("  persist hardstate term=" + ready.HardTerm + " vote=" + FrameText.Id(ready.HardVote) + " commit=" + ready.HardCommit);
            if (ready.HasSnapshot)
                env.Line("  persist snapshot " + ready.SnapshotTerm + "/" + ready.SnapshotIndex + " (" + ready.SnapshotLength + " bytes)");
            if (ready.PersistCount > 0) env.Line("  persist " + Entries(log, ready.PersistFrom, ready.PersistTo));
        }

        void IRaftStorage.SaveSnapshot(int index, int term, byte[] data, int offset, int length) =>
            peer.Board.Storage.SaveSnapshot(index, term, data, offset, length);

        void IReadyObserver.SnapshotInstalled(int index)
        {
            InstalledSnapshot = true;
            env.Line("  install snapshot " + node.Log.SnapshotTerm + "/" + index + " " + FrameText.List(Values(peer.Board.Database)));
        }

        void IReadyObserver.Applied(ApplyResult result)
        {
            string outcome = result.Duplicate ? " (duplicate)" : result.Status != ErrorCode.None ? " (" + ErrorCodes.Name(result.Status) + ")" : "";
            if (result.Kind == EntryKind.Register) outcome += " -> client " + result.Client + (result.Value != 0 ? ", evicts " + result.Value : "");
            applied.Add(EntryAt(node.Log, result.Index) + outcome);
        }

        void IReadyObserver.Rejected(int client, int seq, RefusalReason reason, int leaderHint)
        {
            FlushApplied();
            env.Line("  refused c" + client + ":" + seq + " " + RefusalReasons.Name(reason) + " leader=" + FrameText.Id(leaderHint));
        }

        void IReadyObserver.ReadIndexed(int requestId, int index, RefusalReason status)
        {
            FlushApplied();
            env.Line("  read id=" + requestId + " index=" + index + " " + RefusalReasons.Name(status));
        }

        void IReadyObserver.Advanced() => FlushApplied();
    }
}
