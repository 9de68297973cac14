using System.Reflection;
using System.Runtime.InteropServices;

// General information about the board benchmark (nanoFramework build). The host build generates its own.
[assembly: AssemblyTitle("RaftEsp board benchmark")]
[assembly: AssemblyDescription("Times the Raft frame path, a heartbeat round and applying commands on a board")]
[assembly: AssemblyConfiguration("")]
[assembly: AssemblyCompany("RaftEsp")]
[assembly: AssemblyProduct("RaftEsp")]
[assembly: AssemblyCopyright("")]
[assembly: AssemblyTrademark("")]
[assembly: AssemblyCulture("")]

[assembly: ComVisible(false)]

[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
