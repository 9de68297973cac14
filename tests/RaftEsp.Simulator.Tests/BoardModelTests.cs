namespace RaftEsp.Simulator.Tests;

/// <summary><c>--board-model</c>: the boards' CPU and flash model a run uses, and how a replay command carries it.</summary>
public class BoardModelTests
{
    [Fact]
    public void The_boards_as_they_run_are_the_default_and_a_replay_command_leaves_them_out()
    {
        var settings = new RunSettings();
        Assert.Equal("interpreted", settings.BoardModel);
        Assert.Equal(new BoardCosts().Receive(240), settings.ToOptions().Costs.Receive(240));
        Assert.DoesNotContain("--board-model", Replay.Run(settings, 1));
    }

    [Theory]
    [InlineData("native-tag")]
    [InlineData("free")]
    public void A_named_model_reaches_the_run_and_its_replay_command(string model)
    {
        var settings = new RunSettings { BoardModel = model };
        Assert.Null(settings.Validate());
        string line = Replay.Run(settings, 7);
        Assert.Contains($" --board-model {model}", line);
        var (parsed, _) = SimCommandLine.ParseRun(Replay.Arguments(line));
        Assert.Equal(model, parsed.BoardModel);
        Assert.Equal(BoardCosts.Named(model)!.Receive(240), parsed.ToOptions().Costs.Receive(240));
    }

    [Fact]
    public void The_native_tag_makes_frames_cheaper_but_leaves_flash_and_applying_as_they_are()
    {
        BoardCosts interpreted = BoardCosts.Interpreted, native = BoardCosts.NativeTag;
        Assert.True(native.Receive(240) < interpreted.Receive(240) / 2);
        Assert.True(native.Send(240) < interpreted.Send(240) / 2);
        Assert.Equal(interpreted.FlashWriteFixedMicros, native.FlashWriteFixedMicros);
        Assert.Equal(interpreted.ApplyMicros, native.ApplyMicros);
        Assert.Equal(0, BoardCosts.Free.Receive(240) + BoardCosts.Free.Send(240) + BoardCosts.Free.FlashWriteFixedMicros);
    }

    [Fact]
    public void An_unknown_model_is_refused_by_name()
    {
        string? error = new RunSettings { BoardModel = "esp8266" }.Validate();
        Assert.Equal("--board-model must be interpreted, native-tag, free", error);
    }
}
