using System.Diagnostics;
using RaftEsp.VirtualCluster;

namespace RaftEsp.Cluster.Tests;

/// <summary>The programs as processes: bad options get clear errors, and the stdin watchdog prevents orphans.</summary>
public class ProgramTests
{
    private static Process Start(string dll, params string[] args)
    {
        var info = new ProcessStartInfo(DotnetHost.Muxer())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(DotnetHost.Program(DotnetHost.ProgramDirectory(), dll));
        foreach (string a in args) info.ArgumentList.Add(a);
        return Process.Start(info) ?? throw new InvalidOperationException("could not start " + dll);
    }

    private static (int Code, string Error) Run(string dll, params string[] args)
    {
        using Process p = Start(dll, args);
        p.StandardInput.Close();
        string error = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(30_000), $"{dll} did not exit");
        return (p.ExitCode, error);
    }

    [Theory]
    [InlineData("--node 9 --data-dir {tmp} --ether 127.0.0.1:9", "not-member-nor-collector")]
    [InlineData("--node 1 --data-dir {tmp} --ether nowhere", "--ether")]
    [InlineData("--node 1 --data-dir {tmp} --ether 127.0.0.1:9 --cluster-key 12", "--cluster-key must be 32 hex digits")]
    [InlineData("--node 1 --data-dir {tmp} --ether 127.0.0.1:9 --nodes 40", "--nodes must be 1-16")]
    [InlineData("--node 1 --data-dir {tmp} --ether 127.0.0.1:9 --config /no/such/file", "cannot read")]
    [InlineData("--node 1 --ether 127.0.0.1:9", "--data-dir")]
    [InlineData("--node 1 --data-dir {tmp} --ether 127.0.0.1:9 --max-members 17", "max-members-out-of-range")]
    [InlineData("--node 1 --data-dir {tmp} --ether 127.0.0.1:9 --max-members 4", "max-members-out-of-range")]
    [InlineData("--node 200 --join --data-dir {tmp} --ether 127.0.0.1:9", "collector-joins")]
    [InlineData("--node 7 --data-dir {tmp} --ether 127.0.0.1:9", "not-member-nor-collector")]
    public void The_board_refuses_bad_options_with_a_clear_error(string arguments, string message)
    {
        string tmp = Path.Combine(Path.GetTempPath(), "raftesp-opt-" + Guid.NewGuid().ToString("N"));
        try
        {
            (int code, string error) = Run(DotnetHost.BoardProgram, arguments.Replace("{tmp}", tmp, StringComparison.Ordinal).Split(' '));
            Assert.NotEqual(0, code);
            Assert.Contains(message, error, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(tmp)) Directory.Delete(tmp, true);
        }
    }

    [Theory]
    [InlineData("--listen 127.0.0.1:0 --ether 127.0.0.1:9 --collector-id 3", "collector-is-member")]
    [InlineData("--listen 10.1.2.3:5700 --ether 127.0.0.1:9", "loopback only")]
    [InlineData("--listen 127.0.0.1 --ether 127.0.0.1:9", "--listen")]
    public void The_collector_refuses_bad_options_with_a_clear_error(string arguments, string message)
    {
        (int code, string error) = Run(DotnetHost.CollectorProgram, arguments.Split(' '));
        Assert.NotEqual(0, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--radio 10.0.0.1:0", "loopback only")]
    [InlineData("--loss 150", "percentage")]
    [InlineData("--queue 0", "--queue")]
    public void The_ether_refuses_bad_options_with_a_clear_error(string arguments, string message)
    {
        (int code, string error) = Run(DotnetHost.EtherProgram, arguments.Split(' '));
        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--node 7 --join --nodes 3 --max-members 5")] // outside the founders 0, 1, 2
    [InlineData("--node 2 --join --nodes 3")] // a founder's id: a replacement of a removed board
    public void A_board_started_with_join_boots_outside_the_founders_and_runs(string arguments)
    {
        string tmp = Path.Combine(Path.GetTempPath(), "raftesp-join-" + Guid.NewGuid().ToString("N"));
        try
        {
            using Process ether = Start(DotnetHost.EtherProgram, "--stdin-watchdog");
            string etherReady = ether.StandardOutput.ReadLine() ?? "";
            Assert.StartsWith("ready radio=", etherReady, StringComparison.Ordinal);
            string radio = etherReady["ready radio=".Length..].Split(' ')[0];
            string[] args = [.. arguments.Split(' '), "--data-dir", tmp, "--ether", radio, "--stdin-watchdog", "--quiet"];
            using Process board = Start(DotnetHost.BoardProgram, args);
            string? ready = board.StandardOutput.ReadLine();
            board.StandardInput.Close(); // before any check: a failed one must not leave the board running
            Assert.NotNull(ready);
            Assert.StartsWith("ready node=" + args[1] + " ", ready, StringComparison.Ordinal);
            Assert.Contains("term=0", ready, StringComparison.Ordinal); // a joiner never campaigns
            ether.StandardInput.Close();
            Assert.True(board.WaitForExit(15_000), "the board kept running after its stdin closed");
            Assert.True(ether.WaitForExit(15_000));
            Assert.Equal(0, board.ExitCode);
        }
        finally
        {
            if (Directory.Exists(tmp)) Directory.Delete(tmp, true);
        }
    }

    [Fact]
    public void A_program_with_the_stdin_watchdog_exits_when_its_launcher_goes_away()
    {
        using Process ether = Start(DotnetHost.EtherProgram, "--stdin-watchdog");
        Assert.StartsWith("ready radio=127.0.0.1:", ether.StandardOutput.ReadLine(), StringComparison.Ordinal);
        Assert.False(ether.HasExited);
        ether.StandardInput.Close(); // what the kernel does when the launcher dies
        Assert.True(ether.WaitForExit(15_000), "the ether kept running after its stdin closed");
        Assert.Equal(0, ether.ExitCode);
    }
}
