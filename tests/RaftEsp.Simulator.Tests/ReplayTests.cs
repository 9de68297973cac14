using System.Globalization;
using System.Reflection;
using System.Text;

namespace RaftEsp.Simulator.Tests;

/// <summary>A printed replay command rebuilds exactly the run that printed it, whatever the machine's locale.</summary>
public class ReplayTests
{
    /// <summary>Every public property of the options, nested radio and board costs included, in the invariant culture.</summary>
    private static string Fingerprint(object value)
    {
        var text = new StringBuilder();
        foreach (PropertyInfo p in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.Name))
        {
            object? v = p.GetValue(value);
            text.Append(p.Name).Append('=');
            if (v is RadioConfig or BoardCosts) text.Append('{').Append(Fingerprint(v)).Append('}');
            else text.Append(Convert.ToString(v, CultureInfo.InvariantCulture) ?? "null");
            text.Append(';');
        }

        return text.ToString();
    }

    private static T InGerman<T>(Func<T> action)
    {
        CultureInfo before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void A_printed_replay_command_carries_the_adversaries_and_the_session_table()
    {
        var settings = new RunSettings { Nodes = 5, Clients = 6, Faults = "random", ReplayAttacks = true, Sessions = 3, Replays = true, BoardModel = "native-tag" };
        const ulong seed = 42;
        string line = Replay.Run(settings, seed);
        Assert.Contains(" --board-model native-tag", line);
        Assert.Contains(" --replay-attacks", line);
        Assert.Contains(" --sessions 3", line);
        Assert.Contains(" --replays", line);

        var (parsed, parsedSeed) = SimCommandLine.ParseRun(Replay.Arguments(line));
        Assert.Equal(settings, parsed);
        Assert.Equal(seed, parsedSeed);
        Assert.Equal(Fingerprint(settings.ToOptions()), Fingerprint(parsed.ToOptions()));
    }

    [Fact]
    public void A_printed_replay_command_rebuilds_the_same_options_and_the_same_run()
    {
        var settings = new RunSettings { Nodes = 4, Loss = 0.05, Duration = 3, PhyRate = 5.5, Clients = 2, ThinkMs = 12.5, Faults = "random", PreferServer = true };
        const ulong seed = 9_876_543_210;
        RunResult first = InGerman(() => RandomRun.Execute(settings, seed));
        string line = first.ReplayCommand;
        Assert.Contains("--loss 0.05 ", line);
        Assert.Contains("--phy-rate 5.5 ", line);
        Assert.Contains("--think-ms 12.5 ", line);
        Assert.EndsWith(" --prefer-server", line);

        var (parsed, parsedSeed) = InGerman(() => SimCommandLine.ParseRun(Replay.Arguments(line)));
        Assert.Equal(settings, parsed);
        Assert.Equal(seed, parsedSeed);
        Assert.Equal(Fingerprint(settings.ToOptions()), Fingerprint(parsed.ToOptions()));

        RunResult replayed = RandomRun.Execute(parsed, parsedSeed);
        Assert.NotEmpty(first.Hash);
        Assert.Equal(first.Hash, replayed.Hash);
        Assert.Equal(line, replayed.ReplayCommand);
    }

    [Fact]
    public void The_fingerprint_sees_a_changed_nested_option()
    {
        SimOptions a = new RunSettings().ToOptions();
        SimOptions b = new RunSettings { PhyRate = 2 }.ToOptions();
        Assert.NotEqual(Fingerprint(a), Fingerprint(b));
    }

    [Fact]
    public void A_replay_of_another_seed_gives_another_hash()
    {
        var settings = new RunSettings { Duration = 2 };
        Assert.NotEqual(RandomRun.Execute(settings, 1).Hash, RandomRun.Execute(settings, 2).Hash);
    }

    [Fact]
    public void A_number_in_a_locale_format_is_refused_not_misread()
    {
        var e = Assert.Throws<ArgumentException>(() => InGerman(() => SimCommandLine.ParseRun(["--seed", "3", "--loss", "0,1"])));
        Assert.Contains("--loss", e.Message);
    }
}
