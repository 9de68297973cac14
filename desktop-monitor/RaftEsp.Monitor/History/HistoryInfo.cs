namespace RaftEsp.Monitor.History;

/// <summary>
/// GET /api/history (docs/protocol.md section 3): live or replay; the times the slider spans (monitor time, ms);
/// the playback position, whether it plays and how fast (live: the present, playing, 1); the recording file (live:
/// the one being written, null when recording to memory only), its size and cap; and the time before which the
/// oldest data was dropped (0: nothing dropped).
/// </summary>
public sealed record HistoryInfo(
    string Mode,
    long StartMs,
    long EndMs,
    long PositionMs,
    bool Live,
    bool Playing,
    double Speed,
    string? File,
    long Bytes,
    long CapBytes,
    long DroppedBeforeMs,
    string? Note);

/// <summary>The history modes.</summary>
public static class HistoryModes
{
    public const string Live = "live";
    public const string Replay = "replay";
}
