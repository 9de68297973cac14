namespace RaftEsp.BoardAdapters
{
    /// <summary>
    /// The LED pattern that reports a start-up failure without a serial cable: <c>family</c> long blinks, a pause,
    /// <c>code</c> short blinks, a longer pause, repeated. The pattern is a list of steps (LED on or off for some
    /// milliseconds) so the board just plays it and the tests can read it.
    /// </summary>
    public static class BlinkPattern
    {
        /// <summary>A long blink: LED on.</summary>
        public const int LongOnMillis = 700;

        /// <summary>A short blink: LED on.</summary>
        public const int ShortOnMillis = 150;

        /// <summary>Dark time after each blink.</summary>
        public const int GapMillis = 350;

        /// <summary>Extra dark time between the long and the short blinks.</summary>
        public const int GroupPauseMillis = 800;

        /// <summary>Dark time before the pattern repeats.</summary>
        public const int RepeatPauseMillis = 2500;

        /// <summary>Most blinks shown for a family or a code; larger numbers are shown as this many (the serial output has the exact one).</summary>
        public const int MaxBlinks = 20;

        /// <summary>Steps in one round of the pattern for <paramref name="family"/> and <paramref name="code"/>.</summary>
        public static int StepCount(int family, int code)
        {
            return 2 * Clamp(family) + 2 * Clamp(code);
        }

        /// <summary>Whether the LED is on during step <paramref name="step"/> (0 ≤ step &lt; <see cref="StepCount"/>).</summary>
        public static bool IsOn(int family, int code, int step)
        {
            return step % 2 == 0;
        }

        /// <summary>How long step <paramref name="step"/> lasts, in milliseconds.</summary>
        public static int Millis(int family, int code, int step)
        {
            int longSteps = 2 * Clamp(family);
            int last = StepCount(family, code) - 1;
            if (step % 2 == 0) return step < longSteps ? LongOnMillis : ShortOnMillis;
            if (step == last) return GapMillis + RepeatPauseMillis;
            if (step == longSteps - 1) return GapMillis + GroupPauseMillis;
            return GapMillis;
        }

        private static int Clamp(int blinks)
        {
            if (blinks < 1) return 1;
            return blinks > MaxBlinks ? MaxBlinks : blinks;
        }
    }
}
