using System.Text;
using RaftEsp.Core.Tests.Interaction.DataDriven;

using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Interaction;

/// <summary>
/// The cluster an interaction script drives, after etcd's rafttest InteractionEnv: real nodes with in-memory
/// storage, a radio the script controls frame by frame, and readable output of everything that happens. Nothing
/// moves unless a command says so: ticks, Ready handling and delivery are separate steps (or <c>stabilize</c>).
/// Deterministic: fixed seeds, ordered collections, no clocks.
/// </summary>
public sealed partial class InteractionEnv
{
    private readonly SortedDictionary<int, Peer> peers = new();
    private readonly StringBuilder output = new();

    /// <summary>Runs one command and returns what it printed ("ok" when it printed nothing).</summary>
    public string Handle(DataCase dataCase)
    {
        output.Clear();
        var args = new ScriptArgs(dataCase);
        Run(dataCase.Command, args);
        args.CheckAllUsed();
        return output.Length == 0 ? "ok" : output.ToString();
    }

    private void Run(string command, ScriptArgs args)
    {
        switch (command)
        {
            case "add-nodes": AddNodes(args); break;
            case "restore-log": RestoreLog(args); break;
            case "campaign": Peer(args.Int(0)).Node.StartElection(); break;
            case "tick": Tick(args); break;
            case "tick-all": TickAll(args); break;
            case "tick-election": TickElection(args); break;
            case "propose": Propose(args); break;
            case "propose-fill": ProposeFill(args); break;
            case "read-index": ReadIndex(Peer(args.Int(0))); break;
            case "transfer-leadership": TransferLeadership(args); break;
            case "request-transfer": RequestTransfer(args); break;
            case "propose-conf-change": ProposeConfChange(args); break;
            case "add-joiner": AddJoiner(args); break;
            case "conf": Configurations(args); break;
            case "process-ready": ProcessReady(args); break;
            case "deliver-msgs": DeliverMessages(args); break;
            case "duplicate-msgs": DuplicateMessages(args); break;
            case "stabilize": Stabilize(); break;
            case "isolate": Isolate(args.Int(0)); break;
            case "partition": Partition(args); break;
            case "heal": cut.Clear(); break;
            case "crash": Crash(Peer(args.Int(0))); break;
            case "restart": Restart(Peer(args.Int(0))); break;
            case "compact": Compact(Peer(args.Int(0)), ""); break;
            case "status": Status(Peer(args.Int(0))); break;
            case "raft-state": RaftState(); break;
            case "log": Log(Peer(args.Int(0))); break;
            case "logs": Logs(); break;
            case "db": Databases(); break;
            case "replay": Replay(args); break;
            default: throw new InvalidOperationException("unknown command '" + command + "'");
        }
    }

    private Peer Peer(int id) =>
        peers.TryGetValue(id, out Peer? peer) ? peer : throw new InvalidOperationException("no node " + id + " (add-nodes first)");

    private IEnumerable<Peer> Live => peers.Values.Where(p => !p.Down);

    private void Line(string text) => output.Append(text).Append('\n');

    private void AddNodes(ScriptArgs args)
    {
        if (peers.Count > 0) throw new InvalidOperationException("add-nodes runs once per script (the founders; add-joiner adds boards)");
        int count = args.Int(0);
        byte[] members = Enumerable.Range(1, count).Select(i => (byte)i).ToArray();
        var template = new Config
        {
            ClusterKey = Raft.Harness.TestCluster.Key,
            PreVote = args.Bool("prevote", true),
            CheckQuorum = args.Bool("checkquorum", true),
            Broadcast = args.Bool("broadcast", true),
            ElectionTicks = args.Int("election", 10),
            HeartbeatTicks = args.Int("heartbeat", 1),
            LogCapacity = args.Int("log-capacity", 128),
            MaxUncommittedEntries = args.Int("max-uncommitted", 52),
            CompactionThreshold = args.Int("compaction", 48),
            MaxInflightFrames = args.Int("inflight", 4),
            MaxEntriesPerFrame = args.Int("max-entries", FrameLimits.MaxEntriesPerAppend),
            DatabaseSlots = args.Int("slots", 5),
            ReplayProtection = args.Bool("replay-protection", false),
            PreferredLeader = args.Int("preferred", NodeId.None),
            PromoteLearners = args.Bool("promote-learners", true),
            MaxMembers = args.Int("max-members", 0),
        };
        codec = new FrameCodec(template.ClusterId, template.ClusterKey);
        this.template = template;
        founders = members;
        foreach (int id in members)
        {
            int nodeId = id;
            peers[id] = new Peer(id, new SimBoard(() => ConfigFor(template, nodeId, members)));
        }
    }

    // The founders' settings, kept for boards that join later (add-joiner).
    private Config? template;
    private byte[] founders = [];

    private static Config ConfigFor(Config template, int id, byte[] members) => new()
    {
        NodeId = id,
        Members = members,
        ClusterKey = template.ClusterKey,
        RandomSeed = (uint)(1000 + id),
        PreVote = template.PreVote,
        CheckQuorum = template.CheckQuorum,
        Broadcast = template.Broadcast,
        ElectionTicks = template.ElectionTicks,
        HeartbeatTicks = template.HeartbeatTicks,
        LogCapacity = template.LogCapacity,
        MaxUncommittedEntries = template.MaxUncommittedEntries,
        CompactionThreshold = template.CompactionThreshold,
        MaxInflightFrames = template.MaxInflightFrames,
        MaxEntriesPerFrame = template.MaxEntriesPerFrame,
        DatabaseSlots = template.DatabaseSlots,
        ReplayProtection = template.ReplayProtection,
        PreferredLeader = template.PreferredLeader,
        PromoteLearners = template.PromoteLearners,
        MaxMembers = template.MaxMembers,
        Join = template.Join,
    };

    /// <summary>
    /// Replaces what node ID holds on flash with a hand-made log (entry i is "set s0=i" of the given term) and
    /// restarts it from there: the paper's figures start from such logs.
    /// </summary>
    private void RestoreLog(ScriptArgs args)
    {
        Peer peer = Peer(args.Int(0));
        SimStorage storage = peer.Board.Storage;
        storage.Term = args.Int("term", 0);
        storage.Vote = args.Int("vote", NodeId.None);
        storage.Commit = args.Int("commit", 0);
        storage.SnapshotIndex = 0;
        storage.Entries.Clear();
        int[] terms = args.Ints("entries");
        for (int i = 0; i < terms.Length; i++)
            storage.Entries.Add(new SimStorage.StoredEntry(i + 1, terms[i], EntryKind.Set, 0, 0, 0, i + 1));
        Restart(peer);
        LogTerms(peer);
    }

    private void Tick(ScriptArgs args)
    {
        Peer peer = Peer(args.Int(0));
        int ticks = args.Count > 1 ? args.Int(1) : 1;
        for (int t = 0; t < ticks; t++) peer.Node.Tick();
    }

    private void TickAll(ScriptArgs args)
    {
        int ticks = args.Count > 0 ? args.Int(0) : 1;
        for (int t = 0; t < ticks; t++)
            foreach (Peer peer in Live) peer.Node.Tick();
    }

    /// <summary>
    /// tick-election [ID...|all]: ticks the given nodes (every live one by default) together, one tick at a time,
    /// until a timer of one of them fires: an election or pre-vote starts, or CheckQuorum deposes a leader.
    /// </summary>
    private void TickElection(ScriptArgs args)
    {
        Peer[] ticking = args.IdsOr(Live.Select(p => p.Id)).Select(Peer).ToArray();
        int limit = 2 * ticking.Max(p => p.Node.Config.ElectionTicks) + 2;
        for (int ticks = 1; ticks <= limit; ticks++)
        {
            bool fired = false;
            foreach (Peer peer in ticking)
            {
                int before = TimerFirings(peer.Node);
                peer.Node.Tick();
                if (TimerFirings(peer.Node) == before) continue;
                Line("after " + ticks + " ticks: " + peer.Id + " is " + Roles.Name(peer.Node.Role) + " term=" + peer.Node.Term);
                fired = true;
            }

            if (fired) return;
        }

        Line("no timer fired in " + limit + " ticks");
    }

    private static int TimerFirings(RaftNode node) => node.Stats.PreVotesStarted + node.Stats.ElectionsStarted + node.Stats.QuorumLosses;

    private void Propose(ScriptArgs args)
    {
        Peer peer = Peer(args.Int(0));
        string kind = args.Word(1);
        int client = args.Int("client", 0);
        int seq = args.Int("seq", 0);
        ErrorCode result = kind switch
        {
            "set" => peer.Node.Propose(EntryKind.Set, args.Int(2), client, seq, args.Int(3)),
            "remove" => peer.Node.Propose(EntryKind.Remove, args.Int(2), client, seq, 0),
            "register" => peer.Node.Propose(EntryKind.Register, 0, 0, args.Int("nonce", 1), 0),
            _ => throw new InvalidOperationException("propose takes set SLOT VALUE, remove SLOT or register [nonce=N], not '" + kind + "'"),
        };
        Line(ErrorCodes.Name(result));
    }

    /// <summary>propose-fill ID FIRST LAST VALUE: proposes "set s{i}={VALUE + i}" for every slot i of FIRST..LAST.</summary>
    private void ProposeFill(ScriptArgs args)
    {
        Peer peer = Peer(args.Int(0));
        int first = args.Int(1);
        int value = args.Int(3);
        var results = Enumerable.Range(first, args.Int(2) - first + 1)
            .Select(slot => ErrorCodes.Name(peer.Node.Propose(EntryKind.Set, slot, 0, 0, value + slot)))
            .GroupBy(name => name)
            .Select(g => g.Key + " x" + g.Count());
        Line(string.Join(", ", results));
    }

    /// <summary>transfer-leadership ID target=N: asks node ID (a leader) to hand its leadership to N (§3.10).</summary>
    private void TransferLeadership(ScriptArgs args)
    {
        Peer peer = Peer(args.Int(0));
        Line(ErrorCodes.Name(peer.Node.TransferLeadership(args.Int("target", NodeId.None))));
    }

    private void ReadIndex(Peer peer)
    {
        int requestId = nextReadId++;
        Line("id=" + requestId + " " + ErrorCodes.Name(peer.Node.ReadIndex(requestId)));
    }

    private int nextReadId = 1;

    private void Crash(Peer peer)
    {
        peer.Down = true;
        air.RemoveAll(f => f.From == peer.Id || f.To == peer.Id);
    }

    /// <summary>Boots the node again from what its storage holds; everything volatile is gone.</summary>
    private void Restart(Peer peer)
    {
        air.RemoveAll(f => f.From == peer.Id || f.To == peer.Id);
        peer.Board.Crash();
        peer.Down = false;
        peer.ForgetShownState();
        // A node boots (takes up its restored commit index) on its first flush, the loop's first step; for a follower
        // it changes nothing else, so status shows the restored state at once.
        peer.Node.Flush();
    }

    /// <summary>Snapshots the database at the applied index and compacts the log up to it, as a board does when asked.</summary>
    private void Compact(Peer peer, string indent)
    {
        peer.Board.Compact();
        ShowCompacted(peer, indent);
    }

    private void ShowCompacted(Peer peer, string indent)
    {
        RaftLog log = peer.Node.Log;
        Line(indent + peer.Id + " compacted: snapshot " + log.SnapshotTerm + "/" + log.SnapshotIndex + " (" + peer.Node.SnapshotLength + " bytes)");
    }
}
