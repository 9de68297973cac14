namespace RaftEsp.BoardAdapters.Host.Tests;

public class StatusLedTests
{
    private sealed class RecordingPin : IPinWriter
    {
        public readonly List<bool> Writes = new();

        public void Write(bool high) => Writes.Add(high);
    }

    private sealed class RecordingLed : IStatusLed
    {
        public readonly List<bool> States = new();

        public void Set(bool on) => States.Add(on);
    }

    [Fact]
    public void An_active_high_LED_drives_the_pin_high_to_light()
    {
        RecordingPin pin = new();
        PinStatusLed led = new(pin, activeLow: false);
        led.Set(true);
        led.Set(false);
        Assert.Equal(new[] { false, true, false }, pin.Writes);
        Assert.False(led.IsOn);
    }

    [Fact]
    public void An_active_low_LED_drives_the_pin_low_to_light_and_starts_dark()
    {
        RecordingPin pin = new();
        PinStatusLed led = new(pin, activeLow: true);
        led.Set(true);
        Assert.Equal(new[] { true, false }, pin.Writes);
        Assert.True(led.IsOn);
    }

    [Fact]
    public void Asking_for_the_state_the_LED_already_has_writes_nothing()
    {
        RecordingPin pin = new();
        PinStatusLed led = new(pin, activeLow: false);
        led.Set(false);
        led.Set(true);
        led.Set(true);
        led.Set(true);
        Assert.Equal(new[] { false, true }, pin.Writes);
    }

    [Fact]
    public void The_error_blinker_plays_the_pattern_with_its_timings_and_ends_dark()
    {
        RecordingLed led = new();
        List<int> pauses = new();
        ErrorBlinker.Show(led, 1, 2, 2, pauses.Add);

        int steps = BlinkPattern.StepCount(1, 2);
        Assert.Equal(2 * steps + 1, led.States.Count);
        Assert.Equal(2 * steps, pauses.Count);
        for (int i = 0; i < 2 * steps; i++)
        {
            Assert.Equal(BlinkPattern.IsOn(1, 2, i % steps), led.States[i]);
            Assert.Equal(BlinkPattern.Millis(1, 2, i % steps), pauses[i]);
        }

        Assert.False(led.States[^1]);
        Assert.Equal(new[] { true, false, true, false, true, false }, led.States.Take(steps));
    }
}
