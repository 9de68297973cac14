namespace RaftEsp.Core
{
    /// <summary>
    /// Membership changes, one server at a time (Ongaro's dissertation §4.1, with the fix of his 2015 raft-dev note: a
    /// leader takes a change only once an entry of its own term is committed). A node acts on the latest configuration
    /// in its log, committed or not (§4.1); it is derived from the configuration in force at the snapshot and the
    /// membership entries after it, so it is persisted with them and rolls back with a truncated suffix. New boards
    /// join as learners (§4.2.1) and a leader promotes each once it has caught up. A leader asked to remove itself hands
    /// its leadership over first (§3.10) and the new leader removes it (docs/design.md, "Membership changes").
    /// </summary>
    public sealed partial class RaftNode
    {
        private readonly Configuration snapshotConfiguration = new Configuration();
        private readonly Configuration configuration = new Configuration();
        private readonly Configuration scratchConfiguration = new Configuration();
        private readonly Configuration headConfiguration = new Configuration(); // a snapshot's head, to check it
        private int configurationIndex;

        /// <summary>The configuration this node acts on: the latest in its log, committed or not.</summary>
        public Configuration Configuration => configuration;

        /// <summary>The voting members.</summary>
        public NodeSet Voters => configuration.Voters;

        /// <summary>The learners: they receive the log but neither vote nor count for a quorum.</summary>
        public NodeSet Learners => configuration.Learners;

        /// <summary>Log index of the membership entry that made <see cref="Configuration"/> (the snapshot's index, or 0, when none since).</summary>
        public int ConfigurationIndex => configurationIndex;

        /// <summary>True while the latest membership entry is not known committed: no other change is taken until it is.</summary>
        public bool MembershipChangePending => configurationIndex > commit;

        /// <summary>True when this node may campaign and vote: it is a voter in its own configuration.</summary>
        public bool Promotable => configuration.Voters.Contains(id);

        /// <summary>
        /// Writes the configuration in force at <paramref name="index"/> (between the snapshot index and the last index)
        /// into <paramref name="buffer"/>: the head of a snapshot taken there (<see cref="Compact"/>). Returns the offset
        /// after it, or -1 for an index the log cannot tell.
        /// </summary>
        public int WriteConfigurationAt(int index, byte[] buffer, int offset)
        {
            if (!ConfigurationAt(index)) return -1;
            if (buffer == null || offset < 0 || offset + scratchConfiguration.EncodedSize > buffer.Length) return -1;
            return scratchConfiguration.Write(buffer, offset);
        }

        /// <summary>The founding configuration, before any snapshot or entry is restored.</summary>
        private void FoundConfiguration()
        {
            snapshotConfiguration.Found(config.Members, config.Join ? id : NodeId.None);
            ReloadConfiguration();
        }

        /// <summary>Derives the configuration again from the snapshot's and every membership entry in the log.</summary>
        private void ReloadConfiguration()
        {
            configuration.CopyFrom(snapshotConfiguration);
            configurationIndex = log.SnapshotIndex;
            for (int index = log.FirstIndex; index <= log.LastIndex; index++)
            {
                EntryKind kind = log.KindAt(index);
                if (EntryKinds.IsMembership(kind) && configuration.Apply(kind, log.ValueAt(index), config.MemberCapacity)) configurationIndex = index;
            }

            UseConfiguration();
        }

        /// <summary>The entry just appended at <paramref name="index"/> takes effect at once if it changes the membership (§4.1).</summary>
        private void NoteAppended(int index)
        {
            EntryKind kind = log.KindAt(index);
            if (!EntryKinds.IsMembership(kind) || !configuration.Apply(kind, log.ValueAt(index), config.MemberCapacity)) return;
            configurationIndex = index;
            stats.MembershipChanges++;
            UseConfiguration();
        }

        private void UseConfiguration()
        {
            // Every configuration the log yields fits the capacity (the leader checked it, every board has the same
            // capacity); a board configured with a smaller one than its cluster is counted, never silently wrong.
            if (!tracker.ApplyConfiguration(configuration.Voters, configuration.Learners, log.LastIndex)) stats.ConfigurationsRefused++;
        }

        /// <summary>Loads the configuration at <paramref name="index"/> into the scratch configuration.</summary>
        private bool ConfigurationAt(int index)
        {
            if (index < log.SnapshotIndex || index > log.LastIndex) return false;
            scratchConfiguration.CopyFrom(snapshotConfiguration);
            for (int i = log.FirstIndex; i <= index; i++)
            {
                EntryKind kind = log.KindAt(i);
                if (EntryKinds.IsMembership(kind)) scratchConfiguration.Apply(kind, log.ValueAt(i), config.MemberCapacity);
            }

            return true;
        }

        /// <summary>
        /// Reads the configuration at the head of a snapshot into <see cref="snapshotConfiguration"/>; returns where the
        /// state machine's part starts, or -1 (nothing changed) for a malformed one or one larger than this cluster allows.
        /// </summary>
        private int LoadSnapshotConfiguration(byte[] data, int offset, int length)
        {
            int size = Configuration.Measure(data, offset, offset + length);
            if (size < 0 || size - 2 > config.MemberCapacity) return -1;
            snapshotConfiguration.Read(data, offset, offset + length);
            return offset + size;
        }

        /// <summary>
        /// The leader's checks before it appends a membership entry: its own term's entry committed (the 2015 fix), no
        /// other change pending, and the change valid for the latest configuration. Removing itself starts a transfer.
        /// </summary>
        private ErrorCode CheckMembershipChange(EntryKind kind, int nodeId)
        {
            if (log.TermAt(commit) != term) return ErrorCode.LeaderNotReady;
            if (MembershipChangePending) return ErrorCode.MembershipChangePending;
            ErrorCode valid = configuration.Check(kind, nodeId, config.MemberCapacity);
            if (valid != ErrorCode.None || kind != EntryKind.RemoveNode || nodeId != id) return valid;
            return HandOverBeforeRemoval();
        }

        /// <summary>
        /// A leader does not remove itself: it hands over to the voter in touch with the most of the log, and the
        /// client's retry reaches the new leader, which removes it. Until then the removal is refused with
        /// <see cref="ErrorCode.TransferInProgress"/> (or <see cref="ErrorCode.LeaderNotReady"/> with no voter in touch).
        /// </summary>
        private ErrorCode HandOverBeforeRemoval()
        {
            int best = NodeId.None;
            int bestMatch = -1;
            NodeSet voters = configuration.Voters;
            for (int i = 0; i < voters.Count; i++)
            {
                int peer = voters.IdAt(i);
                if (peer == id) continue;
                Progress pr = tracker.ProgressOf(peer);
                if (pr.RecentActive && pr.Match > bestMatch)
                {
                    best = peer;
                    bestMatch = pr.Match;
                }
            }

            if (best == NodeId.None) return ErrorCode.LeaderNotReady;
            StartTransfer(best);
            return ErrorCode.TransferInProgress;
        }

        /// <summary>
        /// Once per heartbeat round, a leader promotes a learner that has caught up: it answered within an election
        /// timeout and holds every committed entry, so as a voter it lags by at most the uncommitted entries. One
        /// change at a time, and only under the same conditions as a client's change.
        /// </summary>
        private void MaybePromoteLearner()
        {
            NodeSet learners = configuration.Learners;
            if (!config.PromoteLearners || learners.Count == 0 || transferTarget != NodeId.None) return;
            if (log.TermAt(commit) != term || MembershipChangePending || log.LastIndex - commit >= config.MaxUncommittedEntries) return;
            for (int i = 0; i < learners.Count; i++)
            {
                int learner = learners.IdAt(i);
                Progress pr = tracker.ProgressOf(learner);
                if (!pr.RecentActive || pr.State != ProgressState.Replicate || pr.Match < commit) continue;
                if (!log.Append(term, EntryKind.PromoteLearner, 0, 0, 0, learner)) return;
                stats.LearnersPromoted++;
                NoteAppended(log.LastIndex);
                return;
            }
        }
    }
}
