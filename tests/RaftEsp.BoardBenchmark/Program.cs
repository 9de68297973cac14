using RaftEsp.Core;
using RaftEsp.DeviceTests.Harness;

namespace RaftEsp.BoardBenchmark
{
    /// <summary>
    /// What one board pays for Raft: the frame path, a heartbeat round, applying commands, and the memory a node holds.
    /// The same source runs on a board (nanoFramework interpreter) and on the host (tests/RaftEsp.BoardBenchmark.Host),
    /// so the two sets of figures give the interpreter's cost directly. docs/performance.md records them.
    /// </summary>
    public static class Program
    {
        public static void Main()
        {
#if NANOFRAMEWORK_1_0
            BenchOutput.Line("RaftEsp board benchmark (nanoFramework)");
#else
            BenchOutput.Line("RaftEsp board benchmark (host .NET)");
#endif
            BenchOutput.Line("clock: " + BenchClock.Source + "; memory: " + BenchMemory.Source);
            Figures figures = new Figures();
            // The frame's shape comes from the wire format in use, so the labels stay true when it changes.
            string full = FrameLimits.MaxEntriesPerAppend + " entries, " + figures.FullFrameLength + " B";
            Report("decode+verify full AppendEntries (" + full + ")", new Operation(figures.DecodeFullAppend));
            Report("step full AppendEntries on a follower (verify, decode, Raft, Ready, ack encoded and tagged)", new Operation(figures.StepFullAppend));
            Report("encode+tag full AppendEntries", new Operation(figures.EncodeFullAppend));
            string ack = "AppendResponse (" + figures.AckFrameLength + " B)";
            Report("decode+verify an " + ack, new Operation(figures.DecodeAck));
            Report("encode+tag an " + ack, new Operation(figures.EncodeAck));
            Report("SipHash-2-4 tag of a " + (figures.FullFrameLength - FrameLimits.TagBytes) + "-byte frame body", new Operation(figures.TagFullFrame));
            Report("heartbeat round, 5-node leader (ticks, broadcast, 4 acks)", new Operation(figures.HeartbeatRound));
            Report("apply 1,000 committed set entries", new Operation(figures.Apply1000Sets));
            try
            {
                ReportNodeMemory();
            }
            catch (System.Exception e)
            {
                // The figure is a nicety; "done" must still come, so a board run shows it finished.
                BenchOutput.Line("memory of one node: not measured (" + e.Message + ")");
            }

            BenchOutput.Line("done");
        }

        private static void Report(string what, Operation operation)
        {
            long nanos = Timed.NanosPerCall(operation, out int calls);
            BenchOutput.Line(what + ": " + Timed.Micros(nanos) + " per op (" + calls + " ops)");
        }

        // A 5-member node with the default configuration plus its database: what one board keeps for Raft.
        private static void ReportNodeMemory()
        {
            Config config = new Config();
            config.NodeId = 0;
            config.Members = new byte[] { 0, 1, 2, 3, 4 };
            // Twice before: the first collection settles what the figures above left behind.
            BenchMemory.LiveBytes();
            long liveBefore = BenchMemory.LiveBytes();
            long allocatedBefore = BenchMemory.AllocatedBytes();
            RaftNode node = new RaftNode(config);
            Database database = new Database(config.DatabaseSlots, config.ClientSessions);
            long allocated = BenchMemory.AllocatedBytes() - allocatedBefore;
            long live = BenchMemory.LiveBytes() - liveBefore;
            string line = "memory of one node (RaftNode + Database, 5 members, log 128): " + live + " B live";
            if (allocatedBefore >= 0) line += ", " + allocated + " B allocated";
            BenchOutput.Line(line);
            // Keeps both alive until after the second measurement.
            if (node.Id != 0 || database.SlotCount != config.DatabaseSlots) BenchOutput.Line("unexpected node shape");
        }
    }
}
