namespace RaftEsp.Apps
{
    /// <summary>
    /// One LED on a GPIO pin. The portable apps decide the blink pattern (role and term, docs/flashing.md); the
    /// adapter only switches the pin.
    /// </summary>
    public interface IStatusLed
    {
        /// <summary>Turns the LED on or off.</summary>
        void Set(bool on);
    }
}
