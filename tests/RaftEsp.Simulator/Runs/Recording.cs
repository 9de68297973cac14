using System.Globalization;

namespace RaftEsp.Simulator;

/// <summary>The commands a failure report prints to turn a failing seed into a movie (docs/testing.md).</summary>
public static class Recording
{
    /// <summary>The file a failing seed is recorded to.</summary>
    public static string FileFor(ulong seed) => string.Create(CultureInfo.InvariantCulture, $"raftesp-seed-{seed}.rrec");

    /// <summary>The replay command with --record: the same run, written as a recording.</summary>
    public static string RecordCommand(string replayCommand, ulong seed) => replayCommand + " --record " + FileFor(seed);

    /// <summary>The monitor command that opens the recording.</summary>
    public static string WatchCommand(ulong seed) => "dotnet run --project desktop-monitor/RaftEsp.Monitor -- --replay " + FileFor(seed);
}
