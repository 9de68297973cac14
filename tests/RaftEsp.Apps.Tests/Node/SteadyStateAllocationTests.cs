namespace RaftEsp.Apps.Tests;

/// <summary>The board loop allocates nothing once running: ticks, frames, persistence, applying, compaction, polls, commands.</summary>
public class SteadyStateAllocationTests
{
    [Fact]
    public void A_running_cluster_with_commands_and_polls_allocates_nothing()
    {
        var clock = new FakeClock { NowMillis = 1000 };
        var ether = new QueueEther();
        var apps = new NodeApp[5];
        for (int id = 0; id < 5; id++)
        {
            apps[id] = new NodeApp(AppCluster.Config(id, 5, 5), ether.Join(id), new FixedFlash(), clock, new FakeLed());
            Assert.Equal(ErrorCode.None, apps[id].Start());
        }

        QueueEther.Station client = ether.Join(AppCluster.CollectorId);
        var synced = new SyncedClient(client, AppCluster.CollectorId, new FixedFlash());
        FrameCodec codec = synced.Codec;
        byte[] frame = new byte[FrameLimits.MaxFrameBytes];
        byte[] rx = new byte[FrameLimits.MaxFrameBytes];
        var command = new ClientCommand { Kind = CommandKind.Register };
        int registered = 0; // the client id, once the register command is answered
        var poll = new StatusPoll();
        var result = new ClientResult();
        int results = 0;

        void Run(int millis)
        {
            for (int t = 0; t < millis; t++)
            {
                clock.NowMillis++;
                synced.Millisecond(clock.NowMillis);
                if (clock.NowMillis % 20 == 0 && registered == 0)
                {
                    command.RequestId++;
                    client.Send(0, frame, AppFrames.EncodeClientCommand(codec, frame, AppCluster.CollectorId, 0, command));
                }
                else if (clock.NowMillis % 20 == 0)
                {
                    command.RequestId++;
                    command.Client = registered;
                    command.Seq++;
                    command.Kind = command.Seq % 4 == 0 ? CommandKind.Get : CommandKind.Set;
                    command.Slot = command.Seq % 5;
                    command.Value = command.Kind == CommandKind.Set ? command.Seq * 1000 : 0;
                    client.Send(0, frame, AppFrames.EncodeClientCommand(codec, frame, AppCluster.CollectorId, 0, command));
                }

                if (clock.NowMillis % 50 == 0)
                {
                    poll.Sequence = (poll.Sequence + 1) & 0xFFFF;
                    int to = (int)(clock.NowMillis / 50 % 5);
                    client.Send(to, frame, AppFrames.EncodeStatusPoll(codec, frame, AppCluster.CollectorId, to, poll));
                }

                for (int i = 0; i < apps.Length; i++)
                {
                    for (int pass = 0; pass < 20 && apps[i].RunOnce() == 0; pass++)
                    {
                    }
                }

                int n;
                while ((n = client.Receive(rx)) > 0)
                {
                    if (synced.Handle(rx, n)) continue;
                    if (rx[3] == AppFrames.ClientResultType && AppFrames.DecodeClientResult(codec, rx, n, AppCluster.CollectorId, result) == FrameError.None && result.Status == CommandStatus.Ok)
                    {
                        if (result.Kind == CommandKind.Register) registered = result.Client;
                        else results++;
                    }
                }

                synced.SendDue();
            }
        }

        Run(5000); // elections, first compactions, every code path warmed up
        int snapshotBefore = apps[0].Node.Log.SnapshotIndex;
        int resultsBefore = results;
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(5000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(results - resultsBefore > 100, "results in the measured window: " + (results - resultsBefore));
        Assert.True(apps[0].Node.Log.SnapshotIndex > snapshotBefore, "the measured window should include compaction");
        Assert.Equal(0, allocated);
    }
}
