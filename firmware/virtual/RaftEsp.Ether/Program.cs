using System.CommandLine;
using System.Globalization;
using System.Net;
using RaftEsp.Host;

namespace RaftEsp.Ether;

/// <summary>
/// raftesp-ether: the virtual cluster's radio (docs/virtual-boards.md). Prints one line when it is ready:
/// <c>ready radio=127.0.0.1:P control=127.0.0.1:Q seed=S</c>, then diagnostics on standard error until it is stopped.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var port = new Option<string>("--radio") { Description = "where boards send frames, host:port (port 0: any free port)", DefaultValueFactory = _ => "127.0.0.1:0" };
        var controlPort = new Option<string>("--control") { Description = "where control commands arrive, host:port (port 0: any free port)", DefaultValueFactory = _ => "127.0.0.1:0" };
        var seed = new Option<int?>("--seed") { Description = "seed of every random choice (default: drawn and printed)" };
        var loss = new Option<double>("--loss") { Description = "loss of every link, percent", DefaultValueFactory = _ => 0 };
        var delay = new Option<int>("--delay") { Description = "fixed delay of every copy, ms", DefaultValueFactory = _ => 0 };
        var jitter = new Option<int>("--jitter") { Description = "extra uniform delay 0..JITTER ms", DefaultValueFactory = _ => 0 };
        var dup = new Option<double>("--dup") { Description = "duplication of every copy, percent", DefaultValueFactory = _ => 0 };
        var queue = new Option<int>("--queue") { Description = "copies the delay line holds at most", DefaultValueFactory = _ => 4096 };
        var watchdog = new Option<bool>("--stdin-watchdog") { Description = "exit when standard input closes (set by the launcher)" };
        var root = new RootCommand("raftesp-ether: the radio of the virtual RaftEsp cluster, a UDP relay on 127.0.0.1 with loss, delay, partitions.")
        {
            port, controlPort, seed, loss, delay, jitter, dup, queue, watchdog,
        };
        root.SetAction(r =>
        {
            IPEndPoint? radioAt = ParseLoopback(r.GetValue(port)!, "--radio");
            IPEndPoint? controlAt = ParseLoopback(r.GetValue(controlPort)!, "--control");
            if (radioAt == null || controlAt == null) return 2;
            int chosenSeed = r.GetValue(seed) ?? Random.Shared.Next();
            var rules = new ChannelRules(chosenSeed);
            try
            {
                rules.SetLoss(r.GetValue(loss));
                rules.SetDelay(r.GetValue(delay), r.GetValue(jitter));
                rules.SetDuplication(r.GetValue(dup));
            }
            catch (ArgumentOutOfRangeException e)
            {
                Console.Error.WriteLine("error: " + e.Message.Split(Environment.NewLine)[0]);
                return 2;
            }

            if (r.GetValue(queue) < 1)
            {
                Console.Error.WriteLine("error: --queue must be at least 1");
                return 2;
            }

            return Run(rules, radioAt, controlAt, r.GetValue(queue), r.GetValue(watchdog));
        });
        return root.Parse(args).Invoke();
    }

    private static int Run(ChannelRules rules, IPEndPoint radioAt, IPEndPoint controlAt, int queue, bool watchdog)
    {
        byte[]? mirrorKey = EtherMirror.KeyFromEnvironment(out string keyError);
        if (keyError.Length > 0)
        {
            Console.Error.WriteLine("error: " + keyError);
            return 2;
        }

        using var lifetime = new ProcessLifetime(watchdog);
        EtherServer ether;
        try
        {
            ether = new EtherServer(rules, radioAt, controlAt, queue, line => Console.Error.WriteLine("ether: " + line), mirrorKey);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            Console.Error.WriteLine($"error: cannot bind {radioAt} / {controlAt}: {e.Message}");
            return 1;
        }

        using (ether)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ready radio={ether.RadioEndPoint} control={ether.ControlEndPoint} seed={rules.Seed}"));
            Console.Out.Flush();
            Console.Error.WriteLine("ether: " + rules.Describe());
            lifetime.WaitForStop(Timeout.Infinite);
            Console.Error.WriteLine($"ether: stopping ({lifetime.Reason}); {ether.Stats}");
        }

        return 0;
    }

    private static IPEndPoint? ParseLoopback(string text, string option)
    {
        IPEndPoint? endPoint = UdpSockets.ParseEndPoint(text, out string error);
        if (endPoint == null)
        {
            Console.Error.WriteLine($"error: {option}: {error}");
            return null;
        }

        if (!IPAddress.IsLoopback(endPoint.Address))
        {
            Console.Error.WriteLine($"error: {option}: the ether binds to loopback only (127.0.0.1), not {endPoint.Address}");
            return null;
        }

        return endPoint;
    }
}
