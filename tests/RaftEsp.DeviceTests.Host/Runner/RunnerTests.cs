using System;
using System.Linq;
using RaftEsp.DeviceTests.Host.RunnerSamples;
using Xunit;
using Xunit.Sdk;

namespace RaftEsp.DeviceTests.Host.Runner
{
    /// <summary>The runner itself: it must fail a failing device test, by name, and keep the launcher's rules.</summary>
    public sealed class RunnerTests
    {
        private static readonly DeviceTestSuite Samples =
            new DeviceTestSuite(typeof(RunnerTests).Assembly, "RaftEsp.DeviceTests.Host.RunnerSamples", null);

        [Fact]
        public void The_device_suite_does_not_include_the_samples()
        {
            Assert.DoesNotContain(typeof(FailingSample), DeviceTestSuite.Device.Classes);
            Assert.DoesNotContain(DeviceTestSuite.Device.CaseNames, n => n.Contains("Sample", StringComparison.Ordinal));
            Assert.NotEmpty(DeviceTestSuite.Device.CaseNames);
        }

        [Fact]
        public void A_failing_assert_fails_its_case_and_names_it()
        {
            var failure = Assert.Throws<XunitException>(() => Samples.Check("FailingSample.Fails_an_assert"));
            Assert.Contains("FailingSample.Fails_an_assert", failure.Message, StringComparison.Ordinal);
            Assert.Contains("Assert.AreEqual failed. Expected:<2>. Actual:<3>. 1 + 2", failure.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Any_exception_fails_its_case()
        {
            var failure = Assert.Throws<XunitException>(() => Samples.Check("FailingSample.Throws"));
            Assert.Contains("InvalidOperationException: boom", failure.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_passing_case_passes()
        {
            Samples.Check("FailingSample.Passes");
            Assert.Equal(DeviceTestOutcome.Passed, Samples.ResultOf("FailingSample.Prepare").Outcome);
        }

        [Fact]
        public void Each_data_row_is_its_own_case_and_the_method_does_not_also_run_bare()
        {
            string[] rows = Samples.CaseNames.Where(n => n.StartsWith("FailingSample.Row", StringComparison.Ordinal)).ToArray();
            Assert.Equal(new[] { "FailingSample.Row(1, 1)", "FailingSample.Row(2, 3)" }, rows);
            Samples.Check("FailingSample.Row(1, 1)");
            var failure = Assert.Throws<XunitException>(() => Samples.Check("FailingSample.Row(2, 3)"));
            Assert.Contains("Expected:<2>. Actual:<3>.", failure.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Setup_runs_first_and_cleanup_last_once_for_the_class()
        {
            Samples.ResultOf("FailingSample.Finish");
            Assert.Equal(new object[] { "setup", "passes", "fails", "row 1", "row 2", "cleanup" }, FailingSample.Calls.ToArray());
            Assert.Equal("FailingSample.Prepare", Samples.CaseNames.First());
            Assert.Equal("FailingSample.Finish", Samples.CaseNames.Where(n => n.StartsWith("FailingSample.", StringComparison.Ordinal)).Last());
        }

        [Fact]
        public void An_instance_test_method_fails_because_the_launcher_has_no_instance()
        {
            var failure = Assert.Throws<XunitException>(() => Samples.Check("FailingSample.Not_static"));
            Assert.Contains("must be static", failure.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_skipping_setup_skips_the_class_and_a_skip_does_not_pass()
        {
            Assert.Equal(DeviceTestOutcome.Skipped, Samples.ResultOf("SkippedSetupSample.Never_runs").Outcome);
            Assert.False(SkippedSetupSample.TestRan);
            var failure = Assert.Throws<XunitException>(() => Samples.Check("SkippedSetupSample.Never_runs"));
            Assert.Contains("no radio on this machine", failure.Message, StringComparison.Ordinal);
        }
    }
}
