namespace RaftEsp.BoardAdapters.Host.Tests;

public class ReplaceRecoveryTests
{
    [Theory]
    [InlineData(false, false, ReplaceRecoveryAction.None)]
    [InlineData(true, false, ReplaceRecoveryAction.None)]
    [InlineData(true, true, ReplaceRecoveryAction.DeleteTemp)]
    [InlineData(false, true, ReplaceRecoveryAction.PromoteTemp)]
    public void The_new_copy_is_kept_only_once_the_old_file_is_gone(bool target, bool temp, ReplaceRecoveryAction expected)
    {
        Assert.Equal(expected, ReplaceRecovery.Decide(target, temp));
    }
}

public class RetryScheduleTests
{
    [Fact]
    public void Doubles_from_two_seconds_up_to_thirty()
    {
        int[] delays = new int[7];
        for (int i = 0; i < delays.Length; i++) delays[i] = RetrySchedule.DelayMillis(i);
        Assert.Equal(new[] { 2000, 4000, 8000, 16000, 30000, 30000, 30000 }, delays);
        Assert.Equal(30000, RetrySchedule.DelayMillis(1000));
    }
}

public class RadioKindsTests
{
    [Theory]
    [InlineData("espnow", RadioKind.EspNow)]
    [InlineData("ESP-NOW", RadioKind.EspNow)]
    [InlineData("udp", RadioKind.Udp)]
    [InlineData("UDP", RadioKind.Udp)]
    [InlineData("lora", RadioKind.Unknown)]
    [InlineData("", RadioKind.Unknown)]
    public void Parses_the_radio_line(string text, RadioKind expected)
    {
        Assert.Equal(expected, RadioKinds.Parse(text));
    }
}
