using nanoFramework.TestFramework;
using RaftEsp.Core;
using RaftEsp.DeviceTests.Harness;

namespace RaftEsp.DeviceTests.Wire
{
    /// <summary>Frame codec: every type round trips, sizes stay within the 250-byte payload, bad frames are refused with their reason.</summary>
    [TestClass]
    public class FrameCodecTests
    {
        private static FrameCodec codec = new FrameCodec(7, NanoCluster.Key);
        private static byte[] frame = new byte[FrameLimits.MaxFrameBytes];

        [Setup]
        public static void Prepare()
        {
            codec = new FrameCodec(7, NanoCluster.Key);
            frame = new byte[FrameLimits.MaxFrameBytes];
        }

        [TestMethod]
        [DataRow(1)]
        [DataRow(2)]
        [DataRow(3)]
        [DataRow(4)]
        [DataRow(5)]
        [DataRow(6)]
        [DataRow(7)]
        [DataRow(8)]
        [DataRow(9)]
        [DataRow(10)]
        [DataRow(11)]
        [DataRow(12)]
        public static void Type_round_trips(int type)
        {
            Message sent = Messages.Sample((MessageType)type);
            int length = codec.Encode(sent, frame);
            Assert.IsTrue(length >= FrameLimits.HeaderBytes + FrameLimits.TagBytes && length <= FrameLimits.MaxFrameBytes, "length " + length);
            Message received = new Message();
            Assert.AreEqual((int)FrameError.None, (int)codec.Decode(frame, length, 2, received));
            Assert.AreEqual(Messages.Describe(sent), Messages.Describe(received));
        }

        [TestMethod]
        public static void A_full_append_carries_the_most_set_commands_that_fit()
        {
            int n = FrameLimits.MaxEntriesPerAppend;
            int full = FrameLimits.HeaderBytes + FrameLimits.AppendFixedBytes + n * FrameLimits.MaxEntryBytes + FrameLimits.TagBytes;
            Assert.IsTrue(full <= FrameLimits.MaxFrameBytes && full + FrameLimits.MaxEntryBytes > FrameLimits.MaxFrameBytes, "the capacity is not the most that fits");
            Assert.AreEqual(full, codec.Encode(Messages.FullAppend(n), frame));
            Assert.AreEqual(0, codec.Encode(Messages.FullAppend(n + 1), new byte[400]));
        }

        [TestMethod]
        public static void A_full_snapshot_chunk_is_exactly_250_bytes()
        {
            Message m = Messages.Sample(MessageType.SnapshotChunk);
            m.TotalLength = FrameLimits.MaxSnapshotBytes;
            m.Offset = FrameLimits.MaxSnapshotBytes - FrameLimits.MaxSnapshotChunkData;
            m.DataLength = FrameLimits.MaxSnapshotChunkData;
            Assert.AreEqual(FrameLimits.MaxFrameBytes, codec.Encode(m, frame));
            m.DataLength = FrameLimits.MaxSnapshotChunkData + 1;
            Assert.AreEqual(0, codec.Encode(m, new byte[400]));
        }

        [TestMethod]
        public static void A_heartbeat_matches_docs_wire_format()
        {
            Message m = new Message();
            m.Reset();
            m.Type = MessageType.AppendEntries;
            m.From = 1;
            m.To = NodeId.Broadcast;
            m.Term = 3;
            m.Index = 41;
            m.LogTerm = 3;
            m.Commit = 41;
            m.Round = 17;
            m.EntriesTerm = 0;
            FrameCodec sealer = new FrameCodec(1, NanoCluster.Key);
            Assert.IsTrue(sealer.Sequencer.Start(4), "epoch 4");
            for (int i = 0; i < 41; i++) Assert.IsTrue(sealer.Sequencer.Stamp(new byte[FrameLimits.MaxFrameBytes]), "earlier frame");
            int length = sealer.Encode(m, frame);
            Assert.AreEqual(FrameLimits.HeaderBytes + FrameLimits.AppendFixedBytes + FrameLimits.TagBytes, length);
            Assert.AreEqual("0201000501ff0300000004002a000000290000000300000029000000110000000000000000", Hex.Of(frame, 0, length - FrameLimits.TagBytes));
            Assert.AreEqual("631b96076f03ab3b", Hex.Of(frame, length - FrameLimits.TagBytes, FrameLimits.TagBytes));
        }

        [TestMethod]
        public static void Each_drop_reason_is_reported()
        {
            Message vote = Messages.Sample(MessageType.VoteRequest);
            int length = codec.Encode(vote, frame);
            Message m = new Message();
            Assert.AreEqual((int)FrameError.TooShort, (int)codec.Decode(frame, FrameLimits.HeaderBytes + FrameLimits.TagBytes - 1, 2, m));
            Assert.AreEqual((int)FrameError.TooLong, (int)codec.Decode(new byte[251], 251, 2, m));
            Assert.AreEqual((int)FrameError.NotForMe, (int)codec.Decode(frame, length, 3, m));
            Assert.AreEqual((int)FrameError.FromSelf, (int)codec.Decode(Altered(length, 5, NodeId.Broadcast), length, 1, m));
            Assert.AreEqual((int)FrameError.BadVersion, (int)codec.Decode(Altered(length, 0, 1), length, 2, m));
            Assert.AreEqual((int)FrameError.WrongCluster, (int)new FrameCodec(8, NanoCluster.Key).Decode(frame, length, 2, m));
            Assert.AreEqual((int)FrameError.BadTag, (int)codec.Decode(Altered(length, 12, frame[12] ^ 1), length, 2, m));
            Assert.AreEqual((int)FrameError.BadTag, (int)codec.Decode(Altered(length, length - 1, frame[length - 1] ^ 0x80), length, 2, m));
            byte[] otherKey = new byte[16];
            Assert.AreEqual((int)FrameError.BadTag, (int)new FrameCodec(7, otherKey).Decode(frame, length, 2, m));
        }

        [TestMethod]
        public static void A_well_tagged_frame_with_a_bad_body_is_refused()
        {
            // Sealed with the right key, so only the body checks can catch these.
            byte[] f = new byte[FrameLimits.MaxFrameBytes];
            int o = codec.WriteHeader(f, 40, 1, 2, 5);
            int length = codec.SealFrame(f, o);
            Message m = new Message();
            Assert.AreEqual((int)FrameError.UnknownType, (int)codec.Decode(f, length, 2, m));

            o = codec.WriteHeader(f, (int)MessageType.VoteRequest, 1, 2, 5);
            length = codec.SealFrame(f, o + 7);
            Assert.AreEqual((int)FrameError.BadLength, (int)codec.Decode(f, length, 2, m));

            o = codec.WriteHeader(f, (int)MessageType.VoteResponse, 1, 2, 5);
            f[o] = 0x02;
            length = codec.SealFrame(f, o + 1);
            Assert.AreEqual((int)FrameError.BadField, (int)codec.Decode(f, length, 2, m));
        }

        [TestMethod]
        public static void A_forged_frame_changes_nothing_on_a_node()
        {
            Config config = new Config();
            config.NodeId = 2;
            config.Members = new byte[] { 1, 2, 3 };
            config.ClusterId = 7;
            config.ClusterKey = NanoCluster.Key;
            RaftNode node = new RaftNode(config);
            Message vote = Messages.Sample(MessageType.VoteRequest);
            vote.To = 2;
            int length = codec.Encode(vote, frame);
            frame[length - 1] ^= 1;
            Assert.AreEqual((int)FrameError.BadTag, (int)node.Step(frame, length));
            Assert.AreEqual(0, node.Term);
            Assert.AreEqual(NodeId.None, node.Vote);
            Assert.AreEqual(1, node.Drops.Get(FrameError.BadTag));
            Assert.AreEqual((int)FrameError.TooShort, (int)node.Step(null!, 0));
        }

        private static byte[] Altered(int length, int at, int value)
        {
            byte[] copy = new byte[FrameLimits.MaxFrameBytes];
            System.Array.Copy(frame, copy, length);
            copy[at] = (byte)value;
            return copy;
        }
    }
}
