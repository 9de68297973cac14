using System.Reflection;
using System.Runtime.InteropServices;

// General information about the native tag probe (nanoFramework build). The host build generates its own.
[assembly: AssemblyTitle("RaftEsp native tag probe")]
[assembly: AssemblyDescription("Times the runtime's HMAC-SHA256 beside the managed SipHash-2-4 frame tag on an ESP32")]
[assembly: AssemblyConfiguration("")]
[assembly: AssemblyCompany("RaftEsp")]
[assembly: AssemblyProduct("RaftEsp")]
[assembly: AssemblyCopyright("")]
[assembly: AssemblyTrademark("")]
[assembly: AssemblyCulture("")]

[assembly: ComVisible(false)]

[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
