namespace RaftEsp.Core
{
    /// <summary>
    /// Start-up from durable state: the host feeds the hard state, the snapshot and the log entries after it, before
    /// the first Tick. The node checks they fit together and refuses what does not.
    /// </summary>
    public sealed partial class RaftNode
    {
        private int restoredCommit;

        /// <summary>Restores term, vote and commit index. Only before the node has started.</summary>
        public ErrorCode RestoreHardState(int savedTerm, int savedVote, int savedCommit)
        {
            if (booted) return ErrorCode.InvalidState;
            if (savedTerm < 0 || savedCommit < 0) return ErrorCode.BadPersistentState;
            // The vote may be for a board added later: any node id will do, the configuration is restored after.
            if (savedVote != NodeId.None && !NodeId.IsValid(savedVote)) return ErrorCode.BadPersistentState;
            term = savedTerm;
            vote = savedVote;
            restoredCommit = savedCommit;
            persistedTerm = term;
            persistedVote = vote;
            reportedTerm = term;
            return ErrorCode.None;
        }

        /// <summary>Restores the latest snapshot. Only before the node has started, and before any entry.</summary>
        public ErrorCode RestoreSnapshot(int index, int snapshotTerm, byte[] data, int offset, int length)
        {
            if (booted || log.LastIndex != log.SnapshotIndex) return ErrorCode.InvalidState;
            if (index < 1 || snapshotTerm < 1 || snapshotTerm > term) return ErrorCode.BadPersistentState;
            if (data == null || length < 1 || length > snapshotData.Length || offset < 0 || offset + length > data.Length)
                return ErrorCode.BadSnapshot;
            if (LoadSnapshotConfiguration(data, offset, length) < 0) return ErrorCode.BadSnapshot;
            System.Array.Copy(data, offset, snapshotData, 0, length);
            snapshotLength = length;
            log.ResetToSnapshot(index, snapshotTerm);
            ReloadConfiguration();
            return ErrorCode.None;
        }

        /// <summary>Restores the next log entry. Entries come in index order, right after the snapshot.</summary>
        public ErrorCode RestoreEntry(int index, int entryTerm, EntryKind kind, int slot, int client, int seq, int value)
        {
            if (booted) return ErrorCode.InvalidState;
            if (index != log.LastIndex + 1 || entryTerm < log.LastTerm || entryTerm > term || !EntryKinds.IsKnown((int)kind))
                return ErrorCode.BadPersistentState;
            if (!log.Append(entryTerm, kind, slot, client, seq, value)) return ErrorCode.LogFull;
            log.StableTo(index);
            NoteAppended(index);
            return ErrorCode.None;
        }

        /// <summary>Starts the node on its first input: everything restored is durable; entries after the snapshot are
        /// re-applied up to the restored commit index.</summary>
        private void Boot()
        {
            if (booted) return;
            booted = true;
            log.StableTo(log.LastIndex);
            commit = restoredCommit;
            if (commit > log.LastIndex) commit = log.LastIndex;
            if (commit < log.SnapshotIndex) commit = log.SnapshotIndex;
            persistedCommit = commit;
            applied = log.SnapshotIndex;
        }
    }
}
