namespace RaftEsp.Monitor.History;

/// <summary>The line the monitor prints at start about its history.</summary>
internal static class HistoryText
{
    public static string? Describe(MonitorHistory? history)
    {
        if (history == null) return null;
        if (history.File is { } file)
        {
            return $"Recording {file.Path}: {file.Records.Count} records, {history.RecordedFrames.Count} frames, {(file.EndMicros - file.StartMicros) / 1e6:0.###} s" +
                (file.Header.DroppedBeforeMicros > 0 ? $" (older data was dropped before {file.Header.DroppedBeforeMicros / 1e6:0.###} s)" : "");
        }

        return history.Recorder?.Writer is { } writer
            ? $"Recording to {writer.Path} (cap {writer.CapBytes / (1024 * 1024)} MB, oldest dropped first; --work DIR, --record-cap-mb N, --no-record)"
            : "Recording to memory only (--no-record): the page's slider still reaches back";
    }
}
