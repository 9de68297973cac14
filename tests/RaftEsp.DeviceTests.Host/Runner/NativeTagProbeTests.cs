extern alias probe;

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using RaftEsp.Core.Tests.Subset;
using Xunit;
using ProbeProgram = probe::RaftEsp.NativeTagProbe.Program;

namespace RaftEsp.DeviceTests.Host.Runner
{
    /// <summary>
    /// The native tag probe (tests/RaftEsp.NativeTagProbe) runs only on an ESP32, where nobody here can watch it: so
    /// its host build runs here, on .NET's HMAC-SHA256, to show the program checks the HMAC against RFC 4231 and
    /// prints every figure a board run must report, and its assembly is held to the nanoFramework subset.
    /// </summary>
    public sealed class NativeTagProbeTests
    {
        [Fact]
        public void The_probe_checks_the_hmac_and_prints_each_figure_a_board_run_reports()
        {
            string[] lines = RunProbe();
            Assert.Contains("self-check: the runtime's HMAC-SHA256 gives RFC 4231's test case 2: yes", lines);
            // One comparison per frame shape: an acknowledgement's body, a full AppendEntries' body, the whole buffer.
            string[] tags = lines.Where(l => l.StartsWith("tag of ", StringComparison.Ordinal)).ToArray();
            Assert.Equal(3, tags.Length);
            Assert.All(tags, l => Assert.Matches(@"SipHash-2-4 \(managed\) \d+\.\d{3} us per op \(\d+ ops\), HMAC-SHA256 \(runtime\) \d+\.\d{3} us per op \(\d+ ops\)$", l));
            Assert.Contains(tags, l => l.StartsWith("tag of 250 B ", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith(ProbeProgram.SpreadCalls + " calls timed one by one, ", StringComparison.Ordinal)
                                      && l.Contains("HMAC-SHA256 mean ", StringComparison.Ordinal) && l.Contains("longest ", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains("not available", StringComparison.Ordinal) || l.StartsWith("unexpected", StringComparison.Ordinal));
            Assert.Equal("done", lines[^1]);
        }

        [Fact]
        public void The_probe_uses_only_the_nanoFramework_subset()
        {
            IReadOnlyList<string> violations = AssemblySubsetScanner.Scan(typeof(ProbeProgram).Assembly.Location);
            Assert.True(violations.Count == 0, "tests/RaftEsp.NativeTagProbe left the nanoFramework subset:\n" + string.Join("\n", violations.Distinct()));
        }

        // In its own process: the probe prints to the console, which other tests of this assembly share.
        private static string[] RunProbe()
        {
            string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            var info = new ProcessStartInfo(string.IsNullOrEmpty(host) ? "dotnet" : host)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add("exec");
            info.ArgumentList.Add(typeof(ProbeProgram).Assembly.Location);
            using Process process = Process.Start(info);
            Task<string> errors = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            Assert.True(process.WaitForExit(120_000), "the probe did not finish in two minutes");
            Assert.True(process.ExitCode == 0, "the probe exited with " + process.ExitCode + ": " + errors.Result);
            return output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
        }
    }
}
