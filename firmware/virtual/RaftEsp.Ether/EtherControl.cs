using System.Globalization;

namespace RaftEsp.Ether;

/// <summary>
/// The ether's control commands, one per line (one UDP datagram on the control port), answered with one line that
/// starts with <c>ok</c> or <c>error:</c>. Changing commands answer with the rules now in force.
/// <code>
/// loss P                 every link loses P % of copies (clears per-link settings)
/// loss A B P             the link between nodes A and B loses P %, both ways
/// delay MS [JITTER]      every copy waits MS plus 0..JITTER ms (uniform)
/// dup P                  every delivered copy is duplicated with probability P %
/// partition 0,1-2,3,4    groups separated by '-'; nodes in no group (the collector) hear all
/// isolate N              node N neither hears nor is heard
/// heal                   removes the partition and every isolation (loss, delay, dup stay)
/// status                 the rules in force
/// stats                  counters: frames, deliveries, drops per reason
/// nodes                  registered nodes and their endpoints
/// mirror PORT|HOST:PORT  describe every frame to that loopback endpoint (EtherMirror); mirror off; mirror: status
/// help                   this list
/// </code>
/// </summary>
public sealed class EtherControl
{
    public const string Help =
        "commands: loss P | loss A B P | delay MS [JITTER] | dup P | partition 0,1-2,3,4 | isolate N | heal | status | stats | nodes | mirror [PORT|HOST:PORT|off] | help";

    private readonly EtherServer ether;

    internal EtherControl(EtherServer ether) => this.ether = ether;

    /// <summary>Runs one command and returns the answer line.</summary>
    public string Execute(string line)
    {
        string[] words = (line ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return "error: empty command; " + Help;
        try
        {
            return words[0].ToLowerInvariant() switch
            {
                "loss" => Loss(words),
                "delay" => Delay(words),
                "dup" => Changed(words, 2, () => ether.Rules.SetDuplication(Percent(words[1]))),
                "partition" => Partition(words),
                "isolate" => Changed(words, 2, () => ether.Rules.Isolate(Node(words[1]))),
                "heal" => Changed(words, 1, ether.Rules.Heal),
                "status" => Changed(words, 1, () => { }),
                "stats" => words.Length == 1 ? "ok " + ether.Stats + " pending=" + ether.Pending.ToString(CultureInfo.InvariantCulture) : Usage(words[0]),
                "nodes" => words.Length == 1 ? "ok " + string.Join(' ', ether.Nodes.Select(Describe)) : Usage(words[0]),
                "mirror" => Mirror(words),
                "help" => "ok " + Help,
                _ => $"error: unknown command '{words[0]}'; {Help}",
            };
        }
        catch (FormatException e)
        {
            return "error: " + e.Message;
        }
        catch (ArgumentOutOfRangeException e)
        {
            return "error: " + e.Message.Split(Environment.NewLine)[0];
        }
    }

    private string Loss(string[] words)
    {
        if (words.Length == 2) return Changed(words, 2, () => ether.Rules.SetLoss(Percent(words[1])));
        if (words.Length == 4) return Changed(words, 4, () => ether.Rules.SetLinkLoss(Node(words[1]), Node(words[2]), Percent(words[3])));
        return Usage("loss");
    }

    private string Delay(string[] words)
    {
        if (words.Length != 2 && words.Length != 3) return Usage("delay");
        int millis = Millis(words[1]);
        int jitter = words.Length == 3 ? Millis(words[2]) : 0;
        return Changed(words, words.Length, () => ether.Rules.SetDelay(millis, jitter));
    }

    private string Partition(string[] words)
    {
        if (words.Length != 2) return Usage("partition");
        Partition? p = Ether.Partition.Parse(words[1], out string error);
        if (p == null) return "error: " + error;
        ether.Rules.SetPartition(p);
        return "ok " + ether.Rules.Describe();
    }

    private string Mirror(string[] words)
    {
        if (words.Length == 1) return "ok " + ether.Mirror.Describe();
        if (words.Length != 2) return Usage("mirror");
        if (words[1].Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            ether.Mirror.Stop();
            return "ok " + ether.Mirror.Describe();
        }

        if (!ether.Mirror.HasKey) return $"error: the ether has no mirror key (the launcher passes it in {EtherMirror.KeyVariable})";
        string text = words[1].Contains(':', StringComparison.Ordinal) ? words[1] : "127.0.0.1:" + words[1];
        System.Net.IPEndPoint? to = RaftEsp.Host.UdpSockets.ParseEndPoint(text, out string error);
        if (to == null) return "error: " + error;
        if (!System.Net.IPAddress.IsLoopback(to.Address) || to.Port == 0) return $"error: the mirror sends to a loopback endpoint (127.0.0.1:PORT, port 1-65535) only, not {to}";
        ether.Mirror.Start(to);
        return "ok " + ether.Mirror.Describe();
    }

    private string Changed(string[] words, int expected, Action change)
    {
        if (words.Length != expected) return Usage(words[0]);
        change();
        return "ok " + ether.Rules.Describe();
    }

    private static string Usage(string command) => $"error: wrong arguments for '{command}'; {Help}";

    private static string Describe(Registration r) =>
        string.Create(CultureInfo.InvariantCulture, $"{r.Node}@{r.EndPoint}{(r.Sniffer ? "(sniffer)" : "")}");

    private static double Percent(string text)
    {
        if (!double.TryParse(text.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out double p) || p < 0 || p > 100 || double.IsNaN(p))
            throw new FormatException($"'{text}' is not a percentage 0-100");
        return p;
    }

    private static int Node(string text)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n > 254)
            throw new FormatException($"'{text}' is not a node id 0-254");
        return n;
    }

    private static int Millis(string text)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int ms) || ms > 10_000)
            throw new FormatException($"'{text}' is not a time 0-10000 ms");
        return ms;
    }
}
