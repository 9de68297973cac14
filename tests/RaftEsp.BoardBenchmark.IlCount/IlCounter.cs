namespace RaftEsp.BoardBenchmark.IlCount;

/// <summary>
/// The counters the rewritten core calls: one call per IL instruction it executes, with the id of the method it is in.
/// Public and static because rewritten assemblies reference it by name.
/// </summary>
public static class IlCounter
{
    private static long[] instructions = new long[1];
    private static long[] calls = new long[1];

    /// <summary>Sizes the per-method tables for <paramref name="methods"/> instrumented methods and zeroes them.</summary>
    public static void Reset(int methods)
    {
        instructions = new long[methods];
        calls = new long[methods];
    }

    /// <summary>Zeroes the counts, keeping the table size.</summary>
    public static void Clear()
    {
        Array.Clear(instructions);
        Array.Clear(calls);
    }

    /// <summary>Before every instruction of method <paramref name="method"/> that is not a call.</summary>
    public static void Instruction(int method) => instructions[method]++;

    /// <summary>Before every call, callvirt and newobj of method <paramref name="method"/>: an instruction and a call.</summary>
    public static void Call(int method)
    {
        instructions[method]++;
        calls[method]++;
    }

    /// <summary>Instructions counted in method <paramref name="method"/> since the last clear.</summary>
    public static long InstructionsIn(int method) => instructions[method];

    /// <summary>Calls counted in method <paramref name="method"/> since the last clear.</summary>
    public static long CallsIn(int method) => calls[method];
}
