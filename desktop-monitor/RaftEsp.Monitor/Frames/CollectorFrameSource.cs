using RaftEsp.Apps;
using RaftEsp.Recording;

namespace RaftEsp.Monitor.Frames;

/// <summary>
/// Real-collector mode: turns the collector's FramesHeard digests (docs/protocol.md section 2) into frames of the
/// feed. The collector overhears broadcasts and frames addressed to it, not unicast frames between boards, and does
/// not know whether a copy arrived: <see cref="FrameEvent.DeliveredTo"/> and <see cref="FrameEvent.LostTo"/> stay
/// empty. Frames it could not report (its buffer was full) count as unreported, so the page says it samples.
/// <para>
/// Clocks: a record's time is on the collector's (ms since it started). The source maps it to the monitor's with the
/// smallest (arrival − newest record) gap seen so far: a digest leaves at most 100 ms after its newest frame, so the
/// smallest gap is the closest to the link's own delay.
/// </para>
/// </summary>
internal sealed class CollectorFrameSource
{
    private readonly FrameFeed feed;
    private long offsetMicros = long.MaxValue;

    public CollectorFrameSource(FrameFeed feed)
    {
        this.feed = feed;
        feed.SetSource("collector", FrameSources.CollectorNote);
    }

    /// <summary>Frames added so far.</summary>
    public long Frames { get; private set; }

    /// <summary>Adds a digest's frames to the feed (called on the link's receive thread).</summary>
    public void OnDigest(FramesHeard digest)
    {
        long now = feed.NowMicros;
        int newest = 0;
        for (int p = 0, i = 0; i < digest.Count; i++, p = digest.Next(p)) newest = Math.Max(newest, digest.OffsetAt(p));
        if (digest.Count > 0) offsetMicros = Math.Min(offsetMicros, now - (digest.BaseMillis + (long)newest) * 1000);
        for (int p = 0, i = 0; i < digest.Count; i++, p = digest.Next(p))
        {
            FrameSummary s = FrameSummary.Read(digest.Records.AsSpan(p + FramesHeard.RecordFixedBytes, digest.PrefixAt(p)), digest.LengthAt(p));
            long micros = (digest.BaseMillis + (long)digest.OffsetAt(p)) * 1000 + offsetMicros;
            feed.Add(s.ToEvent(micros, [], [], FrameSource.Collector));
            Frames++;
        }

        feed.AddUnreported(digest.Unreported);
    }
}
