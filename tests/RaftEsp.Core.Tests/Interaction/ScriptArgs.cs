using System.Globalization;
using RaftEsp.Core.Tests.Interaction.DataDriven;

namespace RaftEsp.Core.Tests.Interaction;

/// <summary>
/// A command's arguments: bare words are positional (<c>campaign 1</c>), <c>key=value</c> ones named. Every named
/// argument must be read by the command, so a misspelt option fails the script instead of being ignored.
/// </summary>
public sealed class ScriptArgs
{
    private readonly List<string> positional = new();
    private readonly Dictionary<string, IReadOnlyList<string>> named = new(StringComparer.Ordinal);
    private readonly HashSet<string> used = new(StringComparer.Ordinal);

    public ScriptArgs(DataCase dataCase)
    {
        foreach (DataArg arg in dataCase.Args)
        {
            if (arg.Values.Count == 0) positional.Add(arg.Key);
            else if (!named.TryAdd(arg.Key, arg.Values)) throw new InvalidOperationException("argument '" + arg.Key + "' given twice");
        }
    }

    public int Count => positional.Count;

    public string Word(int i) =>
        i < positional.Count ? positional[i] : throw new InvalidOperationException("missing argument " + (i + 1));

    public int Int(int i) => Parse(Word(i));

    /// <summary>Positional ids, or every id when none is given or the first word is "all".</summary>
    public IEnumerable<int> IdsOr(IEnumerable<int> all) =>
        positional.Count == 0 || positional[0] == "all" ? all : positional.Select(Parse).ToArray();

    public bool Has(string key)
    {
        used.Add(key);
        return named.ContainsKey(key);
    }

    public int Int(string key, int fallback) => Has(key) ? Parse(named[key].Single()) : fallback;

    public bool Bool(string key, bool fallback) => Has(key) ? bool.Parse(named[key].Single()) : fallback;

    public string Named(string key) => Has(key) ? named[key].Single() : throw new InvalidOperationException("missing " + key + "=");

    public int[] Ints(string key) => Has(key) ? named[key].Select(Parse).ToArray() : [];

    /// <summary>Fails on a named argument the command never read.</summary>
    public void CheckAllUsed()
    {
        foreach (string key in named.Keys)
            if (!used.Contains(key)) throw new InvalidOperationException("unknown argument '" + key + "'");
    }

    private static int Parse(string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new InvalidOperationException("'" + text + "' is not a number");
}
