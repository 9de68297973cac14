namespace RaftEsp.Simulator;

/// <summary>
/// Parameters of the ESP-NOW radio model (docs/radio-model.md gives the sources). ESP-NOW sends vendor-specific
/// 802.11 action frames; at the default 1 Mbps DSSS rate each frame pays a long PLCP preamble, MAC and vendor headers,
/// channel access (DIFS and random backoff) and, for unicast, a link-layer ACK with retries.
/// </summary>
public sealed class RadioConfig
{
    /// <summary>PHY rate of data frames, in Mbit/s.</summary>
    public double PhyRateMbps { get; set; } = 1.0;

    /// <summary>Bytes around every payload: MAC header 24, category/OUI/random 5, vendor element 2+3+1+1 (type, version), FCS 4, rounded with the element header: 43.</summary>
    public int OverheadBytes { get; set; } = 43;

    /// <summary>Long PLCP preamble and header at 1 Mbps DSSS.</summary>
    public int PreambleMicros { get; set; } = 192;

    public int SlotMicros { get; set; } = 20;
    public int SifsMicros { get; set; } = 10;
    public int DifsMicros => SifsMicros + 2 * SlotMicros;
    public int CwMin { get; set; } = 31;
    public int CwMax { get; set; } = 1023;

    /// <summary>802.11 ACK: 14 bytes at the basic rate (1 Mbps) plus the preamble.</summary>
    public int AckBytes { get; set; } = 14;

    /// <summary>Transmissions of one unicast frame before the sender gives up (the first try and 6 retries).</summary>
    public int MaxAttempts { get; set; } = 7;

    /// <summary>Frames waiting to be sent per board; more are dropped (and counted).</summary>
    public int TxQueueFrames { get; set; } = 32;

    /// <summary>Received frames waiting for the board's CPU; more are dropped (and counted).</summary>
    public int RxQueueFrames { get; set; } = 16;

    public long AirtimeMicros(int payloadBytes) =>
        PreambleMicros + (long)Math.Ceiling((OverheadBytes + payloadBytes) * 8 / PhyRateMbps);

    /// <summary>An ACK is always sent at the 1 Mbps basic rate.</summary>
    public long AckMicros => PreambleMicros + AckBytes * 8;

    /// <summary>How long a unicast sender waits for the ACK before it retries.</summary>
    public long AckTimeoutMicros => SifsMicros + AckMicros + SlotMicros;

    /// <summary>
    /// Frames per second one sender can put on an idle channel: DIFS, mean initial backoff, airtime, and for unicast
    /// SIFS + ACK. The bound the model implies for a stream of equal frames.
    /// </summary>
    public double ChannelBoundFramesPerSecond(int payloadBytes, bool unicast)
    {
        double micros = DifsMicros + CwMin / 2.0 * SlotMicros + AirtimeMicros(payloadBytes) + (unicast ? SifsMicros + AckMicros : 0);
        return 1_000_000 / micros;
    }
}
