namespace RaftEsp.Apps.Tests;

/// <summary>
/// A test client on the radio that follows the anti-replay rules like the collector: a guarded codec, a boot epoch on
/// its own flash, and the Sync handshake, so the boards accept its frames once it has answered their Sync.
/// </summary>
public sealed class SyncedClient
{
    private readonly IRadio radio;
    private readonly BoardEpochs epochs;

    public SyncedClient(IRadio radio, int id, IFlashFiles? flash = null)
    {
        this.radio = radio;
        Codec = new FrameCodec(1, Samples.Key, FrameLimits.MaxCounter, new Config().HeartbeatTicks);
        epochs = new BoardEpochs(Codec, flash ?? new MemoryFlash(), id);
        Assert.Equal(EpochError.None, epochs.Boot());
    }

    public FrameCodec Codec { get; }

    /// <summary>Call once per millisecond: the guard ticks with the boards (10 ms).</summary>
    public void Millisecond(long now)
    {
        if (now % 10 == 0) epochs.Tick();
    }

    /// <summary>Takes a received Sync or SyncAck; false for any other frame (the caller's).</summary>
    public bool Handle(byte[] frame, int length)
    {
        if (!BoardEpochs.IsSyncFrame(frame, length)) return false;
        epochs.Receive(frame, length);
        return true;
    }

    /// <summary>Sends what the handshake owes.</summary>
    public void SendDue() => epochs.SendDue(radio);
}
