namespace RaftEsp.Core.Tests.Interaction;

/// <summary>
/// One-line readable forms of frames and log entries for the interaction scripts. Log positions read
/// <c>term/index</c>, as in etcd's interaction tests: <c>prev=1/3</c> is index 3 of term 1.
/// </summary>
public static class FrameText
{
    /// <summary>Decodes a frame as its receiver would and prints it; the codec is the cluster's (same id and key).</summary>
    public static string Describe(FrameCodec codec, byte[] frame, int length, int from, int to)
    {
        var m = new Message();
        FrameError error = codec.Decode(frame, length, to, m);
        string route = from + "->" + (to == NodeId.Broadcast ? "*" : to.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (error != FrameError.None) return route + " undecodable frame (" + error + ")";
        return route + " " + MessageTypes.Name(m.Type) + " term=" + m.Term + Body(m);
    }

    public static string Entry(int term, int index, EntryKind kind, int slot, int client, int seq, int value)
    {
        return term + "/" + index + " " + Describe(kind, slot, client, seq, value);
    }

    /// <summary>A command with its session (" c{client}:{seq}"), or a register with its nonce.</summary>
    private static string Describe(EntryKind kind, int slot, int client, int seq, int value) =>
        kind == EntryKind.Register ? "register n" + seq : WithSession(Command(kind, slot, value), client, seq);

    private static string WithSession(string text, int client, int seq) => client > 0 ? text + " c" + client + ":" + seq : text;

    public static string Command(EntryKind kind, int slot, int value) => kind switch
    {
        EntryKind.Set => "set s" + slot + "=" + value,
        EntryKind.Remove => "remove s" + slot,
        EntryKind.Noop => "noop",
        _ => EntryKinds.Name(kind) + " " + value,
    };

    private static string Body(Message m)
    {
        switch (m.Type)
        {
            case MessageType.PreVoteRequest:
            case MessageType.VoteRequest:
                return " last=" + m.LogTerm + "/" + m.Index + (m.Transfer ? " transfer" : "");
            case MessageType.PreVoteResponse:
            case MessageType.VoteResponse:
                return m.Reject ? " rejected" : " granted";
            case MessageType.AppendEntries:
                return " prev=" + m.LogTerm + "/" + m.Index + " commit=" + m.Commit + " round=" + m.Round + Entries(m);
            case MessageType.AppendResponse:
                return m.Reject
                    ? " rejected prev=" + m.Index + " hint=" + m.HintTerm + "/" + m.HintIndex + " round=" + m.Round
                    : " index=" + m.Index + " round=" + m.Round;
            case MessageType.SnapshotChunk:
                return " snap=" + m.LogTerm + "/" + m.Index + " bytes=" + m.Offset + ".." + (m.Offset + m.DataLength) + "/" + m.TotalLength + " round=" + m.Round;
            case MessageType.SnapshotResponse:
                return (m.Reject ? " rejected" : "") + " snap-index=" + m.Index + " next-byte=" + m.Offset + " round=" + m.Round;
            case MessageType.Propose:
                return " " + List(Enumerable.Range(0, m.EntryCount).Select(i => Proposed(m, i)));
            case MessageType.ProposeReject:
                return " " + RefusalReasons.Name(m.Reason) + " leader=" + Id(m.LeaderHint) + " " +
                       List(Enumerable.Range(0, m.EntryCount).Select(i => "c" + m.Clients[i] + ":" + m.Seqs[i]));
            case MessageType.ReadIndexRequest:
                return " id=" + m.RequestId;
            case MessageType.ReadIndexResponse:
                return " id=" + m.RequestId + " index=" + m.Index + " " + RefusalReasons.Name(m.Reason);
            case MessageType.Sync:
                return " epoch=" + m.Epoch + " nonce=" + m.SyncNonce;
            case MessageType.SyncAck:
                return " epoch=" + m.Epoch + " counter=" + m.Counter + " echo=" + m.SyncNonce + " known=" + m.KnownEpoch + "/" + m.KnownCounter;
            case MessageType.TransferRequest:
                return " target=" + m.Index;
            default:
                return "";
        }
    }

    private static string Entries(Message m)
    {
        if (m.EntryCount == 0) return "";
        var entries = Enumerable.Range(0, m.EntryCount)
            .Select(i => Entry(m.EntriesTerm, m.Index + 1 + i, m.Kinds[i], m.Slots[i], m.Clients[i], m.Seqs[i], m.Values[i]));
        return " entries=" + List(entries);
    }

    private static string Proposed(Message m, int i) => Describe(m.Kinds[i], m.Slots[i], m.Clients[i], m.Seqs[i], m.Values[i]);

    /// <summary>"[a, b, c]"; a long list keeps its first three and last two items and says how many it skips.</summary>
    public static string List(IEnumerable<string> items)
    {
        string[] all = items.ToArray();
        if (all.Length <= 6) return "[" + string.Join(", ", all) + "]";
        return "[" + string.Join(", ", all.Take(3)) + ", ... " + (all.Length - 5) + " more ..., " + string.Join(", ", all.TakeLast(2)) + "]";
    }

    public static string Id(int id) => id == NodeId.None ? "none" : id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
