#nullable enable
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Xunit.Sdk;

namespace RaftEsp.DeviceTests.Host.Runner
{
    /// <summary>
    /// A set of device test classes, discovered without running anything; each class runs once, whole and in launcher
    /// order (so state a [Setup] prepares is shared as on the board), the first time one of its cases is asked for.
    /// </summary>
    public sealed class DeviceTestSuite
    {
        private readonly string namePrefix;
        private readonly Dictionary<string, DeviceTestCase> byName = new(StringComparer.Ordinal);
        private readonly Dictionary<Type, IReadOnlyList<DeviceTestCase>> byClass = new();
        private readonly ConcurrentDictionary<Type, Lazy<IReadOnlyList<DeviceTestResult>>> runs = new();

        public DeviceTestSuite(Assembly assembly, string namespacePrefix, string? excludedPrefix)
        {
            namePrefix = namespacePrefix + ".";
            foreach (Type testClass in DeviceTestCatalog.TestClasses(assembly, namespacePrefix, excludedPrefix))
            {
                IReadOnlyList<DeviceTestCase> cases = DeviceTestCatalog.CasesOf(testClass, namePrefix);
                byClass[testClass] = cases;
                foreach (DeviceTestCase testCase in cases)
                {
                    if (!byName.TryAdd(testCase.Name, testCase)) throw new InvalidOperationException("two device test cases are named " + testCase.Name);
                }
            }
        }

        /// <summary>The device tests proper: tests/RaftEsp.DeviceTests, without the runner's own samples.</summary>
        public static DeviceTestSuite Device { get; } =
            new DeviceTestSuite(typeof(DeviceTestSuite).Assembly, "RaftEsp.DeviceTests", "RaftEsp.DeviceTests.Host");

        /// <summary>Every case name, in launcher order within each class.</summary>
        public IEnumerable<string> CaseNames => byClass.Values.SelectMany(c => c).Select(c => c.Name);

        public IEnumerable<Type> Classes => byClass.Keys;

        /// <summary>The result of case <paramref name="name"/>, running its class if it has not run yet.</summary>
        public DeviceTestResult ResultOf(string name)
        {
            if (!byName.TryGetValue(name, out DeviceTestCase? testCase)) throw new ArgumentException("no device test case is named " + name, nameof(name));
            IReadOnlyList<DeviceTestResult> results = runs.GetOrAdd(testCase.TestClass,
                t => new Lazy<IReadOnlyList<DeviceTestResult>>(() => DeviceTestRunner.RunClass(byClass[t]))).Value;
            return results.Single(r => ReferenceEquals(r.Case, testCase));
        }

        /// <summary>
        /// Throws, naming the case, unless it passed. A skipped case throws too: on the host nothing excuses a device
        /// test, and a skipped check must not count as a pass.
        /// </summary>
        public void Check(string name)
        {
            DeviceTestResult result = ResultOf(name);
            if (result.Outcome == DeviceTestOutcome.Failed) throw new XunitException("device test " + name + " failed: " + result.Message);
            if (result.Outcome == DeviceTestOutcome.Skipped) throw new XunitException("device test " + name + " was skipped: " + result.Message);
        }
    }
}
