using RaftEsp.Core.Tests.Raft.Harness;

namespace RaftEsp.Core.Tests.Raft;

/// <summary>Bad frames fed to a running node: never an exception, never a state change.</summary>
public class NodeFuzzTests
{
    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("RAFTESP_FUZZ_SEED"), out int s) ? s : 20261122;

    [Fact]
    public void A_node_rejects_mutated_frames_without_any_state_change()
    {
        int seed = Seed;
        string replay = "seed " + seed + "; replay: RAFTESP_FUZZ_SEED=" + seed +
                        " dotnet test --filter " + nameof(A_node_rejects_mutated_frames_without_any_state_change);
        var c = new TestCluster(3);
        c.Elect(1);
        for (int i = 0; i < 10; i++) c.Set(1, i % 5, i, client: 1, seq: i + 1);
        c.TickAll();
        c.Stabilize();
        var samples = c.History.Select(f => f.Bytes).ToList();
        c.TickAll();
        c.Stabilize();
        samples.AddRange(c.History.Select(f => f.Bytes));
        RaftNode target = c.Node(2);
        var codec = new FrameCodec(1, TestCluster.Key);
        var random = new Random(seed);
        int rejected = 0;
        for (int i = 0; i < 30_000; i++)
        {
            byte[] frame = samples[random.Next(samples.Count)].ToArray();
            int length = frame.Length;
            switch (random.Next(4))
            {
                case 0: frame[random.Next(length)] ^= (byte)(1 << random.Next(8)); break;
                case 1: length = random.Next(length); break;
                case 2: random.NextBytes(frame); break;
                default:
                    // Re-seal a mutated body so the decoder's field checks, not only the tag, are exercised.
                    frame[FrameLimits.HeaderBytes + random.Next(Math.Max(1, length - FrameLimits.HeaderBytes - FrameLimits.TagBytes))] = (byte)random.Next(256);
                    frame[4] = 3; // from node 3, a member
                    codec.SealFrame(frame, length - FrameLimits.TagBytes);
                    break;
            }

            string before = Fingerprint(target);
            FrameError error;
            try
            {
                error = target.Step(frame, length);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException("Step threw on frame " + Convert.ToHexString(frame, 0, length) + " (" + replay + "): " + e);
            }

            if (error != FrameError.None)
            {
                rejected++;
                Assert.True(before == Fingerprint(target), "a rejected frame (" + error + ") changed state; frame " + Convert.ToHexString(frame, 0, length) + "; " + replay);
            }

            while (target.HasReady)
            {
                target.GetReady();
                target.Advance();
            }
        }

        Assert.True(rejected > 20_000, "most mutations must be rejected (" + rejected + "); " + replay);
    }

    private static string Fingerprint(RaftNode n)
    {
        var log = n.Log;
        var terms = string.Join(",", Enumerable.Range(log.FirstIndex, log.Count).Select(i => log.TermAt(i) + ":" + log.ValueAt(i)));
        return string.Join("|", n.Role, n.Term, n.Vote, n.Leader, n.CommitIndex, log.LastIndex, log.SnapshotIndex, terms);
    }
}
