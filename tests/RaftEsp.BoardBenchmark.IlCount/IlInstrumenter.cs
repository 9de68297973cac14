using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace RaftEsp.BoardBenchmark.IlCount;

/// <summary>
/// Rewrites an assembly so that every IL instruction of every method body first calls <see cref="IlCounter"/>.
/// Each instruction object is turned into the counting call in place and its original is inserted after it, so every
/// branch, switch and exception handler that targeted the instruction now targets its count: nothing is skipped.
/// </summary>
public sealed class IlInstrumenter
{
    private readonly List<string> methodNames = new();

    /// <summary>Full names of the instrumented methods, indexed by the id the counters use.</summary>
    public IReadOnlyList<string> MethodNames => methodNames;

    /// <summary>Reads <paramref name="source"/>, instruments every method and writes the result to <paramref name="target"/>.</summary>
    public void Rewrite(string source, string target)
    {
        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(Path.GetDirectoryName(source)!);
        resolver.AddSearchDirectory(Path.GetDirectoryName(typeof(object).Assembly.Location)!);
        using var assembly = AssemblyDefinition.ReadAssembly(source, new ReaderParameters { AssemblyResolver = resolver });
        ModuleDefinition module = assembly.MainModule;
        MethodReference instruction = module.ImportReference(typeof(IlCounter).GetMethod(nameof(IlCounter.Instruction)));
        MethodReference call = module.ImportReference(typeof(IlCounter).GetMethod(nameof(IlCounter.Call)));
        foreach (TypeDefinition type in module.GetTypes())
        {
            foreach (MethodDefinition method in type.Methods)
            {
                if (!method.HasBody) continue;
                Instrument(method.Body, methodNames.Count, instruction, call);
                methodNames.Add(type.FullName + "::" + method.Name);
            }
        }

        assembly.Write(target);
    }

    private static void Instrument(MethodBody body, int id, MethodReference instruction, MethodReference call)
    {
        body.SimplifyMacros();
        ILProcessor il = body.GetILProcessor();
        Instruction[] original = body.Instructions.ToArray();
        for (int i = 0; i < original.Length; i++)
        {
            // A prefix (constrained., volatile., ...) must stay next to the instruction it modifies: it is counted
            // with that instruction's slot, once.
            if (i > 0 && original[i - 1].OpCode.OpCodeType == OpCodeType.Prefix) continue;
            Instruction current = original[i];
            Instruction moved = Instruction.Create(OpCodes.Nop);
            moved.OpCode = current.OpCode;
            moved.Operand = current.Operand;
            bool isCall = current.OpCode.Code is Code.Call or Code.Callvirt or Code.Newobj or Code.Calli;
            current.OpCode = OpCodes.Ldc_I4;
            current.Operand = id;
            il.InsertAfter(current, moved);
            il.InsertAfter(current, il.Create(OpCodes.Call, isCall ? call : instruction));
        }

        body.OptimizeMacros();
    }
}
