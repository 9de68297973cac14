using RaftEsp.Apps;

namespace RaftEsp.DeviceTests.Harness
{
    /// <summary>A clock the test moves by hand.</summary>
    public sealed class ManualClock : IClock
    {
        public long NowMillis { get; private set; }

        public long NowMicros => NowMillis * 1000;

        /// <summary>Moves time forward.</summary>
        public void Advance(int millis) => NowMillis += millis;
    }
}
