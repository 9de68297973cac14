using System.Collections;
using nanoFramework.TestFramework;
using RaftEsp.Apps;

namespace RaftEsp.BoardAdapters.Tests
{
    /// <summary>The LED driver's pin writes and the error pattern, recorded instead of lit.</summary>
    [TestClass]
    public class StatusLedDeviceTests
    {
        private sealed class RecordingPin : IPinWriter
        {
            public readonly ArrayList Writes = new ArrayList();

            public void Write(bool high) => Writes.Add(high);
        }

        private sealed class RecordingLed : IStatusLed
        {
            public readonly ArrayList States = new ArrayList();

            public void Set(bool on) => States.Add(on);
        }

        [TestMethod]
        public void An_active_low_LED_lights_on_a_low_pin_and_skips_repeated_writes()
        {
            RecordingPin pin = new RecordingPin();
            PinStatusLed led = new PinStatusLed(pin, true);
            led.Set(true);
            led.Set(true);
            led.Set(false);
            Assert.AreEqual(3, pin.Writes.Count);
            Assert.IsTrue((bool)pin.Writes[0]);
            Assert.IsFalse((bool)pin.Writes[1]);
            Assert.IsTrue((bool)pin.Writes[2]);
        }

        [TestMethod]
        public void The_error_pattern_plays_long_then_short_blinks_and_ends_dark()
        {
            RecordingLed led = new RecordingLed();
            ArrayList pauses = new ArrayList();
            ErrorBlinker.Show(led, 2, 1, 1, millis => pauses.Add(millis));

            int steps = BlinkPattern.StepCount(2, 1);
            Assert.AreEqual(6, steps);
            Assert.AreEqual(steps + 1, led.States.Count);
            Assert.AreEqual(BlinkPattern.LongOnMillis, (int)pauses[0]);
            Assert.AreEqual(BlinkPattern.LongOnMillis, (int)pauses[2]);
            Assert.AreEqual(BlinkPattern.ShortOnMillis, (int)pauses[4]);
            Assert.IsTrue((bool)led.States[4]);
            Assert.IsFalse((bool)led.States[steps]);
        }
    }
}
