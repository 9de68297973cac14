using RaftEsp.Apps;

namespace RaftEsp.Simulator;

/// <summary>
/// A board's flash file system in memory, with the crash model of docs/radio-model.md. Writes the board issues
/// while it handles one Ready are pending until the write completes (<see cref="Complete"/>); a crash before that
/// loses them, or with the torn-write probability applies some of them and cuts the append in flight at a random
/// byte: the real <see cref="BoardStore"/> recovery then has to find and drop the torn record. Replacing a file is
/// atomic (new file, then rename), so a replace is either done or not.
/// </summary>
public sealed class SimFlashFiles : IFlashFiles
{
    private sealed record Write(bool Replace, string Name, byte[] Data);

    private readonly Dictionary<string, byte[]> durable = new();
    private readonly List<Write> pending = new();

    public int Writes { get; private set; }
    public int LostWrites { get; private set; }
    public int TornWrites { get; private set; }
    public bool WriteInFlight => pending.Count > 0;

    public int Length(string name) => View(name)?.Length ?? -1;

    public int Read(string name, int position, byte[] buffer, int offset, int count)
    {
        byte[]? data = View(name);
        if (data == null || position >= data.Length) return 0;
        int n = Math.Min(count, data.Length - position);
        Array.Copy(data, position, buffer, offset, n);
        return n;
    }

    public void Append(string name, byte[] data, int offset, int count) => pending.Add(new Write(false, name, data.AsSpan(offset, count).ToArray()));

    public void Replace(string name, byte[] data, int offset, int count) => pending.Add(new Write(true, name, data.AsSpan(offset, count).ToArray()));

    /// <summary>The write in flight finished: everything pending is durable.</summary>
    public void Complete()
    {
        if (pending.Count == 0) return;
        foreach (Write w in pending) Apply(w, w.Data.Length);
        pending.Clear();
        Writes++;
    }

    /// <summary>Power lost while writing: pending writes are lost, or torn part-way with <paramref name="tornProbability"/>.</summary>
    public void Crash(SplitMix64 random, double tornProbability)
    {
        if (pending.Count == 0) return;
        if (random.Chance(tornProbability))
        {
            TornWrites++;
            int done = random.Next(pending.Count);
            for (int i = 0; i < done; i++) Apply(pending[i], pending[i].Data.Length);
            Write cut = pending[done];
            if (!cut.Replace && cut.Data.Length > 1) Apply(cut, 1 + random.Next(cut.Data.Length - 1));
        }
        else
        {
            LostWrites++;
        }

        pending.Clear();
    }

    private void Apply(Write w, int bytes)
    {
        if (w.Replace || !durable.TryGetValue(w.Name, out byte[]? old))
        {
            durable[w.Name] = w.Data[..bytes];
            return;
        }

        durable[w.Name] = [.. old, .. w.Data.AsSpan(0, bytes)];
    }

    private byte[]? View(string name)
    {
        durable.TryGetValue(name, out byte[]? data);
        foreach (Write w in pending)
        {
            if (w.Name != name) continue;
            data = w.Replace || data == null ? w.Data : [.. data, .. w.Data];
        }

        return data;
    }
}
