using RaftEsp.Monitor.Frames;
using RaftEsp.Recording;

namespace RaftEsp.Monitor.History;

/// <summary>
/// GET /api/frames in a replay: the recording's frames, numbered 1, 2, ... in time order. The "live" tail
/// (<see cref="After"/>) ends at the playback position, so the page's frames play along with the recording (and a
/// seek back gives nothing new until the position passes the frames again); a window (<see cref="Between"/>) is any
/// span of the recording.
/// </summary>
internal sealed class RecordingFrames(IReadOnlyList<FrameEvent> frames, Func<long> positionMicros) : IFrameHistory
{
    public const string Source = "recording";

    public FramePage After(long afterSeq, int max)
    {
        long now = positionMicros();
        int end = UpTo(now); // frames [0, end) are at or before the position
        int from = (int)Math.Clamp(afterSeq, 0, end);
        return Page(from, end, max, now);
    }

    public FramePage Between(long fromMicros, long toMicros, int max)
    {
        int from = UpTo(fromMicros - 1);
        int end = UpTo(toMicros);
        return Page(from, Math.Max(from, end), max, positionMicros());
    }

    private FramePage Page(int from, int end, int max, long now)
    {
        int take = Math.Min(Math.Max(max, 0), end - from);
        int start = end - take; // the newest ones when more match
        var page = new SequencedFrame[take];
        for (int i = 0; i < take; i++) page[i] = new SequencedFrame(start + i + 1, frames[start + i]);
        int lastSecond = end - UpTo(now - 1_000_000);
        return new FramePage(page, UpTo(now), now, Source, lastSecond, lastSecond, false, "", end - from - take);
    }

    /// <summary>How many frames are at or before <paramref name="micros"/>.</summary>
    private int UpTo(long micros)
    {
        int lo = 0, hi = frames.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (frames[mid].TimeMicros <= micros) lo = mid + 1;
            else hi = mid;
        }

        return lo;
    }
}
