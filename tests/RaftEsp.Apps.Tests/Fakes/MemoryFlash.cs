namespace RaftEsp.Apps.Tests;

/// <summary>Flash files in memory; every write is durable when it returns (the IFlashFiles contract).</summary>
public sealed class MemoryFlash : IFlashFiles
{
    private readonly Dictionary<string, byte[]> files = new();

    public int Writes { get; private set; }

    /// <summary>Called after every write (tests that keep the flash as a power cut after each write would leave it).</summary>
    public Action<MemoryFlash>? Written { get; set; }

    public int Length(string name) => files.TryGetValue(name, out byte[]? data) ? data.Length : -1;

    public int Read(string name, int position, byte[] buffer, int offset, int count)
    {
        if (!files.TryGetValue(name, out byte[]? data) || position >= data.Length) return 0;
        int n = Math.Min(count, data.Length - position);
        Array.Copy(data, position, buffer, offset, n);
        return n;
    }

    public void Append(string name, byte[] data, int offset, int count)
    {
        files[name] = files.TryGetValue(name, out byte[]? old) ? [.. old, .. data.AsSpan(offset, count)] : data.AsSpan(offset, count).ToArray();
        Writes++;
        Written?.Invoke(this);
    }

    public void Replace(string name, byte[] data, int offset, int count)
    {
        files[name] = data.AsSpan(offset, count).ToArray();
        Writes++;
        Written?.Invoke(this);
    }

    /// <summary>A copy of the flash as it is now (what a power cut at this instant would leave).</summary>
    public MemoryFlash Clone()
    {
        var copy = new MemoryFlash();
        foreach (var (name, data) in files) copy.files[name] = data.ToArray();
        return copy;
    }

    /// <summary>Overwrites a file's bytes directly (tests that corrupt flash).</summary>
    public void Put(string name, byte[] data) => files[name] = data.ToArray();

    public byte[]? Get(string name) => files.TryGetValue(name, out byte[]? data) ? data.ToArray() : null;
}
