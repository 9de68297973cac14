using RaftEsp.Core;

namespace RaftEsp.Apps
{
    /// <summary>
    /// The Raft part of a board's status report (docs/protocol.md, "StatusReport"): role, indexes, its newest entries,
    /// the configuration, the timers and a page of the database. <see cref="NodeApp"/> adds its own counters; the
    /// simulator's recorder fills its reports with this too, so a recorded run shows exactly what boards report.
    /// Nothing allocated: <paramref name="slotValues"/> is the caller's buffer of at least the database's slot count.
    /// </summary>
    public static class ReportState
    {
        public static void Fill(StatusReport r, RaftNode node, Database database, MembershipStatus membership, int tickMillis, int[] slotValues, int firstSlot)
        {
            RaftLog log = node.Log;
            r.NodeId = node.Id;
            r.Term = node.Term;
            r.Role = node.Role;
            r.Leader = node.Leader;
            r.Vote = node.Vote;
            r.Commit = node.CommitIndex;
            r.Applied = database.AppliedIndex;
            r.LastIndex = log.LastIndex;
            r.LastTerm = log.LastTerm;
            r.SnapshotIndex = log.SnapshotIndex;
            r.DropsStaleTerm = node.Drops.Get(FrameError.StaleTerm);
            r.Elections = node.Stats.ElectionsStarted;
            int entries = log.LastIndex - log.SnapshotIndex;
            if (entries > StatusReport.MaxEntries) entries = StatusReport.MaxEntries;
            r.EntryCount = entries;
            for (int i = 0; i < entries; i++)
            {
                int index = log.LastIndex - entries + 1 + i;
                r.EntryTerms[i] = log.TermAt(index);
                r.EntryKinds[i] = log.KindAt(index);
                r.EntrySlots[i] = log.SlotAt(index);
                r.EntryValues[i] = log.ValueAt(index);
            }

            membership.Fill(r, node);
            TimerStatus.Fill(r, node, tickMillis);
            int slots = database.SlotCount;
            for (int s = 0; s < slots; s++)
            {
                database.Read(s, out int value);
                slotValues[s] = value;
            }

            int first = firstSlot < slots ? firstSlot : 0;
            r.SlotCount = slots;
            r.FirstSlot = first;
            r.PageCount = AppFrames.SlotsThatFit(slotValues, first, slots - first, entries, r.MemberCount, StatusReportTimers.Size(r));
            System.Array.Copy(slotValues, first, r.PageValues, 0, r.PageCount);
        }
    }
}
