using RaftEsp.Core;

namespace RaftEsp.DeviceTests.Harness
{
    /// <summary>Hand-built messages of every type, with distinctive field values, and a field-by-field description.</summary>
    public static class Messages
    {
        /// <summary>A message of <paramref name="type"/> from node 1 to node 2 using every field that type carries.</summary>
        public static Message Sample(MessageType type)
        {
            Message m = new Message();
            m.Reset();
            m.Type = type;
            m.From = 1;
            m.To = 2;
            m.Term = 70000;
            switch (type)
            {
                case MessageType.PreVoteRequest:
                case MessageType.VoteRequest:
                    m.Index = 123456;
                    m.LogTerm = 69999;
                    break;
                case MessageType.PreVoteResponse:
                case MessageType.VoteResponse:
                    m.Reject = true;
                    break;
                case MessageType.AppendEntries:
                    m.To = NodeId.Broadcast;
                    m.Index = 41;
                    m.LogTerm = 69000;
                    m.Commit = 40;
                    m.Round = 17;
                    m.EntriesTerm = 70000;
                    m.EntryCount = 4;
                    m.SetEntry(0, EntryKind.Noop, 0, 0, 0, 0);
                    m.SetEntry(1, EntryKind.Set, 63, 15, 65535, -2147483647);
                    m.SetEntry(2, EntryKind.Remove, 4, 3, 7, 0);
                    m.SetEntry(3, EntryKind.Set, 0, 0, 1, 2147483647);
                    break;
                case MessageType.AppendResponse:
                    m.Reject = true;
                    m.Index = 90;
                    m.HintIndex = 80;
                    m.HintTerm = 5;
                    m.Round = 99;
                    break;
                case MessageType.SnapshotChunk:
                    m.Index = 500;
                    m.LogTerm = 12;
                    m.TotalLength = 300;
                    m.Offset = 216;
                    m.DataLength = 84;
                    m.Round = 3;
                    for (int i = 0; i < m.DataLength; i++) m.Data[i] = (byte)(i * 7);
                    break;
                case MessageType.SnapshotResponse:
                    m.Index = 500;
                    m.Offset = 216;
                    m.Round = 3;
                    break;
                case MessageType.Propose:
                    m.EntryCount = 2;
                    m.SetEntry(0, EntryKind.Set, 2, 9, 300, 42);
                    m.SetEntry(1, EntryKind.Remove, 3, 9, 301, 0);
                    break;
                case MessageType.ProposeReject:
                    m.Reason = RefusalReason.ProposalQueueFull;
                    m.LeaderHint = 4;
                    m.EntryCount = 2;
                    m.Clients[0] = 9;
                    m.Seqs[0] = 300;
                    m.Clients[1] = 10;
                    m.Seqs[1] = 65535;
                    break;
                case MessageType.ReadIndexRequest:
                    m.RequestId = 77;
                    break;
                case MessageType.ReadIndexResponse:
                    m.RequestId = 77;
                    m.Index = 0; // a refusal carries index 0
                    m.Reason = RefusalReason.LeaderNotReady;
                    break;
            }

            return m;
        }

        /// <summary>An AppendEntries frame's message carrying <paramref name="count"/> set entries (26 fill a frame).</summary>
        public static Message FullAppend(int count)
        {
            Message m = new Message();
            m.Reset();
            m.Type = MessageType.AppendEntries;
            m.From = 1;
            m.To = NodeId.Broadcast;
            m.Term = int.MaxValue;
            m.Index = int.MaxValue - 100;
            m.LogTerm = int.MaxValue;
            m.Commit = int.MaxValue - 100;
            m.Round = int.MaxValue;
            m.EntriesTerm = int.MaxValue;
            m.EntryCount = count;
            for (int i = 0; i < count && i < FrameLimits.MaxEntriesPerAppend; i++) m.SetEntry(i, EntryKind.Set, i % 64, 255, 65535, int.MinValue + i);
            return m;
        }

        /// <summary>Every field that travels, as text, so two messages compare with one string equality.</summary>
        public static string Describe(Message m)
        {
            string s = "type=" + (int)m.Type + " from=" + m.From + " to=" + m.To + " term=" + m.Term + " index=" + m.Index +
                       " logTerm=" + m.LogTerm + " commit=" + m.Commit + " round=" + m.Round + " reject=" + (m.Reject ? "1" : "0") +
                       " hint=" + m.HintIndex + "/" + m.HintTerm + " entriesTerm=" + m.EntriesTerm + " count=" + m.EntryCount +
                       " total=" + m.TotalLength + " offset=" + m.Offset + " data=" + m.DataLength + " request=" + m.RequestId +
                       " reason=" + (int)m.Reason + " leaderHint=" + m.LeaderHint;
            bool rejectList = m.Type == MessageType.ProposeReject;
            for (int i = 0; i < m.EntryCount; i++)
            {
                s += rejectList
                    ? " [" + m.Clients[i] + ":" + m.Seqs[i] + "]"
                    : " [" + (int)m.Kinds[i] + " " + m.Slots[i] + " " + m.Clients[i] + " " + m.Seqs[i] + " " + m.Values[i] + "]";
            }

            for (int i = 0; i < m.DataLength; i++) s += (i == 0 ? " bytes=" : ",") + m.Data[i];
            return s;
        }
    }
}
