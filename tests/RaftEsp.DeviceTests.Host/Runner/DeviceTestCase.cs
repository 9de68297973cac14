#nullable enable
using System;
using System.Reflection;

namespace RaftEsp.DeviceTests.Host.Runner
{
    /// <summary>What the nanoFramework launcher runs a method as.</summary>
    public enum DeviceTestPhase
    {
        /// <summary>A [Setup] method: once, before the class's tests.</summary>
        Setup,

        /// <summary>A [TestMethod] without data rows.</summary>
        Test,

        /// <summary>One [DataRow] of a test method.</summary>
        DataRow,

        /// <summary>A [Cleanup] method: once, after the class's tests.</summary>
        Cleanup,
    }

    /// <summary>One invocation the launcher makes: a method, and for a data row its arguments.</summary>
    public sealed class DeviceTestCase
    {
        public DeviceTestCase(string name, Type testClass, MethodInfo method, DeviceTestPhase phase, object[]? arguments)
        {
            Name = name;
            TestClass = testClass;
            Method = method;
            Phase = phase;
            Arguments = arguments;
        }

        /// <summary>Unique, readable name: "Folder.Class.Method", with "(arguments)" for a data row.</summary>
        public string Name { get; }

        public Type TestClass { get; }

        public MethodInfo Method { get; }

        public DeviceTestPhase Phase { get; }

        /// <summary>The row's arguments, or null for a method called without any.</summary>
        public object[]? Arguments { get; }

        public override string ToString() => Name;
    }
}
