using RaftEsp.Apps;
using RaftEsp.Core;
using RaftEsp.Recording;

namespace RaftEsp.Monitor.Tests.Fakes;

/// <summary>
/// A recording written with the recording's own writer: 5 boards; board 0 leads term 1 until it is crashed at
/// <see cref="CrashMs"/>, then board 2 leads term 2 from <see cref="NewLeaderMs"/> to <see cref="EndMs"/>. Every board
/// reports every 100 ms (a BoardStatus body, as the collector sends it); the leader's heartbeats are frames.
/// </summary>
public static class RecordedRun
{
    public const int CrashMs = 3000;
    public const int NewLeaderMs = 3400;
    public const int EndMs = 6000;

    public static readonly RecordingHeader Header = new(Recorder.Simulator, new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), 5, 0, 5, 7);

    public static string Write(string path)
    {
        using RecordingWriter w = RecordingWriter.Create(path, Header, 1 << 24);
        foreach (Recorded r in Records(EndMs)) w.Append(r.TimeMicros, r.Body);
        return path;
    }

    /// <summary>The run's records up to <paramref name="endMs"/> (past <see cref="EndMs"/>, board 2 goes on leading).</summary>
    public static IEnumerable<Recorded> Records(int endMs)
    {
        int commit = 0;
        for (int ms = 0; ms <= endMs; ms += 100)
        {
            long t = ms * 1000L;
            if (ms == CrashMs)
            {
                yield return new Recorded(t, new TimelineRecord("fault", 0, "crashed board 0"));
                yield return new Recorded(t, new CrashRecord(0, true));
            }

            int leader = ms < CrashMs ? 0 : ms >= NewLeaderMs ? 2 : -1;
            int term = ms < CrashMs ? 1 : 2;
            if (leader >= 0) commit++;
            for (int node = 0; node < 5; node++)
            {
                if (node == 0 && ms >= CrashMs) continue;
                Role role = node == leader ? Role.Leader : leader < 0 && node == 2 ? Role.Candidate : Role.Follower;
                yield return new Recorded(t + node, CollectorBodies.BoardStatus(Status(node, role, term, leader, commit)));
            }

            if (leader >= 0)
            {
                int[] others = Enumerable.Range(0, 5).Where(n => n != leader && !(n == 0 && ms >= CrashMs)).ToArray();
                yield return new Recorded(t + 10, new FrameRecord(new FrameEvent(t + 10, (int)MessageType.AppendEntries, leader, 255, 40, 0, others, Array.Empty<int>(), FrameSource.Simulator, term, commit, commit)));
            }
        }
    }

    public static BoardStatus Status(int node, Role role, int term, int leader, int commit)
    {
        var status = new BoardStatus { NodeId = node, Online = true, Polled = true, HasReport = true, LastHeardAgeMillis = 5 };
        StatusReport r = status.Report;
        r.NodeId = node;
        r.Term = term;
        r.Role = role;
        r.Leader = leader;
        r.Commit = commit;
        r.Applied = commit;
        r.LastIndex = commit;
        r.LastTerm = term;
        r.IsServer = node == 0;
        r.SlotCount = 5;
        r.FirstSlot = 0;
        r.PageCount = 5;
        r.PageValues[0] = commit;
        r.VoterCount = 5;
        for (int i = 0; i < 5; i++) r.Voters[i] = i;
        return status;
    }
}
