namespace RaftEsp.Apps.Tests;

/// <summary>
/// Clients that behave as the protocol asks (one write outstanding, retry with the same seq until answered) on a
/// lossy radio with a crashing server node: every write applies exactly once. Each client owns one slot and writes
/// 1, 2, 3, ... to it; a set answers the slot's previous value, so the answers form a chain that any double
/// application (a retry applied again after a later write) or lost write would break.
/// </summary>
public class LossyClusterTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Retried_writes_apply_exactly_once_under_loss_and_crashes(int seed)
    {
        var cluster = new AppCluster(etherSeed: seed);
        Assert.True(cluster.RunUntil(cluster.Settled, 10000), "seed " + seed);
        const int clients = 3;
        int[] ids = [cluster.Register(901), cluster.Register(902), cluster.Register(903)];
        cluster.Ether.Loss = 0.1;
        int seen = cluster.Results.Count;
        int[] next = [1, 1, 1];
        int[] request = new int[clients];
        long[] sentAt = new long[clients];
        var answers = new List<int>[clients];
        for (int c = 0; c < clients; c++) answers[c] = new List<int>();
        int requestIds = 0;

        void Send(int c)
        {
            request[c] = ++requestIds;
            sentAt[c] = cluster.Clock.NowMillis;
            cluster.SendCommand(new ClientCommand { RequestId = request[c], Client = ids[c], Seq = next[c], Kind = CommandKind.Set, Slot = c, Value = next[c] });
        }

        for (int c = 0; c < clients; c++) Send(c);
        for (int t = 0; t < 30000; t++)
        {
            if (t == 8000) cluster.Crash(AppCluster.ServerId);
            if (t == 9500) cluster.Boot(AppCluster.ServerId);
            cluster.Run(1);
            for (; seen < cluster.Results.Count; seen++)
            {
                ClientResult r = cluster.Results[seen];
                int c = Array.IndexOf(ids, r.Client);
                if (c < 0) continue; // a register's answer
                if (r.RequestId != request[c]) continue; // an answer to an attempt given up on
                if (r.Status == CommandStatus.Ok)
                {
                    answers[c].Add(r.Value);
                    next[c]++;
                }

                Send(c); // the next write, or a retry of the refused one with the same seq
            }

            for (int c = 0; c < clients; c++)
            {
                if (cluster.Clock.NowMillis - sentAt[c] > 1500) Send(c); // no answer: retry, same seq, new request id
            }
        }

        for (int c = 0; c < clients; c++)
        {
            Assert.True(answers[c].Count > 20, "seed " + seed + ": client " + (c + 1) + " completed only " + answers[c].Count);
            // The k-th acknowledged write (value k) found the value k-1 in its slot: no write lost, none applied twice.
            Assert.Equal(Enumerable.Range(0, answers[c].Count), answers[c]);
        }

        cluster.Run(2000);
        for (int c = 0; c < clients; c++)
        {
            int expected = next[c] - 1;
            Assert.All(cluster.Apps, app => { app.Database.Read(c, out int v); Assert.True(v == expected || v == expected + 1, "slot " + c + " holds " + v); });
        }
    }
}
