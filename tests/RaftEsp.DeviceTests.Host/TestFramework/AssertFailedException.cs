using System;

// The real package declares this exception in the TestFrameworkShared namespace; the stand-in keeps that name.
namespace TestFrameworkShared
{
    /// <summary>Thrown by every failing Assert.</summary>
    public sealed class AssertFailedException : Exception
    {
        /// <summary>Creates the exception with the assertion's message.</summary>
        public AssertFailedException(string message)
            : base(message)
        {
        }

        /// <summary>Creates the exception with a message and a cause.</summary>
        public AssertFailedException(string message, Exception innerException)
            : base(message, innerException)
        {
        }

        /// <summary>Creates the exception without a message.</summary>
        public AssertFailedException()
        {
        }
    }
}
