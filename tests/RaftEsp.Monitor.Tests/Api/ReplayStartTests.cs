using System.Net;
using RaftEsp.Monitor.Options;
using RaftEsp.Monitor.Tests.Fakes;

namespace RaftEsp.Monitor.Tests.Api;

/// <summary>--replay of a file the reader refuses: the monitor says why and exits with code 2.</summary>
public sealed class ReplayStartTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("raftesp-replay-bad-").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    [Fact]
    public async Task A_corrupt_recording_stops_the_monitor_with_the_readers_message_and_exit_code_2()
    {
        string path = RecordedRun.Write(Path.Combine(dir, "bad.rrec"));
        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        var options = new MonitorOptions { Http = new IPEndPoint(IPAddress.Loopback, 0), Replay = path };
        var e = await Assert.ThrowsAsync<MonitorStartException>(() => RuntimeFactory.CreateAsync(options, CancellationToken.None));
        Assert.Equal(2, e.ExitCode);
        Assert.Matches("bad.rrec is not a readable recording: byte [0-9]+: ", e.Message);

        TextWriter before = Console.Error;
        using var captured = new StringWriter();
        Console.SetError(captured);
        try
        {
            Assert.Equal(2, await MonitorRunner.RunAsync(options, CancellationToken.None));
        }
        finally
        {
            Console.SetError(before);
        }

        Assert.StartsWith("error: " + path + " is not a readable recording: byte ", captured.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_line_takes_replay_work_and_the_cap()
    {
        Assert.True(MonitorCommandLine.TryParse(new[] { "--replay", "x.rrec" }, out MonitorOptions? o, out string error), error);
        Assert.Equal("x.rrec", o!.Replay);
        Assert.Null(o.WorkDirectory);
        Assert.True(MonitorCommandLine.TryParse(new[] { "--work", "/tmp/w", "--record-cap-mb", "8" }, out o, out error), error);
        Assert.Equal("/tmp/w", o!.WorkDirectory);
        Assert.Equal(8L << 20, o.RecordCapBytes);
        Assert.True(MonitorCommandLine.TryParse(Array.Empty<string>(), out o, out error), error);
        Assert.Equal(MonitorCommandLine.DefaultWorkDirectory(), o!.WorkDirectory);
        Assert.Equal(256L << 20, o.RecordCapBytes);
        Assert.True(MonitorCommandLine.TryParse(new[] { "--no-record" }, out o, out error), error);
        Assert.Null(o!.WorkDirectory);
        Assert.False(MonitorCommandLine.TryParse(new[] { "--record-cap-mb", "0" }, out _, out error));
        Assert.Contains("--record-cap-mb", error, StringComparison.Ordinal);
        Assert.False(MonitorCommandLine.TryParse(new[] { "--replay", "x.rrec", "--collector", "127.0.0.1:5090" }, out _, out error));
        Assert.Contains("--replay", error, StringComparison.Ordinal);
    }
}
