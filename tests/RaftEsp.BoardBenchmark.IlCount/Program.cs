using System.Reflection;
using System.Runtime.Loader;

namespace RaftEsp.BoardBenchmark.IlCount;

/// <summary>
/// Runs the board benchmark's frame figures once each on an instrumented copy of the Raft core and prints how many IL
/// instructions and calls each executed in it. The nanoFramework interpreter inlines nothing and costs per instruction
/// and per call, so these counts stand for its time where no nanoCLR is at hand; calls into the runtime (Array.Copy)
/// count as one call, their inside is native on a board. Deterministic: the same build gives the same counts.
/// </summary>
public static class Program
{
    private static readonly string[] Figures =
    {
        "TagFullFrame", "DecodeFullAppend", "StepFullAppend", "EncodeFullAppend", "DecodeAck", "EncodeAck", "HeartbeatRound",
    };

    public static int Main(string[] args)
    {
        bool details = args.Contains("--methods");
        string source = AppContext.BaseDirectory;
        string target = Path.Combine(Path.GetTempPath(), "raftesp-il-count-" + Environment.ProcessId);
        Directory.CreateDirectory(target);
        try
        {
            var instrumenter = new IlInstrumenter();
            instrumenter.Rewrite(Path.Combine(source, "RaftEsp.Core.dll"), Path.Combine(target, "RaftEsp.Core.dll"));
            File.Copy(Path.Combine(source, "raftesp-board-benchmark.dll"), Path.Combine(target, "raftesp-board-benchmark.dll"));
            IlCounter.Reset(instrumenter.MethodNames.Count);
            Run(new RewrittenAssemblies(target), instrumenter.MethodNames, details);
            return 0;
        }
        finally
        {
            Directory.Delete(target, true);
        }
    }

    private static void Run(RewrittenAssemblies context, IReadOnlyList<string> methods, bool details)
    {
        Assembly benchmark = context.LoadFromAssemblyName(new AssemblyName("raftesp-board-benchmark"));
        Type figuresType = benchmark.GetType("RaftEsp.BoardBenchmark.Figures", true)!;
        object figures = Activator.CreateInstance(figuresType)!;
        int frameLength = (int)figuresType.GetProperty("FullFrameLength")!.GetValue(figures)!;
        int ackLength = (int)figuresType.GetProperty("AckFrameLength")!.GetValue(figures)!;
        Console.WriteLine("IL executed in RaftEsp.Core per operation (full AppendEntries: " + frameLength + " B, AppendResponse: " + ackLength + " B)");
        Console.WriteLine($"{"figure",-18} {"IL instructions",16} {"calls",8}");
        foreach (string name in Figures)
        {
            MethodInfo operation = figuresType.GetMethod(name)!;
            // Twice first: the step's first run appends the entries, later runs meet them as duplicates (the steady
            // state the benchmark times).
            operation.Invoke(figures, null);
            operation.Invoke(figures, null);
            IlCounter.Clear();
            operation.Invoke(figures, null);
            long instructions = 0, calls = 0;
            var perMethod = new List<(string Name, long Instructions, long Calls)>();
            for (int m = 0; m < methods.Count; m++)
            {
                long i = IlCounter.InstructionsIn(m);
                if (i == 0) continue;
                instructions += i;
                calls += IlCounter.CallsIn(m);
                perMethod.Add((methods[m], i, IlCounter.CallsIn(m)));
            }

            Console.WriteLine($"{name,-18} {instructions,16:N0} {calls,8:N0}");
            if (!details) continue;
            foreach (var (methodName, i, c) in perMethod.OrderByDescending(p => p.Instructions).Take(40))
            {
                Console.WriteLine($"    {methodName,-80} {i,8:N0} {c,6:N0}");
            }
        }
    }

    /// <summary>Loads the core and the benchmark from the rewritten copies; everything else from the default context.</summary>
    private sealed class RewrittenAssemblies : AssemblyLoadContext
    {
        private readonly string directory;

        public RewrittenAssemblies(string directory) => this.directory = directory;

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            string path = Path.Combine(directory, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
