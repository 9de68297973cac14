using System.Reflection;

[assembly: AssemblyTitle("RaftEsp.Node")]
[assembly: AssemblyDescription("The RaftEsp Raft node firmware (nanoFramework, ESP32)")]
[assembly: AssemblyProduct("RaftEsp")]
[assembly: AssemblyVersion("1.0.0.0")]
