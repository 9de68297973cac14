using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Thrown by <see cref="Assert.SkipTest"/>: the launcher reports the test as skipped, not failed.</summary>
    public sealed class SkipTestException : Exception
    {
        /// <summary>Creates the exception without a message.</summary>
        public SkipTestException()
        {
        }

        /// <summary>Creates the exception with the reason for skipping.</summary>
        public SkipTestException(string message)
            : base(message)
        {
        }

        /// <summary>Creates the exception with a reason and a cause.</summary>
        public SkipTestException(string message, Exception innerException)
            : base(message, innerException)
        {
        }
    }
}
