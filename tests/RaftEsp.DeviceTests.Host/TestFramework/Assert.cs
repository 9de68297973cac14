#nullable enable
using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using TestFrameworkShared;

namespace nanoFramework.TestFramework
{
    /// <summary>
    /// Host stand-in for nanoFramework.TestFramework's Assert (package 3.0.x), with its semantics: a failure throws
    /// <see cref="AssertFailedException"/> with the message "{assertion} failed. {details}"; the message parameter
    /// defaults, through [CallerArgumentExpression], to the source text of the checked expression; ThrowsException
    /// wants the exact exception type, not a derived one. The value overloads are in Assert.AreEqual.cs: the same set
    /// as the real class, so a call binds to the same overload on both runtimes.
    /// </summary>
    public sealed partial class Assert
    {
        private Assert()
        {
        }

        /// <summary>Fails unless <paramref name="condition"/> is true.</summary>
        public static void IsTrue(bool condition, [CallerArgumentExpression(nameof(condition))] string message = "")
        {
            if (!condition) HandleFail("Assert.IsTrue", message);
        }

        /// <summary>Fails unless <paramref name="condition"/> is false.</summary>
        public static void IsFalse(bool condition, [CallerArgumentExpression(nameof(condition))] string message = "")
        {
            if (condition) HandleFail("Assert.IsFalse", message);
        }

        /// <summary>Fails unless <paramref name="value"/> is null.</summary>
        public static void IsNull(object? value, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            if (value is not null) HandleFail("Assert.IsNull", message);
        }

        /// <summary>Fails when <paramref name="value"/> is null.</summary>
        public static void IsNotNull([NotNull] object? value, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            if (value is null) HandleFail("Assert.IsNotNull", message);
        }

        /// <summary>Fails unless both refer to the same object.</summary>
        public static void AreSame(object? expected, object? actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (ReferenceEquals(expected, actual)) return;
            if (expected is ValueType || actual is ValueType)
            {
                HandleFail("Assert.AreSame", "Do not pass value types to AreSame(). Values converted to Object will never be the same. Consider using AreEqual(). " + ReplaceNulls(message));
            }

            HandleFail("Assert.AreSame", ReplaceNulls(message));
        }

        /// <summary>
        /// Fails unless <paramref name="action"/> throws an exception of exactly <paramref name="exceptionType"/>
        /// (a derived type fails, as in the real framework).
        /// </summary>
        public static void ThrowsException(Type exceptionType, Action action, string message = "")
        {
            ArgumentNullException.ThrowIfNull(exceptionType);
            ArgumentNullException.ThrowIfNull(action);
            try
            {
                action();
            }
            catch (Exception ex)
            {
                if (ex.GetType() == exceptionType) return;
                HandleFail("Assert.ThrowsException", string.Format(CultureInfo.InvariantCulture,
                    "Threw exception {2}, but exception {1} was expected. {0}\r\nException Message: {3}",
                    ReplaceNulls(message), exceptionType.Name, ex.GetType().Name, ex.Message));
            }

            HandleFail("Assert.ThrowsException", string.Format(CultureInfo.InvariantCulture,
                "No exception thrown. {1} exception was expected. {0}", ReplaceNulls(message), exceptionType.Name));
        }

        /// <summary>Ends the test as skipped.</summary>
        [DoesNotReturn]
        public static void SkipTest(string? message = null) => throw new SkipTestException(message ?? string.Empty);

        [DoesNotReturn]
        internal static void HandleFail(string assertion, string? message)
        {
            string text = string.IsNullOrEmpty(message) ? string.Empty : ReplaceNulls(message);
            throw new AssertFailedException(assertion + " failed. " + text);
        }

        internal static string ReplaceNulls(object? input)
        {
            if (input == null) return "(null)";
            string? text = Convert.ToString(input, CultureInfo.InvariantCulture);
            if (text == null) return "(object)";
            return text.Replace("\0", "\\0", StringComparison.Ordinal);
        }
    }
}
