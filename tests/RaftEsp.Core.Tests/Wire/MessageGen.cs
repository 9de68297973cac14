namespace RaftEsp.Core.Tests.Wire;

/// <summary>Random valid messages of every type, and a per-type description used to compare them.</summary>
internal static class MessageGen
{
    /// <summary>Every reason a frame of this version carries; the first, None, only in a ReadIndexResponse.</summary>
    public static readonly RefusalReason[] SentReasons =
    [
        RefusalReason.None, RefusalReason.NoLeader, RefusalReason.NotLeader, RefusalReason.ProposalQueueFull,
        RefusalReason.LogFull, RefusalReason.ReadQueueFull, RefusalReason.LeaderNotReady, RefusalReason.TransferInProgress,
        RefusalReason.MembershipChangePending, RefusalReason.AlreadyMember, RefusalReason.NotMember, RefusalReason.LastVoter,
        RefusalReason.ClusterFull,
    ];

    public static readonly MessageType[] AllTypes =
    [
        MessageType.PreVoteRequest, MessageType.PreVoteResponse, MessageType.VoteRequest, MessageType.VoteResponse,
        MessageType.AppendEntries, MessageType.AppendResponse, MessageType.SnapshotChunk, MessageType.SnapshotResponse,
        MessageType.Propose, MessageType.ProposeReject, MessageType.ReadIndexRequest, MessageType.ReadIndexResponse,
        MessageType.Sync, MessageType.SyncAck,
        MessageType.TimeoutNow, MessageType.TransferRequest,
    ];

    private static int UpTo(Random r, int max) => (int)r.NextInt64(0, (long)max + 1);

    private static int U31(Random r) => r.Next(4) == 0 ? int.MaxValue - r.Next(3) : r.Next(1000);

    public static Message Random(Random r, MessageType type, int to = 2)
    {
        var m = new Message();
        m.Reset();
        m.Type = type;
        m.From = r.Next(2) == 0 ? 1 : 254;
        m.To = to;
        m.Term = U31(r);
        switch (type)
        {
            case MessageType.PreVoteRequest:
            case MessageType.VoteRequest:
                m.Index = U31(r);
                m.LogTerm = U31(r);
                m.Transfer = type == MessageType.VoteRequest && r.Next(2) == 0;
                break;
            case MessageType.TimeoutNow:
                if (to == NodeId.Broadcast) m.To = 2; // one target, never everyone
                break;
            case MessageType.TransferRequest:
                if (to == NodeId.Broadcast) m.To = 2; // asked of the leader alone
                m.Index = r.Next(NodeId.MaxId + 1); // the target
                break;
            case MessageType.PreVoteResponse:
            case MessageType.VoteResponse:
                m.Reject = r.Next(2) == 0;
                break;
            case MessageType.AppendEntries:
                m.Index = r.Next(100000);
                m.LogTerm = UpTo(r, m.Term);
                m.Commit = U31(r);
                m.Round = U31(r);
                m.EntryCount = r.Next(FrameLimits.MaxEntriesPerAppend + 1);
                m.EntriesTerm = m.EntryCount == 0 ? 0 : m.LogTerm + UpTo(r, m.Term - m.LogTerm);
                for (int i = 0; i < m.EntryCount; i++) RandomEntry(r, m, i, allowNoop: true);
                break;
            case MessageType.AppendResponse:
                m.Reject = r.Next(2) == 0;
                m.Index = U31(r);
                m.HintIndex = m.Reject ? U31(r) : 0;
                m.HintTerm = m.Reject ? U31(r) : 0;
                m.Round = U31(r);
                break;
            case MessageType.SnapshotChunk:
                m.Index = U31(r);
                m.LogTerm = UpTo(r, m.Term);
                m.TotalLength = 1 + r.Next(FrameLimits.MaxSnapshotBytes);
                m.DataLength = 1 + r.Next(Math.Min(m.TotalLength, FrameLimits.MaxSnapshotChunkData));
                m.Offset = r.Next(m.TotalLength - m.DataLength + 1);
                m.Round = U31(r);
                for (int i = 0; i < m.DataLength; i++) m.Data[i] = (byte)r.Next(256);
                break;
            case MessageType.SnapshotResponse:
                m.Reject = r.Next(2) == 0;
                m.Index = U31(r);
                m.Offset = r.Next(FrameLimits.MaxSnapshotBytes + 1);
                m.Round = U31(r);
                break;
            case MessageType.Propose:
                m.EntryCount = 1 + r.Next(FrameLimits.MaxEntriesPerAppend);
                for (int i = 0; i < m.EntryCount; i++) RandomEntry(r, m, i, allowNoop: false);
                break;
            case MessageType.ProposeReject:
                m.EntryCount = 1 + r.Next(FrameLimits.MaxEntriesPerAppend);
                for (int i = 0; i < m.EntryCount; i++)
                {
                    m.Clients[i] = r.Next(int.MaxValue);
                    m.Seqs[i] = r.Next(int.MaxValue);
                }

                m.Reason = SentReasons[1 + r.Next(SentReasons.Length - 1)];
                m.LeaderHint = r.Next(3) == 0 ? NodeId.None : r.Next(255);
                break;
            case MessageType.ReadIndexRequest:
                m.RequestId = U31(r);
                break;
            case MessageType.ReadIndexResponse:
                m.RequestId = U31(r);
                m.Reason = SentReasons[r.Next(SentReasons.Length)];
                m.Index = m.Reason == RefusalReason.None ? U31(r) : 0;
                break;
            case MessageType.Sync:
                m.Term = 0;
                m.To = NodeId.Broadcast;
                m.SyncNonce = 1 + r.Next(int.MaxValue - 1);
                break;
            case MessageType.SyncAck:
                m.Term = 0;
                if (m.To == NodeId.Broadcast) m.To = 2;
                m.SyncNonce = 1 + r.Next(int.MaxValue - 1);
                m.KnownEpoch = r.Next(3) == 0 ? 0 : 1 + r.Next(FrameLimits.MaxEpoch);
                m.KnownCounter = m.KnownEpoch == 0 ? 0 : 1 + r.Next(int.MaxValue - 1);
                break;
        }

        return m;
    }

    private static void RandomEntry(Random r, Message m, int i, bool allowNoop)
    {
        // Every kind up to PromoteLearner: the membership entries (add-learner, remove-node, promote-learner) too.
        int kind = allowNoop ? r.Next((int)EntryKind.PromoteLearner + 1) : 1 + r.Next((int)EntryKind.PromoteLearner);
        switch ((EntryKind)kind)
        {
            case EntryKind.Noop: m.SetEntry(i, EntryKind.Noop, 0, 0, 0, 0); break;
            case EntryKind.Set: m.SetEntry(i, EntryKind.Set, r.Next(64), r.Next(int.MaxValue), r.Next(int.MaxValue), r.Next(int.MinValue, int.MaxValue)); break;
            case EntryKind.Remove: m.SetEntry(i, EntryKind.Remove, r.Next(64), r.Next(int.MaxValue), r.Next(int.MaxValue), 0); break;
            case EntryKind.Register: m.SetEntry(i, EntryKind.Register, 0, 0, 1 + r.Next(int.MaxValue - 1), 0); break;
            default: m.SetEntry(i, (EntryKind)kind, 0, r.Next(int.MaxValue), r.Next(int.MaxValue), r.Next(NodeId.MaxId + 1)); break; // membership: a node id
        }
    }

    /// <summary>The fields <paramref name="m"/>'s type carries, as text: equal descriptions mean equal messages.</summary>
    public static string Describe(Message m)
    {
        var parts = new List<string> { m.Type.ToString(), "from=" + m.From, "to=" + m.To, "term=" + m.Term };
        switch (m.Type)
        {
            case MessageType.PreVoteRequest:
            case MessageType.VoteRequest:
                parts.Add($"index={m.Index} logTerm={m.LogTerm} transfer={m.Transfer}");
                break;
            case MessageType.PreVoteResponse:
            case MessageType.VoteResponse:
                parts.Add($"reject={m.Reject}");
                break;
            case MessageType.AppendEntries:
                parts.Add($"prev={m.Index}/{m.LogTerm} commit={m.Commit} round={m.Round} entriesTerm={m.EntriesTerm} n={m.EntryCount}");
                for (int i = 0; i < m.EntryCount; i++) parts.Add(Entry(m, i));
                break;
            case MessageType.AppendResponse:
                parts.Add($"reject={m.Reject} index={m.Index} hint={m.HintIndex}/{m.HintTerm} round={m.Round}");
                break;
            case MessageType.SnapshotChunk:
                parts.Add($"snap={m.Index}/{m.LogTerm} total={m.TotalLength} offset={m.Offset} round={m.Round} data={Convert.ToHexString(m.Data, 0, m.DataLength)}");
                break;
            case MessageType.SnapshotResponse:
                parts.Add($"reject={m.Reject} index={m.Index} offset={m.Offset} round={m.Round}");
                break;
            case MessageType.Propose:
                parts.Add("n=" + m.EntryCount);
                for (int i = 0; i < m.EntryCount; i++) parts.Add(Entry(m, i));
                break;
            case MessageType.ProposeReject:
                parts.Add($"reason={m.Reason} leader={m.LeaderHint} n={m.EntryCount}");
                for (int i = 0; i < m.EntryCount; i++) parts.Add($"[client={m.Clients[i]} seq={m.Seqs[i]}]");
                break;
            case MessageType.ReadIndexRequest:
                parts.Add($"request={m.RequestId}");
                break;
            case MessageType.ReadIndexResponse:
                parts.Add($"request={m.RequestId} index={m.Index} reason={m.Reason}");
                break;
            case MessageType.Sync:
                parts.Add($"nonce={m.SyncNonce}");
                break;
            case MessageType.SyncAck:
                parts.Add($"nonce={m.SyncNonce} known={m.KnownEpoch}/{m.KnownCounter}");
                break;
            case MessageType.TransferRequest:
                parts.Add($"target={m.Index}");
                break;
        }

        return string.Join(" ", parts);
    }

    private static string Entry(Message m, int i) => $"[{m.Kinds[i]} slot={m.Slots[i]} client={m.Clients[i]} seq={m.Seqs[i]} value={m.Values[i]}]";
}
