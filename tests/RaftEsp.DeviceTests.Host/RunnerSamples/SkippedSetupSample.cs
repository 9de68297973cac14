using nanoFramework.TestFramework;

namespace RaftEsp.DeviceTests.Host.RunnerSamples
{
    /// <summary>A class whose [Setup] skips: the launcher then skips every other case of the class.</summary>
    [TestClass]
    public class SkippedSetupSample
    {
        /// <summary>Set if a test ran although the setup skipped.</summary>
        public static bool TestRan { get; private set; }

        [Setup]
        public static void Needs_hardware() => Assert.SkipTest("no radio on this machine");

        [TestMethod]
        public static void Never_runs() => TestRan = true;
    }
}
