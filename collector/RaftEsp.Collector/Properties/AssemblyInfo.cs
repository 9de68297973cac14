using System.Reflection;

[assembly: AssemblyTitle("RaftEsp.Collector")]
[assembly: AssemblyDescription("The RaftEsp collector firmware (nanoFramework, ESP32)")]
[assembly: AssemblyProduct("RaftEsp")]
[assembly: AssemblyVersion("1.0.0.0")]
