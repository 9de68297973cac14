namespace RaftEsp.DeviceTests.Host.Runner
{
    /// <summary>How one case ended, as the launcher reports it ("Test passed/failed/skipped").</summary>
    public enum DeviceTestOutcome
    {
        Passed,
        Failed,
        Skipped,
    }

    /// <summary>The outcome of one <see cref="DeviceTestCase"/> and, when it did not pass, why.</summary>
    public sealed class DeviceTestResult
    {
        public DeviceTestResult(DeviceTestCase testCase, DeviceTestOutcome outcome, string message)
        {
            Case = testCase;
            Outcome = outcome;
            Message = message;
        }

        public DeviceTestCase Case { get; }

        public DeviceTestOutcome Outcome { get; }

        public string Message { get; }

        public override string ToString() => Case.Name + ": " + Outcome + (Message.Length > 0 ? " (" + Message + ")" : string.Empty);
    }
}
