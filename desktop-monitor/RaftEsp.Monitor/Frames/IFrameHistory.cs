using RaftEsp.Recording;

namespace RaftEsp.Monitor.Frames;

/// <summary>
/// Frames to show: the live feed (<see cref="FrameFeed"/>) or a recording's (a replay: History/RecordingFrames). GET /api/frames
/// answers from whichever the runtime holds.
/// </summary>
public interface IFrameHistory
{
    /// <summary>The frames with a sequence number above <paramref name="afterSeq"/>, oldest first, at most
    /// <paramref name="max"/>: when more wait, an even sample of them that includes the newest (every k-th), so a
    /// capped answer still spans the whole stretch.</summary>
    FramePage After(long afterSeq, int max);

    /// <summary>Frames seen from <paramref name="fromMicros"/> to <paramref name="toMicros"/> (monitor clock,
    /// inclusive), oldest first, at most <paramref name="max"/> (an even sample of the window, as above, when more).</summary>
    FramePage Between(long fromMicros, long toMicros, int max);
}

/// <summary>One frame with its sequence number in the feed (1, 2, ...; never reused).</summary>
public readonly record struct SequencedFrame(long Seq, FrameEvent Frame);

/// <summary>An answer of <see cref="IFrameHistory"/>, with the figures the page shows beside it.</summary>
/// <param name="Frames">oldest first</param>
/// <param name="NextSeq">the sequence number to ask <c>after</c> next time (the newest one known)</param>
/// <param name="ClockMicros">the monitor's clock now (in replay: the playback position)</param>
/// <param name="Source">"ether", "collector", "recording" or "none"</param>
/// <param name="RatePerSecond">frames seen per second, lately</param>
/// <param name="KeptPerSecond">of those, frames kept per second (fewer when the monitor or the source samples)</param>
/// <param name="Sampled">true when not every frame on the air is here (a sampling source, a full buffer, a cap)</param>
/// <param name="Note">a sentence for the page saying what the figures mean (or empty)</param>
/// <param name="Omitted">frames that matched but were left out by <c>max</c></param>
public sealed record FramePage(
    IReadOnlyList<SequencedFrame> Frames,
    long NextSeq,
    long ClockMicros,
    string Source,
    double RatePerSecond,
    double KeptPerSecond,
    bool Sampled,
    string Note,
    int Omitted);
