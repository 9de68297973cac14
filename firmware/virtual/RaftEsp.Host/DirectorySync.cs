using System.Runtime.InteropServices;

namespace RaftEsp.Host;

/// <summary>
/// fsync of a directory, so that a file created or renamed in it survives a power cut (POSIX keeps directory entries
/// in the directory's own data). .NET has no API for it; on Linux and macOS this calls open/fsync/close from libc.
/// Windows makes the rename durable with the file (MoveFileEx write-through), so there it does nothing.
/// </summary>
internal static class DirectorySync
{
    private const int ReadOnly = 0;

    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        int fd = Open(System.Text.Encoding.UTF8.GetBytes(directory + "\0"), ReadOnly);
        if (fd < 0) throw new IOException($"cannot open directory {directory} to sync it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (Fsync(fd) != 0) throw new IOException($"fsync of directory {directory} failed (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open(byte[] nulTerminatedUtf8Path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
