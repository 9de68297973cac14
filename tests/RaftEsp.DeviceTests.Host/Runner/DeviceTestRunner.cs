using System;
using System.Collections.Generic;
using System.Reflection;
using nanoFramework.TestFramework;

namespace RaftEsp.DeviceTests.Host.Runner
{
    /// <summary>
    /// Runs one test class as nanoFramework's UnitTestLauncher does: its cases in catalog order, each invoked without
    /// an instance; any exception fails the case; a <see cref="SkipTestException"/> skips it, and one thrown by a
    /// [Setup] skips every remaining case of the class. A failing [Setup] does not stop the tests (as on the board).
    /// </summary>
    public static class DeviceTestRunner
    {
        public static IReadOnlyList<DeviceTestResult> RunClass(IReadOnlyList<DeviceTestCase> cases)
        {
            var results = new List<DeviceTestResult>(cases.Count);
            string skippedBySetup = string.Empty;
            foreach (DeviceTestCase testCase in cases)
            {
                if (skippedBySetup.Length > 0)
                {
                    results.Add(new DeviceTestResult(testCase, DeviceTestOutcome.Skipped, skippedBySetup));
                    continue;
                }

                DeviceTestResult result = Run(testCase);
                results.Add(result);
                if (testCase.Phase == DeviceTestPhase.Setup && result.Outcome == DeviceTestOutcome.Skipped)
                    skippedBySetup = "setup " + testCase.Name + " skipped the class: " + result.Message;
            }

            return results;
        }

        private static DeviceTestResult Run(DeviceTestCase testCase)
        {
            if (!testCase.Method.IsStatic)
            {
                // The board's launcher calls method.Invoke(null, ...): an instance method has no object to run on.
                return new DeviceTestResult(testCase, DeviceTestOutcome.Failed,
                    "test methods must be static: nanoFramework's launcher invokes them without an instance");
            }

            try
            {
                testCase.Method.Invoke(null, BindingFlags.DoNotWrapExceptions, binder: null, testCase.Arguments, culture: null);
                return new DeviceTestResult(testCase, DeviceTestOutcome.Passed, string.Empty);
            }
            catch (SkipTestException skip)
            {
                return new DeviceTestResult(testCase, DeviceTestOutcome.Skipped, skip.Message);
            }
            catch (Exception ex)
            {
                string message = ex is TestFrameworkShared.AssertFailedException ? ex.Message : ex.GetType().Name + ": " + ex.Message;
                return new DeviceTestResult(testCase, DeviceTestOutcome.Failed, message + Environment.NewLine + ex.StackTrace);
            }
        }
    }
}
