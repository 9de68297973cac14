namespace RaftEsp.Core
{
    /// <summary>
    /// One Raft message, decoded or about to be encoded. Instances are reused: the node owns a few and refills them,
    /// so the steady state allocates nothing. Which fields a type uses is listed in docs/wire-format.md.
    /// </summary>
    public sealed class Message
    {
        /// <summary>The frame type.</summary>
        public MessageType Type;

        /// <summary>Sender's node id.</summary>
        public int From;

        /// <summary>Receiver's node id, or <see cref="NodeId.Broadcast"/>.</summary>
        public int To;

        /// <summary>Sender's term (for a PreVote request: the term it would campaign in).</summary>
        public int Term;

        /// <summary>Sender's boot epoch (1..65535): stamped when the frame is sealed, read back when decoded.</summary>
        public int Epoch;

        /// <summary>Sender's frame counter in <see cref="Epoch"/> (1..2^31-1): stamped when sealed, read back when decoded.</summary>
        public int Counter;

        /// <summary>Sync: the asker's fresh nonce. SyncAck: that nonce echoed (proves the answer is not a recording).</summary>
        public int SyncNonce;

        /// <summary>SyncAck: the epoch the answering node last accepted frames of the asker in (0 = none).</summary>
        public int KnownEpoch;

        /// <summary>SyncAck: the highest counter of the asker accepted in <see cref="KnownEpoch"/> (0 = none).</summary>
        public int KnownCounter;

        /// <summary>Votes: candidate's last log index. Append: prevLogIndex. Snapshot: snapshot's last included index.
        /// AppendResponse: on success the last index now matching, on reject the prevLogIndex that was rejected.
        /// ReadIndexResponse: the read index.</summary>
        public int Index;

        /// <summary>Votes: candidate's last log term. Append: prevLogTerm. Snapshot: snapshot's last included term.</summary>
        public int LogTerm;

        /// <summary>Append: the leader's commit index.</summary>
        public int Commit;

        /// <summary>Append, snapshot chunks and their responses: the leader's heartbeat round, echoed back, which
        /// confirms leadership for ReadIndex and tells the leader which follower is still in touch.</summary>
        public int Round;

        /// <summary>VoteRequest: the candidate campaigns on the leader's TimeoutNow (§3.10), so voters set their
        /// leader lease aside for this campaign.</summary>
        public bool Transfer;

        /// <summary>Responses: true when the request is refused (vote not granted, log did not match, ...).</summary>
        public bool Reject;

        /// <summary>AppendResponse on reject: the follower's guess of the last index that may match (fast backtracking).</summary>
        public int HintIndex;

        /// <summary>AppendResponse on reject: the term of the follower's entry at <see cref="HintIndex"/>.</summary>
        public int HintTerm;

        /// <summary>Append: the term shared by every entry carried.</summary>
        public int EntriesTerm;

        /// <summary>Append: number of entries carried; Propose: 1.</summary>
        public int EntryCount;

        /// <summary>Entry kinds (Append and Propose).</summary>
        public readonly EntryKind[] Kinds = new EntryKind[FrameLimits.MaxEntriesPerAppend];

        /// <summary>Entry slots (database index for set and remove).</summary>
        public readonly byte[] Slots = new byte[FrameLimits.MaxEntriesPerAppend];

        /// <summary>Entry client ids (0 for no-op, register and membership entries).</summary>
        public readonly int[] Clients = new int[FrameLimits.MaxEntriesPerAppend];

        /// <summary>Entry client sequence numbers (0..2^31-1, never wrapping; a register entry's nonce).</summary>
        public readonly int[] Seqs = new int[FrameLimits.MaxEntriesPerAppend];

        /// <summary>Entry values (set: the value; add/remove node: the node id).</summary>
        public readonly int[] Values = new int[FrameLimits.MaxEntriesPerAppend];

        /// <summary>Snapshot chunk: total snapshot length in bytes.</summary>
        public int TotalLength;

        /// <summary>Snapshot chunk: offset of <see cref="Data"/> in the snapshot. SnapshotResponse: next offset wanted
        /// (equal to the total length once installed).</summary>
        public int Offset;

        /// <summary>Snapshot chunk payload.</summary>
        public readonly byte[] Data = new byte[FrameLimits.MaxSnapshotChunkData];

        /// <summary>Bytes used in <see cref="Data"/>.</summary>
        public int DataLength;

        /// <summary>ReadIndex request and response: the asker's request id.</summary>
        public int RequestId;

        /// <summary>ProposeReject and ReadIndexResponse: why the request was refused.</summary>
        public RefusalReason Reason;

        /// <summary>ProposeReject: the leader the sender knows of, or <see cref="NodeId.None"/>.</summary>
        public int LeaderHint;

        /// <summary>Clears every field so a reused instance carries nothing from its last use.</summary>
        public void Reset()
        {
            Type = MessageType.None;
            From = 0;
            To = 0;
            Term = 0;
            Epoch = 0;
            Counter = 0;
            SyncNonce = 0;
            KnownEpoch = 0;
            KnownCounter = 0;
            Index = 0;
            LogTerm = 0;
            Commit = 0;
            Round = 0;
            Transfer = false;
            Reject = false;
            HintIndex = 0;
            HintTerm = 0;
            EntriesTerm = 0;
            EntryCount = 0;
            TotalLength = 0;
            Offset = 0;
            DataLength = 0;
            RequestId = 0;
            Reason = RefusalReason.None;
            LeaderHint = NodeId.None;
        }

        /// <summary>Sets entry <paramref name="i"/> of this message.</summary>
        public void SetEntry(int i, EntryKind kind, int slot, int client, int seq, int value)
        {
            Kinds[i] = kind;
            Slots[i] = (byte)slot;
            Clients[i] = client;
            Seqs[i] = seq;
            Values[i] = value;
        }
    }
}
