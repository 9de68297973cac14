using System.Globalization;
using RaftEsp.Core;

namespace RaftEsp.Simulator;

/// <summary>
/// What linearizable gets cost in a single run (docs/performance.md, "Reads under load"): gets answered, their
/// latency, the read-index frames on the radio per get and per commit, and the heartbeat rounds leaders started for
/// reads (each one a frame to every follower and an answer from each).
/// </summary>
public static class ReadFigures
{
    public static string Line(RunResult r)
    {
        long requests = r.Radio.ByType[(int)MessageType.ReadIndexRequest];
        long responses = r.Radio.ByType[(int)MessageType.ReadIndexResponse];
        int gets = r.GetLatencies.Count;
        return string.Create(CultureInfo.InvariantCulture,
            $"reads: gets answered {gets}, get latency p50 {RunResult.Ms(RunResult.Percentile(r.GetLatencies, 50))} " +
            $"p99 {RunResult.Ms(RunResult.Percentile(r.GetLatencies, 99))}, read-index frames {requests + responses} " +
            $"({requests} requests, {responses} responses), per get {Ratio(requests + responses, gets):F2}, " +
            $"per commit {Ratio(requests + responses, r.CommittedCommands):F2}, read rounds {r.ReadRounds}, " +
            $"per get {Ratio(r.ReadRounds, gets):F2}");
    }

    private static double Ratio(long part, long whole) => whole == 0 ? 0 : (double)part / whole;
}
