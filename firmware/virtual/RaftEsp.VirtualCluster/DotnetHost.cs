using System.Runtime.InteropServices;

namespace RaftEsp.VirtualCluster;

/// <summary>
/// Finds the <c>dotnet</c> executable and the cluster's programs (raftesp-ether.dll, raftesp-board.dll,
/// raftesp-collector.dll). The programs are built next to the launcher's own assembly: RaftEsp.VirtualCluster
/// references their projects, and the SDK copies a referenced executable's dll, deps.json and runtimeconfig.json
/// into every consumer's output (the tests', the desktop monitor's). <c>RAFTESP_BIN_DIR</c> overrides the folder.
/// </summary>
public static class DotnetHost
{
    public const string EtherProgram = "raftesp-ether.dll";
    public const string BoardProgram = "raftesp-board.dll";
    public const string CollectorProgram = "raftesp-collector.dll";

    /// <summary>The folder holding the programs: <c>RAFTESP_BIN_DIR</c>, or the launcher assembly's folder.</summary>
    public static string ProgramDirectory()
    {
        string? configured = Environment.GetEnvironmentVariable("RAFTESP_BIN_DIR");
        if (!string.IsNullOrEmpty(configured)) return Path.GetFullPath(configured);
        return Path.GetDirectoryName(typeof(DotnetHost).Assembly.Location) ?? AppContext.BaseDirectory;
    }

    /// <summary>The full path of one program; throws with a clear message when it is missing.</summary>
    public static string Program(string directory, string dll)
    {
        string path = Path.Combine(directory, dll);
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"{dll} is not in {directory}. Build the project that uses RaftEsp.VirtualCluster (it references the board, " +
                "collector and ether projects), or set RAFTESP_BIN_DIR to the folder holding the built programs.", path);
        return path;
    }

    /// <summary>
    /// The dotnet muxer that runs this process: <c>DOTNET_HOST_PATH</c> (set by the SDK under dotnet test/run), this
    /// process when it is dotnet itself, the install that holds the running runtime, or <c>dotnet</c> on the PATH.
    /// </summary>
    public static string Muxer()
    {
        string exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
        string? self = Environment.ProcessPath;
        if (self != null && string.Equals(Path.GetFileName(self), exe, StringComparison.OrdinalIgnoreCase)) return self;
        // The runtime lives in <root>/shared/Microsoft.NETCore.App/<version>/; the muxer in <root>.
        string runtime = RuntimeEnvironment.GetRuntimeDirectory();
        string candidate = Path.GetFullPath(Path.Combine(runtime, "..", "..", "..", exe));
        return File.Exists(candidate) ? candidate : exe;
    }
}
