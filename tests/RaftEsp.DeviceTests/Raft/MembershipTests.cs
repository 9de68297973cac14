using nanoFramework.TestFramework;
using RaftEsp.Core;
using RaftEsp.DeviceTests.Harness;

namespace RaftEsp.DeviceTests.Raft
{
    /// <summary>
    /// Membership changes one board at a time (Ongaro's dissertation §4.1) on real nodes driven only by Tick and Step:
    /// a board joins as a learner and is promoted once caught up (§4.2.1), a founder leaves, a leader asked to remove
    /// itself hands over first (§4.2.2, §3.10), and a leader refuses a second change while one is pending, or one the
    /// configuration cannot take, changing nothing.
    /// </summary>
    [TestClass]
    public class MembershipTests
    {
        private static readonly byte[] Founders = new byte[] { 0, 1, 2 };
        private static readonly byte[] FoundersAndBoard3 = new byte[] { 0, 1, 2, 3 };
        private static readonly byte[] NoLearners = new byte[0];

        [TestMethod]
        public static void A_board_joins_is_promoted_and_a_founder_leaves_while_commands_commit()
        {
            NanoCluster cluster = new NanoCluster(3, 1, 5, 48);
            int leader = cluster.RunUntilStableLeader(300);
            Assert.IsTrue(leader >= 0, "no leader");
            for (int i = 0; i < 10; i++) AssertAccepted(cluster.Set(leader, i % 5, i));

            cluster.BringUp(3);
            Assert.IsFalse(cluster.Node(3).Promotable, "a joiner must not campaign before it is added");
            AssertAccepted(cluster.ProposeChange(EntryKind.AddLearner, 3, 50));
            leader = cluster.CurrentLeader();
            // §4.1: the leader acts on the new configuration as soon as the entry is in its log, committed or not.
            Assert.IsTrue(cluster.Node(leader).Learners.Contains(3), "board 3 is not a learner on the leader");
            Assert.AreEqual(3, cluster.Node(leader).Voters.Count);

            Assert.IsTrue(WriteUntilMembersHold(cluster, FoundersAndBoard3, NoLearners, 300) > 0, "board 3 was not promoted" + cluster.DescribeMembership());
            leader = cluster.CurrentLeader();
            Assert.AreEqual(1, cluster.Node(leader).Stats.LearnersPromoted);
            Assert.IsTrue(cluster.Node(3).Promotable, "the promoted board is no voter in its own configuration");
            Assert.IsTrue(cluster.RunUntilApplied(cluster.Node(leader).Log.LastIndex, 100), "not applied everywhere");
            Assert.IsTrue(cluster.DatabasesAgree(leader), "board 3's database differs");

            // Four voters need three: with one founder and board 3 down, the leader and the other founder (a majority
            // of the three founders) commit nothing...
            Assert.IsTrue(leader < 3, "board 3 leads although nothing failed since it joined");
            byte[] others = Without(Founders, leader);
            cluster.TakeDown(others[0]);
            cluster.TakeDown(3);
            int committed = cluster.Node(leader).CommitIndex;
            AssertAccepted(cluster.Set(leader, 0, 4242));
            cluster.Run(30);
            Assert.AreEqual(committed, cluster.Node(leader).CommitIndex);
            Assert.AreEqual(committed, cluster.Node(others[1]).CommitIndex);
            // ...and with board 3 back, its vote and acknowledgement make the third of four.
            cluster.BringUp(3);
            Assert.IsTrue(cluster.RunUntilStableLeader(300) >= 0, "no leader among three of four voters");
            leader = cluster.CurrentLeader();
            AssertAccepted(cluster.Set(leader, 1, 4343));
            Assert.IsTrue(cluster.RunUntilApplied(cluster.Node(leader).Log.LastIndex, 100), "three of four voters did not commit");
            cluster.BringUp(others[0]);
            Assert.IsTrue(cluster.RunUntilApplied(cluster.Node(leader).Log.LastIndex, 100), "the returning founder did not catch up");

            // A founder that is not the leader leaves; the removed board is then powered off.
            int leaving = leader == 0 ? 1 : 0;
            AssertAccepted(cluster.ProposeChange(EntryKind.RemoveNode, leaving, 50));
            byte[] remaining = Without(FoundersAndBoard3, leaving);
            Assert.IsTrue(WriteUntilMembersHold(cluster, remaining, NoLearners, 300) >= 0, "the founder was not removed" + cluster.DescribeMembership());
            cluster.TakeDown(leaving);
            leader = cluster.CurrentLeader();
            for (int i = 0; i < 10; i++) AssertAccepted(cluster.Set(leader, i % 5, 9000 + i));
            Assert.IsTrue(cluster.RunUntilApplied(cluster.Node(leader).Log.LastIndex, 100), "three voters did not commit");
            Assert.IsTrue(cluster.DatabasesAgree(leader), "databases differ after the removal");
            cluster.DatabaseOf(3).Read(4, out int value);
            Assert.AreEqual(9009, value);
            Assert.IsTrue(cluster.MembersHold(remaining, NoLearners), "the configuration changed again");
        }

        [TestMethod]
        public static void A_learner_behind_the_compacted_log_gets_a_snapshot_before_it_is_promoted()
        {
            // 64 slots of large values and compaction every 16 entries: the leader's log no longer holds the start,
            // and its snapshot needs more than one chunk.
            NanoCluster cluster = new NanoCluster(3, 1, 64, 16);
            int leader = cluster.RunUntilStableLeader(300);
            Assert.IsTrue(leader >= 0, "no leader");
            for (int slot = 0; slot < 64; slot++) AssertAccepted(cluster.Set(leader, slot, 1000000000 + slot));
            Assert.IsTrue(cluster.RunUntilApplied(cluster.Node(leader).Log.LastIndex, 100), "not applied");
            Assert.IsTrue(cluster.Node(leader).Log.SnapshotIndex > 0, "the leader never compacted");
            Assert.IsTrue(cluster.Node(leader).SnapshotLength > FrameLimits.MaxSnapshotChunkData, "snapshot fits one chunk");

            // One hop per tick: the snapshot takes several ticks, during which the learner answers the leader (it is
            // in touch) but does not hold the log yet, so a leader that promoted on contact alone would do it here.
            cluster.HopsPerTick = 1;
            cluster.BringUp(3);
            AssertAccepted(cluster.ProposeChange(EntryKind.AddLearner, 3, 50));
            bool promoted = false;
            int learnerTicks = 0;
            for (int t = 0; t < 400 && !promoted; t++)
            {
                leader = cluster.CurrentLeader();
                // §4.2.1: a learner is promoted only once caught up, so never before its snapshot is in.
                if (cluster.Node(leader).Voters.Contains(3)) Assert.IsTrue(cluster.Node(3).Stats.SnapshotsInstalled >= 1, "promoted before catching up");
                else learnerTicks++;
                AssertAccepted(cluster.Set(leader, t % 64, -t));
                cluster.Run(1);
                promoted = cluster.MembersHold(FoundersAndBoard3, NoLearners);
            }

            Assert.IsTrue(promoted, "board 3 was not promoted" + cluster.DescribeMembership());
            Assert.IsTrue(learnerTicks > 3, "the snapshot took " + learnerTicks + " ticks: too few to tell");
            cluster.HopsPerTick = 8;
            Assert.AreEqual(1, cluster.Node(3).Stats.SnapshotsInstalled);
            Assert.IsTrue(cluster.RunUntilApplied(cluster.Node(leader).Log.LastIndex, 100), "not applied everywhere");
            Assert.IsTrue(cluster.DatabasesAgree(leader), "board 3's database differs");
            cluster.DatabaseOf(3).Read(63, out int value);
            Assert.AreEqual(1000000063, value);

            // Board 3 compacts its own log in turn: its snapshot's head is the configuration in force, itself a voter.
            int installedAt = cluster.Node(3).Log.SnapshotIndex;
            for (int i = 0; i < 40; i++) AssertAccepted(cluster.Set(leader, i, 7 * i));
            Assert.IsTrue(cluster.RunUntilApplied(cluster.Node(leader).Log.LastIndex, 100), "not applied everywhere");
            RaftNode board = cluster.Node(3);
            Assert.IsTrue(board.Log.SnapshotIndex > installedAt, "board 3 never compacted after joining");
            byte[] snapshot = board.SnapshotData;
            Assert.AreEqual(6, RaftNode.SnapshotStateOffset(snapshot, 0, board.SnapshotLength));
            Assert.AreEqual(4, (int)snapshot[0]);
            Assert.AreEqual(0, (int)snapshot[1]);
            bool listed = false;
            for (int i = 2; i < 6; i++) listed |= snapshot[i] == 3;
            Assert.IsTrue(listed, "board 3 is not among the voters in its snapshot's head");
        }

        [TestMethod]
        public static void A_leader_asked_to_remove_itself_hands_over_and_the_new_leader_removes_it()
        {
            NanoCluster cluster = new NanoCluster(3, 1, 5, 48);
            Assert.IsTrue(cluster.RunUntilStableLeader(300) >= 0, "no leader");
            cluster.BringUp(3);
            AssertAccepted(cluster.ProposeChange(EntryKind.AddLearner, 3, 50));
            Assert.IsTrue(cluster.RunUntilMembersHold(FoundersAndBoard3, NoLearners, 300), "board 3 was not promoted");

            int old = cluster.CurrentLeader();
            int term = cluster.Node(old).Term;
            int preVotes = PreVotesStarted(cluster);
            // §4.2.2, §3.10: the leader does not append its own removal; it starts a transfer and the client retries.
            AssertRefused(ErrorCode.TransferInProgress, cluster.Node(old).Propose(EntryKind.RemoveNode, 0, 0, 0, old));
            Assert.IsTrue(cluster.Node(old).TransferTarget != NodeId.None, "no transfer started");
            Assert.IsTrue(cluster.Node(old).Voters.Contains(old), "the leader removed itself");

            AssertAccepted(cluster.ProposeChange(EntryKind.RemoveNode, old, 50));
            int next = cluster.CurrentLeader();
            Assert.IsTrue(next != old, "the old leader still leads");
            byte[] remaining = Without(FoundersAndBoard3, old);
            Assert.IsTrue(cluster.RunUntilMembersHold(remaining, NoLearners, 100), "the old leader was not removed");
            // One campaign on the old leader's TimeoutNow, no election timeout anywhere.
            Assert.AreEqual(term + 1, cluster.Node(next).Term);
            Assert.AreEqual(1, cluster.Node(next).Stats.TransferCampaigns);
            Assert.AreEqual(preVotes, PreVotesStarted(cluster));

            // §4.2.3: the removed board, still powered, disturbs no one.
            cluster.Run(100);
            Assert.AreEqual(next, cluster.CurrentLeader());
            Assert.AreEqual(term + 1, cluster.Node(next).Term);
            Assert.IsTrue(cluster.Node(old).Role != Role.Leader, "the removed board leads again");

            cluster.TakeDown(old);
            for (int i = 0; i < 10; i++) AssertAccepted(cluster.Set(next, i % 5, 500 + i));
            Assert.IsTrue(cluster.RunUntilApplied(cluster.Node(next).Log.LastIndex, 100), "the three voters did not commit");
            Assert.IsTrue(cluster.DatabasesAgree(next), "databases differ");
        }

        [TestMethod]
        public static void A_removed_board_that_missed_its_removal_cannot_disrupt_the_cluster()
        {
            NanoCluster cluster = new NanoCluster(3, 1, 5, 48);
            Assert.IsTrue(cluster.RunUntilStableLeader(300) >= 0, "no leader");
            cluster.BringUp(3);
            AssertAccepted(cluster.ProposeChange(EntryKind.AddLearner, 3, 50));
            Assert.IsTrue(cluster.RunUntilMembersHold(FoundersAndBoard3, NoLearners, 300), "board 3 was not promoted");

            int leader = cluster.CurrentLeader();
            int gone = leader == 0 ? 1 : 0;
            cluster.TakeDown(gone);
            AssertAccepted(cluster.ProposeChange(EntryKind.RemoveNode, gone, 50));
            byte[] remaining = Without(FoundersAndBoard3, gone);
            Assert.IsTrue(cluster.RunUntilMembersHold(remaining, NoLearners, 100), "the founder was not removed");
            Assert.IsTrue(cluster.Node(gone).Voters.Contains(gone), "the board that was down knows of its removal");

            // §4.2.3: it comes back out of the leader's reach, still a voter in its own eyes, and campaigns.
            int term = cluster.Node(leader).Term;
            cluster.BringUp(gone);
            cluster.Cut(gone, leader);
            cluster.Run(200);
            Assert.IsTrue(cluster.Node(gone).Stats.PreVotesStarted > 0, "the removed board never campaigned: nothing was tried");
            Assert.AreEqual(leader, cluster.CurrentLeader());
            Assert.AreEqual(term, cluster.Node(leader).Term);
            for (int i = 0; i < remaining.Length; i++) Assert.AreEqual(term, cluster.Node(remaining[i]).Term);
            Assert.IsTrue(cluster.Node(gone).Role != Role.Leader, "the removed board leads");

            for (int i = 0; i < 5; i++) AssertAccepted(cluster.Set(leader, i, 800 + i));
            cluster.TakeDown(gone);
            Assert.IsTrue(cluster.RunUntilApplied(cluster.Node(leader).Log.LastIndex, 100), "the three voters did not commit");
            Assert.IsTrue(cluster.MembersHold(remaining, NoLearners), "the configuration changed");
        }

        [TestMethod]
        public static void One_change_at_a_time_and_a_full_or_invalid_change_is_refused_and_changes_nothing()
        {
            // Three founders: room for five members. Learners 3, 4 and 5 have no board here (never powered on), so they
            // are never promoted, and they cost the voters nothing.
            NanoCluster cluster = new NanoCluster(3, 5, 48);
            int leader = cluster.RunUntilStableLeader(300);
            Assert.IsTrue(leader >= 0, "no leader");
            AssertAccepted(cluster.ProposeChange(EntryKind.AddLearner, 3, 50));
            Assert.IsTrue(cluster.RunUntilMembersHold(Founders, new byte[] { 3 }, 50), "the first change did not commit");
            leader = cluster.CurrentLeader();
            RaftNode node = cluster.Node(leader);
            // §4.1: no second change until the first is committed (the leader is ready: its term's entries committed).
            AssertAccepted(node.Propose(EntryKind.AddLearner, 0, 0, 0, 4));
            int last = node.Log.LastIndex;
            Assert.IsTrue(node.MembershipChangePending, "the change committed before anyone acknowledged it");
            AssertRefused(ErrorCode.MembershipChangePending, node.Propose(EntryKind.AddLearner, 0, 0, 0, 5));
            AssertRefused(ErrorCode.MembershipChangePending, node.Propose(EntryKind.RemoveNode, 0, 0, 0, 3));
            Assert.AreEqual(last, node.Log.LastIndex);
            Assert.AreEqual(2, node.Learners.Count);
            byte[] full = new byte[] { 3, 4 };
            Assert.IsTrue(cluster.RunUntilMembersHold(Founders, full, 50), "the second change did not commit");

            last = node.Log.LastIndex;
            AssertRefused(ErrorCode.ClusterFull, cluster.ProposeChange(EntryKind.AddLearner, 5, 50));
            AssertRefused(ErrorCode.AlreadyMember, node.Propose(EntryKind.AddLearner, 0, 0, 0, 1));
            AssertRefused(ErrorCode.AlreadyMember, node.Propose(EntryKind.AddLearner, 0, 0, 0, 4));
            AssertRefused(ErrorCode.NotMember, node.Propose(EntryKind.RemoveNode, 0, 0, 0, 9));
            AssertRefused(ErrorCode.InvalidCommand, node.Propose(EntryKind.RemoveNode, 0, 0, 0, NodeId.Broadcast));
            AssertRefused(ErrorCode.InvalidCommand, node.Propose(EntryKind.RemoveNode, 1, 0, 0, 4));
            Assert.AreEqual(last, node.Log.LastIndex);
            Assert.IsTrue(cluster.MembersHold(Founders, full), "a refused change changed the configuration");

            for (int i = 0; i < 5; i++) AssertAccepted(cluster.Set(leader, i, 60 + i));
            Assert.IsTrue(cluster.RunUntilApplied(node.Log.LastIndex, 100), "the voters did not commit beside two silent learners");

            // Removing a learner makes room again.
            AssertAccepted(cluster.ProposeChange(EntryKind.RemoveNode, 4, 50));
            Assert.IsTrue(cluster.RunUntilMembersHold(Founders, new byte[] { 3 }, 50), "the learner was not removed");
            AssertAccepted(cluster.ProposeChange(EntryKind.AddLearner, 5, 50));
            Assert.IsTrue(cluster.RunUntilMembersHold(Founders, new byte[] { 3, 5 }, 50), "board 5 was not added");
        }

        [TestMethod]
        public static void The_only_voter_cannot_be_removed()
        {
            NanoCluster cluster = new NanoCluster(1, 5, 48);
            int leader = cluster.RunUntilStableLeader(300);
            Assert.AreEqual(0, leader);
            int last = cluster.Node(0).Log.LastIndex;
            AssertRefused(ErrorCode.LastVoter, cluster.ProposeChange(EntryKind.RemoveNode, 0, 50));
            Assert.AreEqual(last, cluster.Node(0).Log.LastIndex);
            Assert.AreEqual(0, cluster.Node(0).Stats.TransfersStarted);
            Assert.IsTrue(cluster.MembersHold(new byte[] { 0 }, NoLearners), "the configuration changed");
        }

        /// <summary>
        /// One set command through the current leader every tick until the members hold the configuration; returns how
        /// many were accepted, or -1 when the configuration was not reached within <paramref name="maxTicks"/>.
        /// </summary>
        private static int WriteUntilMembersHold(NanoCluster cluster, byte[] voters, byte[] learners, int maxTicks)
        {
            int written = 0;
            for (int t = 0; t < maxTicks; t++)
            {
                if (cluster.MembersHold(voters, learners)) return written;
                int leader = cluster.CurrentLeader();
                if (leader >= 0)
                {
                    AssertAccepted(cluster.Set(leader, t % 5, 100 + t));
                    written++;
                }

                cluster.Run(1);
            }

            return cluster.MembersHold(voters, learners) ? written : -1;
        }

        private static byte[] Without(byte[] ids, int id)
        {
            byte[] rest = new byte[ids.Length - 1];
            int n = 0;
            for (int i = 0; i < ids.Length; i++) if (ids[i] != id) rest[n++] = ids[i];
            return rest;
        }

        private static int PreVotesStarted(NanoCluster cluster)
        {
            int sum = 0;
            for (int i = 0; i < cluster.Size; i++) sum += cluster.Node(i).Stats.PreVotesStarted;
            return sum;
        }

        private static void AssertAccepted(ErrorCode actual) => Assert.AreEqual(ErrorCodes.Name(ErrorCode.None), ErrorCodes.Name(actual));

        private static void AssertRefused(ErrorCode expected, ErrorCode actual) => Assert.AreEqual(ErrorCodes.Name(expected), ErrorCodes.Name(actual));
    }
}
