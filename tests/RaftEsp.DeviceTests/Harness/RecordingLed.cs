using RaftEsp.Apps;

namespace RaftEsp.DeviceTests.Harness
{
    /// <summary>An LED that remembers its state and how often it was switched.</summary>
    public sealed class RecordingLed : IStatusLed
    {
        public bool On { get; private set; }

        public int Switches { get; private set; }

        public void Set(bool on)
        {
            if (on != On) Switches++;
            On = on;
        }
    }
}
