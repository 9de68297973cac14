using RaftEsp.BoardBenchmark;
using RaftEsp.Core;
using RaftEsp.DeviceTests.Harness;

namespace RaftEsp.NativeTagProbe
{
    /// <summary>
    /// What the stock ESP32 images' native HMAC-SHA256 would cost a board as the frame tag, beside the managed
    /// SipHash-2-4 every frame carries today: the figures docs/wire-format.md ("The tag on the boards") needs before
    /// the tag can change. For an ESP32 only: the nanoCLR virtual device has no native half of
    /// nanoFramework.System.Security.Cryptography. The host build (tests/RaftEsp.NativeTagProbe.Host) runs the same
    /// source on .NET's HMAC to prove the program, not to measure a board.
    /// </summary>
    public static class Program
    {
        /// <summary>Calls timed one by one for the collection figure: at 400 frames a second, five seconds of frames.</summary>
        public const int SpreadCalls = 2000;

        public static void Main()
        {
#if NANOFRAMEWORK_1_0
            BenchOutput.Line("RaftEsp native tag probe (nanoFramework)");
#else
            BenchOutput.Line("RaftEsp native tag probe (host .NET: proves the program; a board's figures come from an ESP32)");
#endif
            BenchOutput.Line("clock: " + BenchClock.Source);
            try
            {
                Run();
            }
            catch (System.Exception e)
            {
                // A runtime without the native library ends here; "done" must still come, so a run shows it finished.
                BenchOutput.Line("HMAC-SHA256 not available on this runtime (" + e.GetType().Name + ": " + e.Message + ")");
            }

            BenchOutput.Line("done");
        }

        private static void Run()
        {
            bool matches = SelfCheck.HmacMatchesRfc4231();
            BenchOutput.Line("self-check: the runtime's HMAC-SHA256 gives RFC 4231's test case 2: " + (matches ? "yes" : "NO"));
            if (!matches) return;

            // The frame shapes come from the wire format in use, as in the board benchmark.
            Figures figures = new Figures();
            TagWork ack = new TagWork(NanoCluster.Key, figures.AckFrameLength - FrameLimits.TagBytes);
            TagWork full = new TagWork(NanoCluster.Key, figures.FullFrameLength - FrameLimits.TagBytes);
            TagWork buffer = new TagWork(NanoCluster.Key, FrameLimits.MaxFrameBytes);
            Compare(ack, "an acknowledgement's body");
            Compare(full, "a full AppendEntries' body");
            Compare(buffer, "a whole frame buffer: the fixed-length variant, no exact-length copy");

            Spread.Measure(new Operation(full.SipHash), SpreadCalls, out long sipMean, out long sipLongest);
            Spread.Measure(new Operation(full.Hmac), SpreadCalls, out long hmacMean, out long hmacLongest);
            BenchOutput.Line(SpreadCalls + " calls timed one by one, " + full.Bytes + " B: SipHash-2-4 mean " + Timed.Micros(sipMean)
                + ", longest " + Timed.Micros(sipLongest) + "; HMAC-SHA256 mean " + Timed.Micros(hmacMean)
                + ", longest " + Timed.Micros(hmacLongest) + " (a 32-byte array of garbage a call)");
            if (!ack.Ran || !full.Ran || !buffer.Ran) BenchOutput.Line("unexpected: a tag did not run");
        }

        private static void Compare(TagWork work, string what)
        {
            long sipHash = Timed.NanosPerCall(new Operation(work.SipHash), out int sipCalls);
            long hmac = Timed.NanosPerCall(new Operation(work.Hmac), out int hmacCalls);
            BenchOutput.Line("tag of " + work.Bytes + " B (" + what + "): SipHash-2-4 (managed) " + Timed.Micros(sipHash)
                + " per op (" + sipCalls + " ops), HMAC-SHA256 (runtime) " + Timed.Micros(hmac) + " per op (" + hmacCalls + " ops)");
        }
    }
}
