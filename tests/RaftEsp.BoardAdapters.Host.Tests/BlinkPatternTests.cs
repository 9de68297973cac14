namespace RaftEsp.BoardAdapters.Host.Tests;

public class BlinkPatternTests
{
    [Fact]
    public void Shows_family_long_blinks_then_code_short_blinks()
    {
        const int family = 2;
        const int code = 3;
        Assert.Equal(10, BlinkPattern.StepCount(family, code));
        int[] expected =
        {
            BlinkPattern.LongOnMillis, BlinkPattern.GapMillis,
            BlinkPattern.LongOnMillis, BlinkPattern.GapMillis + BlinkPattern.GroupPauseMillis,
            BlinkPattern.ShortOnMillis, BlinkPattern.GapMillis,
            BlinkPattern.ShortOnMillis, BlinkPattern.GapMillis,
            BlinkPattern.ShortOnMillis, BlinkPattern.GapMillis + BlinkPattern.RepeatPauseMillis,
        };
        for (int step = 0; step < expected.Length; step++)
        {
            Assert.Equal(step % 2 == 0, BlinkPattern.IsOn(family, code, step));
            Assert.Equal(expected[step], BlinkPattern.Millis(family, code, step));
        }
    }

    [Fact]
    public void Long_and_short_blinks_are_told_apart()
    {
        Assert.True(BlinkPattern.LongOnMillis >= 3 * BlinkPattern.ShortOnMillis);
        Assert.True(BlinkPattern.RepeatPauseMillis > BlinkPattern.GroupPauseMillis);
    }

    [Theory]
    [InlineData(0, 0, 4)]
    [InlineData(1, 1, 4)]
    [InlineData(1, 50, 2 + 2 * BlinkPattern.MaxBlinks)]
    public void Out_of_range_counts_are_clamped_to_at_least_one_and_at_most_MaxBlinks(int family, int code, int steps)
    {
        Assert.Equal(steps, BlinkPattern.StepCount(family, code));
    }
}
