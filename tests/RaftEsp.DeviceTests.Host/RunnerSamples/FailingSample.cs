using System;
using System.Collections;
using nanoFramework.TestFramework;

namespace RaftEsp.DeviceTests.Host.RunnerSamples
{
    /// <summary>
    /// Deliberately broken device-style tests, outside the discovered device suite (its namespace is excluded): the
    /// runner's own tests run it to prove a failing device test fails, by name, and that launcher order holds.
    /// </summary>
    [TestClass]
    public class FailingSample
    {
        /// <summary>What ran, in order.</summary>
        public static readonly ArrayList Calls = new ArrayList();

        [Setup]
        public static void Prepare() => Calls.Add("setup");

        [TestMethod]
        public static void Passes()
        {
            Calls.Add("passes");
            Assert.AreEqual(2, 1 + 1);
        }

        [TestMethod]
        public static void Fails_an_assert()
        {
            Calls.Add("fails");
            Assert.AreEqual(2, 1 + 2);
        }

        [TestMethod]
        public static void Throws() => throw new InvalidOperationException("boom");

        [TestMethod]
        [DataRow(1, 1)]
        [DataRow(2, 3)]
        public static void Row(int expected, int actual)
        {
            Calls.Add("row " + expected);
            Assert.AreEqual(expected, actual);
        }

#pragma warning disable CA1822 // deliberately an instance method: the launcher cannot run it
        [TestMethod]
        public void Not_static()
        {
        }
#pragma warning restore CA1822

        [Cleanup]
        public static void Finish() => Calls.Add("cleanup");
    }
}
