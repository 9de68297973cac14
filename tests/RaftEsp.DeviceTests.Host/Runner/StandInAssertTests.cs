using System;
using TestFrameworkShared;
using Xunit;
using NanoAssert = nanoFramework.TestFramework.Assert;

namespace RaftEsp.DeviceTests.Host.Runner
{
    /// <summary>The host stand-in behaves as nanoFramework.TestFramework's Assert does (messages, exact exception types).</summary>
    public sealed class StandInAssertTests
    {
        [Fact]
        public void AreEqual_reports_both_values_and_the_actual_expression()
        {
            int value = 2;
            var failure = Assert.Throws<AssertFailedException>(() => NanoAssert.AreEqual(1, value));
            Assert.Equal("Assert.AreEqual failed. Expected:<1>. Actual:<2>. value", failure.Message);
            failure = Assert.Throws<AssertFailedException>(() => NanoAssert.AreEqual(1, value, "custom"));
            Assert.Equal("Assert.AreEqual failed. Expected:<1>. Actual:<2>. custom", failure.Message);
        }

        [Fact]
        public void AreEqual_on_boxed_values_compares_values()
        {
            NanoAssert.AreEqual((object)DayOfWeek.Monday, DayOfWeek.Monday);
            Assert.Throws<AssertFailedException>(() => NanoAssert.AreEqual((object)DayOfWeek.Monday, DayOfWeek.Friday));
            Assert.Throws<AssertFailedException>(() => NanoAssert.AreEqual("a", "A"));
        }

        [Fact]
        public void AreNotEqual_fails_on_equal_values()
        {
            var failure = Assert.Throws<AssertFailedException>(() => NanoAssert.AreNotEqual(3L, 3L));
            Assert.StartsWith("Assert.AreNotEqual failed. Expected any value except:<3>. Actual:<3>.", failure.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void IsTrue_and_IsFalse_report_the_condition_expression()
        {
            int x = 1;
            var failure = Assert.Throws<AssertFailedException>(() => NanoAssert.IsTrue(x > 1));
            Assert.Equal("Assert.IsTrue failed. x > 1", failure.Message);
            failure = Assert.Throws<AssertFailedException>(() => NanoAssert.IsFalse(x == 1));
            Assert.Equal("Assert.IsFalse failed. x == 1", failure.Message);
        }

        [Fact]
        public void ThrowsException_wants_the_exact_type()
        {
            NanoAssert.ThrowsException(typeof(ArgumentException), () => throw new ArgumentException("x"));
            var derived = Assert.Throws<AssertFailedException>(() =>
                NanoAssert.ThrowsException(typeof(ArgumentException), () => throw new ArgumentNullException("x")));
            Assert.Contains("Threw exception ArgumentNullException, but exception ArgumentException was expected.", derived.Message, StringComparison.Ordinal);
            var none = Assert.Throws<AssertFailedException>(() => NanoAssert.ThrowsException(typeof(ArgumentException), () => { }));
            Assert.StartsWith("Assert.ThrowsException failed. No exception thrown. ArgumentException exception was expected.", none.Message, StringComparison.Ordinal);
        }
    }
}
