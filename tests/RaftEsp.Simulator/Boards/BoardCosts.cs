namespace RaftEsp.Simulator;

/// <summary>
/// CPU and flash time a board spends, in microseconds. The nanoFramework interpreter on an ESP32 is slow enough that
/// this matters next to airtime: SipHash-2-4 over a full frame alone costs about 1.5 ms (docs/radio-model.md).
/// A board does one thing at a time; frames that arrive while it is busy wait in its receive queue.
/// </summary>
public sealed class BoardCosts
{
    /// <summary>Fixed cost of handling one received frame: the ESP-NOW callback, the event, header checks, Step.</summary>
    public long ReceiveFixedMicros { get; set; } = 600;

    /// <summary>Per byte of a received frame: SipHash over the frame and decoding (1.5 ms / 250 B).</summary>
    public double ReceivePerByteMicros { get; set; } = 6;

    /// <summary>Fixed cost of encoding and handing one frame to the radio.</summary>
    public long SendFixedMicros { get; set; } = 400;

    /// <summary>Per byte of a sent frame: encoding and the tag.</summary>
    public double SendPerByteMicros { get; set; } = 6;

    /// <summary>One Tick of the Raft core and the loop around it.</summary>
    public long TickMicros { get; set; } = 150;

    /// <summary>Applying one committed entry to the database.</summary>
    public long ApplyMicros { get; set; } = 120;

    /// <summary>One durable flash write (open, append, close): the record of one Ready.</summary>
    public long FlashWriteFixedMicros { get; set; } = 4000;

    /// <summary>Per entry in that record.</summary>
    public long FlashPerEntryMicros { get; set; } = 60;

    /// <summary>Extra time of a flash write, uniform in [0, this]: flash file systems vary with block erases and
    /// garbage collection, so boards never finish a write in lock-step.</summary>
    public long FlashJitterMicros { get; set; } = 3000;

    /// <summary>Boards with no CPU cost at all, for comparing the protocol alone with the protocol on real boards.</summary>
    public static BoardCosts Free => new()
    {
        ReceiveFixedMicros = 0, ReceivePerByteMicros = 0, SendFixedMicros = 0, SendPerByteMicros = 0, TickMicros = 0,
        ApplyMicros = 0, FlashWriteFixedMicros = 0, FlashPerEntryMicros = 0, FlashJitterMicros = 0,
    };

    public long Receive(int bytes) => ReceiveFixedMicros + (long)(ReceivePerByteMicros * bytes);

    public long Send(int bytes) => SendFixedMicros + (long)(SendPerByteMicros * bytes);
}
