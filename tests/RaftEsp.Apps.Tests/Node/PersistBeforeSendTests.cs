namespace RaftEsp.Apps.Tests;

/// <summary>
/// Every acknowledgement and vote a board sends must be backed by its flash at the instant it leaves: a power cut
/// right after the send must not let the board forget what it vouched for. Checked by loading a copy of the flash,
/// taken at each such send, into a fresh node.
/// </summary>
public class PersistBeforeSendTests
{
    /// <summary>A radio that checks each frame against the board's flash before passing it on.</summary>
    private sealed class CheckingRadio(IRadio inner, MemoryFlash flash, BoardConfig config) : IRadio
    {
        public int Checked { get; private set; }

        public bool Send(int to, byte[] frame, int length)
        {
            var type = (MessageType)frame[3];
            bool granted = (type == MessageType.VoteResponse || type == MessageType.VoteRequest) && (type == MessageType.VoteRequest || frame[FrameLimits.HeaderBytes] == 0);
            bool acked = type == MessageType.AppendResponse && frame[FrameLimits.HeaderBytes] == 0;
            if (granted || acked)
            {
                RaftEsp.Core.Config raft = config.ToRaftConfig();
                var node = new RaftNode(raft);
                var database = new RaftEsp.Core.Database(raft.DatabaseSlots, raft.ClientSessions);
                Assert.Equal(ErrorCode.None, new BoardStore(flash.Clone(), raft, NodeApp.MaxLogFileBytes).Load(node, database));
                int term = Bytes.ReadI32(frame, 6);
                Assert.True(node.Term >= term, "sent a frame of term " + term + " with term " + node.Term + " on flash");
                if (type == MessageType.VoteResponse) Assert.Equal(to, node.Vote);
                if (type == MessageType.VoteRequest) Assert.Equal(config.NodeId, node.Vote);
                if (acked)
                {
                    int index = Bytes.ReadI32(frame, FrameLimits.HeaderBytes + 1);
                    Assert.True(node.Log.LastIndex >= index, "acknowledged index " + index + " with " + node.Log.LastIndex + " on flash");
                }

                Checked++;
            }

            return inner.Send(to, frame, length);
        }

        public int Receive(byte[] buffer) => inner.Receive(buffer);

        public int Unsent => inner.Unsent;
        public long LastReceivedMicros => inner.LastReceivedMicros;
    }

    [Fact]
    public void Votes_and_acknowledgements_leave_only_once_their_state_is_on_flash()
    {
        var clock = new FakeClock { NowMillis = 1000 };
        var ether = new FakeEther(3) { Loss = 0.05 };
        var apps = new NodeApp[5];
        var radios = new CheckingRadio[5];
        for (int id = 0; id < 5; id++)
        {
            BoardConfig config = AppCluster.Config(id, 5, 5);
            var flash = new MemoryFlash();
            radios[id] = new CheckingRadio(ether.Join(id), flash, config);
            apps[id] = new NodeApp(config, radios[id], flash, clock, new FakeLed());
            Assert.Equal(ErrorCode.None, apps[id].Start());
        }

        var client = ether.Join(AppCluster.CollectorId);
        var synced = new SyncedClient(client, AppCluster.CollectorId);
        FrameCodec codec = synced.Codec;
        byte[] frame = new byte[FrameLimits.MaxFrameBytes];
        byte[] rx = new byte[FrameLimits.MaxFrameBytes];
        var result = new ClientResult();
        int registered = 0;
        for (int t = 0; t < 8000; t++)
        {
            clock.NowMillis++;
            synced.Millisecond(clock.NowMillis);
            for (int n; (n = client.Receive(rx)) > 0;)
            {
                if (synced.Handle(rx, n)) continue;
                if (rx[3] == AppFrames.ClientResultType && AppFrames.DecodeClientResult(codec, rx, n, AppCluster.CollectorId, result) == FrameError.None
                    && result.Kind == CommandKind.Register && result.Status == CommandStatus.Ok) registered = result.Client;
            }

            synced.SendDue();
            if (t % 40 == 0)
            {
                // Register first (retried until answered), then write with the client id the answer carries.
                var command = registered == 0
                    ? new ClientCommand { RequestId = t, Kind = CommandKind.Register }
                    : new ClientCommand { RequestId = t, Client = registered, Seq = t / 40 + 1, Kind = CommandKind.Set, Slot = t % 5, Value = t };
                client.Send(0, frame, AppFrames.EncodeClientCommand(codec, frame, AppCluster.CollectorId, 0, command));
            }

            foreach (NodeApp app in apps)
            {
                for (int pass = 0; pass < 20 && app.RunOnce() == 0; pass++)
                {
                }
            }
        }

        Assert.True(radios.Sum(r => r.Checked) > 500, "checked sends: " + radios.Sum(r => r.Checked));
        Assert.True(apps[0].Database.AppliedIndex > 100);
    }
}
