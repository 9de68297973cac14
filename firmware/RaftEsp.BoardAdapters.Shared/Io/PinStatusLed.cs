using RaftEsp.Apps;

namespace RaftEsp.BoardAdapters
{
    /// <summary>
    /// The status LED on one output pin. Knows whether the LED lights on a high or a low pin
    /// (<c>led-active-low</c>), and writes the pin only when the LED changes, so a pattern that asks for "on" many
    /// times in a row costs one pin write.
    /// </summary>
    public sealed class PinStatusLed : IStatusLed
    {
        private readonly IPinWriter pin;
        private readonly bool activeLow;
        private bool known;
        private bool lit;

        /// <summary>A LED on <paramref name="pin"/>, switched off at once so the board starts from a known state.</summary>
        public PinStatusLed(IPinWriter pin, bool activeLow)
        {
            this.pin = pin;
            this.activeLow = activeLow;
            Set(false);
        }

        /// <summary>Whether the LED is lit now.</summary>
        public bool IsOn => lit;

        /// <inheritdoc />
        public void Set(bool on)
        {
            if (known && on == lit) return;
            pin.Write(on != activeLow);
            lit = on;
            known = true;
        }
    }
}
