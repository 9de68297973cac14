using System.Reflection;

[assembly: AssemblyTitle("RaftEsp.BoardAdapters.Tests")]
[assembly: AssemblyDescription("Device tests of the RaftEsp board adapters (nanoFramework.TestFramework)")]
[assembly: AssemblyProduct("RaftEsp")]
[assembly: AssemblyVersion("1.0.0.0")]
