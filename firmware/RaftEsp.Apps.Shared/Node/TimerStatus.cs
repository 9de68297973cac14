using RaftEsp.Core;

namespace RaftEsp.Apps
{
    /// <summary>
    /// The timers and replication part of a board's status report (docs/protocol.md, "StatusReport"): read from the
    /// node's read-only accessors, written into the reusable report; nothing allocated.
    /// </summary>
    public static class TimerStatus
    {
        /// <summary>
        /// Fills the timers and, on a leader, one progress record per member listed in <paramref name="r"/> (whose
        /// member ids are filled already) other than itself, in list order. Lags saturate at <see cref="StatusReport.MaxLag"/>.
        /// </summary>
        public static void Fill(StatusReport r, RaftNode node, int tickMillis)
        {
            r.TickMillis = Clamp(tickMillis, 1, StatusReportTimers.MaxTickMillis);
            r.ElectionTimeout = Clamp(node.ElectionTimeout, 1, StatusReport.MaxTimerTicks);
            r.ElectionElapsed = Clamp(node.ElectionElapsed, 0, r.ElectionTimeout);
            r.HeartbeatInterval = Clamp(node.Config.HeartbeatTicks, 1, StatusReport.MaxTimerTicks);
            r.HeartbeatElapsed = Clamp(node.HeartbeatElapsed, 0, r.HeartbeatInterval);
            r.ProgressCount = 0;
            if (node.Role != Role.Leader) return;
            int last = r.LastIndex;
            for (int i = 0; i < r.MemberCount; i++)
            {
                int id = i < r.VoterCount ? r.Voters[i] : r.Learners[i - r.VoterCount];
                if (id == node.Id || !node.TracksProgressOf(id) || r.ProgressCount == StatusReportTimers.MaxProgressRecords) continue;
                Progress pr = node.ProgressOf(id);
                int n = r.ProgressCount;
                r.ProgressNodes[n] = id;
                r.ProgressStates[n] = pr.State;
                r.ProgressInflight[n] = Clamp(pr.Inflights.Count, 0, Config.InflightFramesLimit);
                r.ProgressMatchLag[n] = Clamp(last - pr.Match, 0, StatusReport.MaxLag);
                r.ProgressNextLag[n] = Clamp(last + 1 - pr.Next, 0, StatusReport.MaxLag);
                r.ProgressCount = n + 1;
            }
        }

        private static int Clamp(int value, int min, int max) => value < min ? min : value > max ? max : value;
    }
}
