using System.CommandLine;
using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>
/// raftesp-sim: runs a virtual cluster in simulated time and prints what happens, so the core can be watched without
/// boards. A client writes through the server node (node 0); midway the leader crashes and later restarts.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var nodes = new Option<int>("--nodes") { Description = "boards in the cluster (3-9)", DefaultValueFactory = _ => 5 };
        var seed = new Option<ulong>("--seed") { Description = "root seed of every random choice", DefaultValueFactory = _ => 1 };
        var duration = new Option<double>("--duration") { Description = "simulated seconds", DefaultValueFactory = _ => 10 };
        var loss = new Option<double>("--loss") { Description = "radio loss per frame copy, 0-1", DefaultValueFactory = _ => 0.02 };
        var quiet = new Option<bool>("--quiet") { Description = "print the summary only" };
        var root = new RootCommand("RaftEsp virtual cluster: Raft nodes in simulated time on a lossy radio.") { nodes, seed, duration, loss, quiet };
        root.SetAction(result =>
        {
            int n = result.GetValue(nodes);
            if (n < 3 || n > 9)
            {
                Console.Error.WriteLine("--nodes must be 3 to 9");
                return 2;
            }

            double l = result.GetValue(loss);
            if (l < 0 || l >= 1)
            {
                Console.Error.WriteLine("--loss must be at least 0 and below 1");
                return 2;
            }

            return Run(n, result.GetValue(seed), result.GetValue(duration), l, result.GetValue(quiet));
        });
        return root.Parse(args).Invoke();
    }

    private static int Run(int size, ulong seed, double seconds, double loss, bool quiet)
    {
        string replay = "dotnet run --project tests/RaftEsp.Simulator -- --nodes " + size + " --seed " + seed + " --duration " + seconds + " --loss " + loss;
        var cluster = new VirtualCluster(size, seed, loss);
        long ticks = (long)(seconds * 1000 / VirtualCluster.TickMilliseconds);
        int lastLeader = NodeId.None;
        int crashed = NodeId.None;
        int seq = 0;
        int writes = 0;
        var leadersByTerm = new Dictionary<int, int>();
        void Say(string line)
        {
            if (!quiet) Console.WriteLine($"{cluster.Now * VirtualCluster.TickMilliseconds,7} ms  {line}");
        }

        Say($"{size} boards, seed {seed}, loss {loss:P0}; node 0 is the server node");
        for (long t = 0; t < ticks; t++)
        {
            cluster.Step();
            foreach (var b in cluster.Boards)
            {
                if (cluster.IsDown(b.Id) || b.Node.Role != Role.Leader) continue;
                if (leadersByTerm.TryGetValue(b.Node.Term, out int other) && other != b.Id)
                {
                    Console.Error.WriteLine($"VIOLATION: two leaders in term {b.Node.Term}: {other} and {b.Id}. Replay: {replay}");
                    return 1;
                }

                leadersByTerm[b.Node.Term] = b.Id;
            }

            int leader = cluster.Leader();
            if (leader != lastLeader && leader != NodeId.None) Say($"node {leader} leads term {cluster.Boards[leader].Node.Term}");
            lastLeader = leader;

            // Every 100 ms the client writes slot (seq mod slots) through the server node.
            var server = cluster.Boards[0];
            if (t % 10 == 0 && !cluster.IsDown(0) && server.Node.Propose(EntryKind.Set, seq % 5, 1, seq + 1, seq * 10) == ErrorCode.None)
            {
                seq++;
                writes++;
            }

            if (t == ticks / 3 && leader > 0)
            {
                crashed = leader;
                cluster.Crash(leader);
                Say($"node {leader} (the leader) crashes");
            }

            if (t == ticks / 2 && crashed != NodeId.None)
            {
                cluster.Restart(crashed);
                Say($"node {crashed} restarts from its flash");
                crashed = NodeId.None;
            }
        }

        // Let the cluster settle without new writes, then compare every board.
        for (int t = 0; t < 300; t++) cluster.Step();
        var reference = cluster.Boards[cluster.Leader() == NodeId.None ? 0 : cluster.Leader()];
        bool agree = true;
        foreach (var b in cluster.Boards)
        {
            Say($"node {b.Id}: {Roles.Name(b.Node.Role),-12} term {b.Node.Term,3} commit {b.Node.CommitIndex,5} db [{string.Join(", ", b.Values())}]");
            agree &= b.Values().SequenceEqual(reference.Values()) && b.Node.CommitIndex == reference.Node.CommitIndex;
        }

        long commits = reference.Node.CommitIndex;
        Console.WriteLine($"summary: boards {size}, seed {seed}, leaders {leadersByTerm.Count}, writes accepted {writes}, commit index {commits}, " +
                          $"frames {cluster.FramesSent}, bytes {cluster.BytesSent}, frames/commit {(commits == 0 ? 0 : (double)cluster.FramesSent / commits):F1}, " +
                          $"agreement {(agree ? "yes" : "NO")}");
        if (!agree)
        {
            Console.Error.WriteLine("VIOLATION: boards disagree after settling. Replay: " + replay);
            return 1;
        }

        return 0;
    }
}
