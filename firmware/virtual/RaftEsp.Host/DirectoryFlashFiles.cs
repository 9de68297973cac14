using RaftEsp.Apps;

namespace RaftEsp.Host;

/// <summary>
/// A virtual board's flash: plain files in one directory (<c>--data-dir</c>). Durable the way the store relies on:
/// <see cref="Append"/> writes and fsyncs before it returns; <see cref="Replace"/> writes a temporary file, fsyncs
/// it, renames it over the old one and fsyncs the directory, so after a crash (kill -9, or a power cut of the PC)
/// the file is wholly old or wholly new. Names are plain file names; anything with a path in it is refused.
/// Not thread-safe: one board loop owns it.
/// </summary>
public sealed class DirectoryFlashFiles : IFlashFiles, IDisposable
{
    private const string TemporarySuffix = ".tmp";

    private readonly Dictionary<string, FileStream> appenders = new(StringComparer.Ordinal);

    /// <summary>Uses <paramref name="directory"/>, creating it if needed.</summary>
    public DirectoryFlashFiles(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(Directory);
        foreach (string stale in System.IO.Directory.GetFiles(Directory, "*" + TemporarySuffix))
            File.Delete(stale); // a replace that a crash interrupted before its rename: the old file still stands
    }

    /// <summary>The directory holding the files.</summary>
    public string Directory { get; }

    /// <summary>Appends and replaces done (each one fsync'd).</summary>
    public long Writes { get; private set; }

    /// <inheritdoc />
    public int Length(string name)
    {
        var info = new FileInfo(PathOf(name));
        if (!info.Exists) return -1;
        return info.Length > int.MaxValue ? int.MaxValue : (int)info.Length;
    }

    /// <inheritdoc />
    public int Read(string name, int position, byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        string path = PathOf(name);
        if (!File.Exists(path)) return 0;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (position >= stream.Length) return 0;
        stream.Position = position;
        int total = 0;
        while (total < count)
        {
            int n = stream.Read(buffer, offset + total, count - total);
            if (n == 0) break;
            total += n;
        }

        return total;
    }

    /// <inheritdoc />
    public void Append(string name, byte[] data, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(data);
        string path = PathOf(name);
        if (!appenders.TryGetValue(name, out FileStream? stream))
        {
            bool created = !File.Exists(path);
            stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            appenders[name] = stream;
            if (created) DirectorySync.Flush(Directory); // the new file's name must survive a crash too
        }

        stream.Write(data, offset, count);
        stream.Flush(flushToDisk: true);
        Writes++;
    }

    /// <inheritdoc />
    public void Replace(string name, byte[] data, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(data);
        string path = PathOf(name);
        string temporary = path + TemporarySuffix;
        if (appenders.Remove(name, out FileStream? open)) open.Dispose();
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(data, offset, count);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        DirectorySync.Flush(Directory);
        Writes++;
    }

    public void Dispose()
    {
        foreach (FileStream stream in appenders.Values) stream.Dispose();
        appenders.Clear();
    }

    private string PathOf(string name)
    {
        if (string.IsNullOrEmpty(name) || name != Path.GetFileName(name) || name == "." || name == ".." ||
            name.EndsWith(TemporarySuffix, StringComparison.Ordinal) || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            throw new ArgumentException($"'{name}' is not a plain file name", nameof(name));
        return Path.Combine(Directory, name);
    }
}
