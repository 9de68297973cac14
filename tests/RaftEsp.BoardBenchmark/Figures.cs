using RaftEsp.Core;
using RaftEsp.DeviceTests.Harness;

namespace RaftEsp.BoardBenchmark
{
    /// <summary>The measured operations and the state they run on, built once.</summary>
    public sealed class Figures
    {
        private readonly FrameCodec codec = new FrameCodec(1, NanoCluster.Key);
        private readonly Message full = new Message();
        private readonly Message decoded = new Message();
        private readonly byte[] frame = new byte[FrameLimits.MaxFrameBytes];
        private readonly int frameLength;
        private readonly Message ack = new Message();
        private readonly byte[] ackFrame = new byte[FrameLimits.MaxFrameBytes];
        private readonly int ackLength;
        private readonly ulong k0 = SipHash24.KeyHalf(NanoCluster.Key, 0);
        private readonly ulong k1 = SipHash24.KeyHalf(NanoCluster.Key, 1);
        private readonly NanoCluster cluster = new NanoCluster(5, 5, 48);
        private readonly RaftNode follower;
        private readonly int followerId;
        private readonly byte[][] followerFrames = new byte[][] { new byte[FrameLimits.MaxFrameBytes], new byte[FrameLimits.MaxFrameBytes] };
        private readonly int[] followerFrameLengths = new int[2];
        private int nextFollowerFrame;
        private readonly Database database = new Database(5, 16);
        private readonly ApplyResult result = new ApplyResult();

        public Figures()
        {
            full.Reset();
            full.Type = MessageType.AppendEntries;
            full.From = 1;
            full.To = NodeId.Broadcast;
            full.Term = 7;
            full.Index = 1000;
            full.LogTerm = 7;
            full.Commit = 990;
            full.Round = 55;
            full.EntriesTerm = 7;
            full.EntryCount = FrameLimits.MaxEntriesPerAppend;
            for (int i = 0; i < full.EntryCount; i++) full.SetEntry(i, EntryKind.Set, i % 5, 1, i, 1000000 + i);
            frameLength = codec.Encode(full, frame);

            // The smallest common frame, a follower's acknowledgement: with the full frame it splits a frame's cost
            // into a fixed part and a part per byte (the simulator's board model, docs/radio-model.md).
            ack.Reset();
            ack.Type = MessageType.AppendResponse;
            ack.From = 2;
            ack.To = 1;
            ack.Term = 7;
            ack.Index = 1015;
            ack.Round = 55;
            ackLength = codec.Encode(ack, ackFrame);

            int leader = cluster.RunUntilStableLeader(1000);
            if (leader < 0) throw new System.InvalidOperationException("the benchmark cluster elected no leader");
            cluster.Run(50);
            // A full frame from the leader that matches the follower's log: after the first time its entries are
            // already there and are checked and skipped. Two copies in two heartbeat rounds, stepped in turn: a
            // follower does not answer an acceptance that repeats its last one (same index and round), so each step
            // is answered, as a broadcast of a new round is, and the figure includes encoding and tagging the answer.
            followerId = (leader + 1) % 5;
            follower = cluster.Node(followerId);
            Message m = new Message();
            m.Reset();
            m.Type = MessageType.AppendEntries;
            m.From = leader;
            m.To = NodeId.Broadcast;
            m.Term = cluster.Node(leader).Term;
            m.Index = follower.Log.LastIndex;
            m.LogTerm = follower.Log.LastTerm;
            m.Commit = follower.CommitIndex;
            m.EntriesTerm = m.Term;
            m.EntryCount = FrameLimits.MaxEntriesPerAppend;
            for (int i = 0; i < m.EntryCount; i++) m.SetEntry(i, EntryKind.Set, i % 5, 2, i, i);
            for (int k = 0; k < 2; k++)
            {
                m.Round = 1000 + k;
                followerFrameLengths[k] = follower.Codec.Encode(m, followerFrames[k]);
            }
        }

        /// <summary>Bytes of the full AppendEntries frame the frame figures use (header, entries, tag).</summary>
        public int FullFrameLength => frameLength;

        /// <summary>Bytes of the acknowledgement frame (an AppendResponse) the small-frame figures use.</summary>
        public int AckFrameLength => ackLength;

        public void DecodeFullAppend() => codec.Decode(frame, frameLength, 2, decoded);

        public void DecodeAck() => codec.Decode(ackFrame, ackLength, 1, decoded);

        public void EncodeAck() => codec.Encode(ack, ackFrame);

        public void EncodeFullAppend() => codec.Encode(full, frame);

        public void TagFullFrame() => SipHash24.Compute(k0, k1, frame, 0, frameLength - FrameLimits.TagBytes);

        public void StepFullAppend()
        {
            int k = nextFollowerFrame;
            nextFollowerFrame = 1 - k;
            follower.Step(followerFrames[k], followerFrameLengths[k]);
            cluster.Drain(followerId);
        }

        public void HeartbeatRound() => cluster.Run(1);

        public void Apply1000Sets()
        {
            int start = database.AppliedIndex;
            for (int i = 1; i <= 1000; i++) database.Apply(start + i, EntryKind.Set, i % 5, 0, 0, i, result);
        }
    }
}
