using System.Threading;
using RaftEsp.Apps;

namespace RaftEsp.BoardAdapters
{
    /// <summary>Waits the given number of milliseconds (Thread.Sleep on the board; a recorder in the tests).</summary>
    public delegate void Pause(int millis);

    /// <summary>Plays <see cref="BlinkPattern"/> on the status LED: how a board without a serial cable says why it stopped.</summary>
    public static class ErrorBlinker
    {
        /// <summary>Shows the pattern for <paramref name="family"/> and <paramref name="code"/> <paramref name="rounds"/> times, sleeping between steps.</summary>
        public static void Show(IStatusLed led, int family, int code, int rounds)
        {
            Show(led, family, code, rounds, Sleep);
        }

        /// <summary>Shows the pattern <paramref name="rounds"/> times, waiting with <paramref name="pause"/>; the LED ends off.</summary>
        public static void Show(IStatusLed led, int family, int code, int rounds, Pause pause)
        {
            int steps = BlinkPattern.StepCount(family, code);
            for (int round = 0; round < rounds; round++)
            {
                for (int step = 0; step < steps; step++)
                {
                    led.Set(BlinkPattern.IsOn(family, code, step));
                    pause(BlinkPattern.Millis(family, code, step));
                }
            }

            led.Set(false);
        }

        // A managed wrapper: the delegate then points at IL, not at the runtime's native Thread.Sleep.
        private static void Sleep(int millis) => Thread.Sleep(millis);
    }
}
