using System;

// Host stand-in for the attributes of the nanoFramework.TestFramework package (3.0.x), same names and targets, so the
// device test sources compile unchanged on the host. Runner/DeviceTestRunner gives them the launcher's meaning.
namespace nanoFramework.TestFramework
{
    /// <summary>Marks a class whose test methods the launcher runs.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
    public sealed class TestClassAttribute : Attribute
    {
    }

    /// <summary>Marks a test method (public; the launcher invokes it without an instance).</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public sealed class TestMethodAttribute : Attribute
    {
    }

    /// <summary>Runs once before the class's tests; a <see cref="SkipTestException"/> here skips the whole class.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public sealed class SetupAttribute : Attribute
    {
    }

    /// <summary>Runs once after all of the class's tests.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public sealed class CleanupAttribute : Attribute
    {
    }

    /// <summary>
    /// One set of arguments for a test method; each row is its own test case, and a method with rows runs only with
    /// them (its <see cref="TestMethodAttribute"/> does not add an argument-less run).
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public sealed class DataRowAttribute : Attribute
    {
        /// <summary>Creates a row; like the real one it refuses a null or empty argument list.</summary>
        public DataRowAttribute(params object[] methodParameters)
        {
            ArgumentNullException.ThrowIfNull(methodParameters);
            if (methodParameters.Length == 0) throw new ArgumentException("methodParameters can not be empty", nameof(methodParameters));
            MethodParameters = methodParameters;
        }

        /// <summary>The arguments, in parameter order.</summary>
        public object[] MethodParameters { get; }
    }
}
