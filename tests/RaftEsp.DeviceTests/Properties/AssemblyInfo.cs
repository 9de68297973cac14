using System.Reflection;
using System.Runtime.InteropServices;

// General information about the device test assembly (nanoFramework build). The host build generates its own.
[assembly: AssemblyTitle("RaftEsp device tests")]
[assembly: AssemblyDescription("RaftEsp core and board-app tests for the nanoFramework TestFramework")]
[assembly: AssemblyConfiguration("")]
[assembly: AssemblyCompany("RaftEsp")]
[assembly: AssemblyProduct("RaftEsp")]
[assembly: AssemblyCopyright("")]
[assembly: AssemblyTrademark("")]
[assembly: AssemblyCulture("")]

[assembly: ComVisible(false)]

[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
