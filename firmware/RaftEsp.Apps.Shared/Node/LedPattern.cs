using RaftEsp.Core;

namespace RaftEsp.Apps
{
    /// <summary>
    /// The status LED's pattern, computed from the time alone so the app only switches the pin when the answer
    /// changes (docs/flashing.md shows it):
    /// <list type="bullet">
    /// <item>follower: slow blink, 500 ms on, 500 ms off;</item>
    /// <item>pre-candidate or candidate: fast blink, 100 ms on, 100 ms off;</item>
    /// <item>leader: on, except that every 3 s cycle starts with 1 + (term mod 5) short dark blinks (150 ms off, 150 ms
    /// on), so a new term is visible on the board;</item>
    /// <item>a board that refused to start (its flash contradicts itself): two 100 ms flashes every 2 s.</item>
    /// </list>
    /// The collector uses <see cref="Activity"/>: dark, lit for 50 ms after each report or result it relays.
    /// </summary>
    public static class LedPattern
    {
        /// <summary>Period of the follower's slow blink.</summary>
        public const int FollowerPeriodMillis = 1000;

        /// <summary>Period of the candidate's fast blink.</summary>
        public const int CandidatePeriodMillis = 200;

        /// <summary>The leader's cycle: the term's blink count, then steady light.</summary>
        public const int LeaderCycleMillis = 3000;

        /// <summary>One dark blink of the leader: 150 ms off, then 150 ms on.</summary>
        public const int LeaderBlinkMillis = 300;

        /// <summary>The leader shows 1 + term mod this many dark blinks.</summary>
        public const int LeaderTermModulus = 5;

        /// <summary>Period of the fault pattern.</summary>
        public const int FaultPeriodMillis = 2000;

        /// <summary>How long the collector's LED stays lit after a report or result.</summary>
        public const int ActivityMillis = 50;

        /// <summary>Whether a node's LED is lit at <paramref name="nowMillis"/>.</summary>
        public static bool IsOn(long nowMillis, Role role, int term, bool faulted)
        {
            if (nowMillis < 0) nowMillis = 0;
            if (faulted)
            {
                long t = nowMillis % FaultPeriodMillis;
                return t < 100 || (t >= 200 && t < 300);
            }

            switch (role)
            {
                case Role.Leader:
                    long cycle = nowMillis % LeaderCycleMillis;
                    int blinks = 1 + (term < 0 ? 0 : term % LeaderTermModulus);
                    if (cycle >= (long)blinks * LeaderBlinkMillis) return true;
                    return cycle % LeaderBlinkMillis >= LeaderBlinkMillis / 2;
                case Role.Candidate:
                case Role.PreCandidate:
                    return nowMillis % CandidatePeriodMillis < CandidatePeriodMillis / 2;
                default:
                    return nowMillis % FollowerPeriodMillis < FollowerPeriodMillis / 2;
            }
        }

        /// <summary>Whether the collector's LED is lit: within <see cref="ActivityMillis"/> of the last activity.</summary>
        public static bool Activity(long nowMillis, long lastActivityMillis) =>
            lastActivityMillis >= 0 && nowMillis - lastActivityMillis < ActivityMillis;
    }
}
