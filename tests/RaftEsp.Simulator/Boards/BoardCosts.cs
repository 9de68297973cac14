namespace RaftEsp.Simulator;

/// <summary>
/// CPU and flash time a board spends, in microseconds. The nanoFramework interpreter on an ESP32 is slow enough that
/// this matters next to airtime. A board does one thing at a time; frames that arrive while it is busy wait in its
/// receive queue.
/// <para>
/// The frame costs come from the IL the core executes per frame (tests/RaftEsp.BoardBenchmark.IlCount: a full
/// AppendEntries and an acknowledgement, so a fixed part and a part per byte), at 5.55 ns per IL instruction on the
/// x86 nanoCLR (fitted to issue 14's five interpreter figures, each within 20 %) times 50 for an ESP32 (the issue's
/// factor): 0.28 µs per instruction. Each fixed part adds 100 µs for the board loop around the core (the ESP-NOW
/// callback and event, or handing a frame to the radio), which the count does not see. docs/radio-model.md has the
/// derivation and docs/performance.md the counts.
/// </para>
/// </summary>
public sealed class BoardCosts
{
    /// <summary>Fixed cost of handling one received frame: callback and event, header checks, Raft's Step and Ready
    /// (2,439 IL instructions, 677 µs) plus the loop's 100 µs.</summary>
    public long ReceiveFixedMicros { get; set; } = 780;

    /// <summary>Per byte of a received frame: the SipHash-2-4 tag (21 IL instructions a byte) and decoding the
    /// entries (6 a byte): 26.9 instructions.</summary>
    public double ReceivePerByteMicros { get; set; } = 7.5;

    /// <summary>Fixed cost of encoding and handing one frame to the radio: the header and the tag's finalization
    /// (446 IL instructions, 124 µs) plus the loop's 100 µs.</summary>
    public long SendFixedMicros { get; set; } = 225;

    /// <summary>Per byte of a sent frame: writing the entries and the tag, 35.2 IL instructions a byte.</summary>
    public double SendPerByteMicros { get; set; } = 9.8;

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

    /// <summary>The names <c>--board-model</c> takes, in the order the help lists them.</summary>
    public static readonly string[] ModelNames = { "interpreted", "native-tag", "free" };

    /// <summary>The boards as they run today: the managed SipHash tag on the interpreter (the defaults above).</summary>
    public static BoardCosts Interpreted => new();

    /// <summary>
    /// The same boards with the frame tag computed natively (the stock images' mbedTLS HMAC-SHA256): the IL count of
    /// the frame path without the tag's rounds, plus a native call each way (docs/performance.md, "Board CPU per frame
    /// in the simulator"). Flash, ticks and applying are the interpreter's as above. An estimate until a board run of
    /// tests/RaftEsp.BoardBenchmark measures the native call.
    /// </summary>
    public static BoardCosts NativeTag => new()
    {
        ReceiveFixedMicros = 710, ReceivePerByteMicros = 1.6, SendFixedMicros = 155, SendPerByteMicros = 3.8,
    };

    /// <summary>Boards with no CPU cost at all, for comparing the protocol alone with the protocol on real boards.</summary>
    public static BoardCosts Free => new()
    {
        ReceiveFixedMicros = 0, ReceivePerByteMicros = 0, SendFixedMicros = 0, SendPerByteMicros = 0, TickMicros = 0,
        ApplyMicros = 0, FlashWriteFixedMicros = 0, FlashPerEntryMicros = 0, FlashJitterMicros = 0,
    };

    /// <summary>The board model named <paramref name="name"/> (one of <see cref="ModelNames"/>), or null.</summary>
    public static BoardCosts? Named(string name) => name switch
    {
        "interpreted" => Interpreted,
        "native-tag" => NativeTag,
        "free" => Free,
        _ => null,
    };

    public long Receive(int bytes) => ReceiveFixedMicros + (long)(ReceivePerByteMicros * bytes);

    public long Send(int bytes) => SendFixedMicros + (long)(SendPerByteMicros * bytes);
}
