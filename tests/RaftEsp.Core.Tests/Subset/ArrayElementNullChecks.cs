#nullable enable
#pragma warning disable RS0030 // host test code (see AssemblySubsetScanner.cs)
using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace RaftEsp.Core.Tests.Subset;

/// <summary>
/// Finds IL that tests an element of a reference array against null: <c>ldelem.ref</c> (optionally through one
/// local) followed by <c>ldnull</c> and <c>ceq</c>/<c>cgt.un</c>/<c>beq</c>/<c>bne.un</c> or a string (in)equality call,
/// or directly by <c>brtrue</c>/<c>brfalse</c>. On the nanoFramework interpreter an element never assigned is not a
/// plain null, and the two shapes (Debug IL compares with ldnull, Release IL often branches) disagree about it, so
/// board code must never ask; it keeps a count of the slots in use instead (docs/design.md#nanoframework-subset).
/// </summary>
internal static class ArrayElementNullChecks
{
    private readonly record struct Instruction(ILOpCode Code, int Operand);

    public static IEnumerable<string> Find(MetadataReader reader, byte[] il)
    {
        List<Instruction> code = Decode(il);
        for (int k = 0; k < code.Count; k++)
        {
            if (code[k].Code != ILOpCode.Ldelem_ref) continue;
            int j = k + 1;
            if (j + 1 < code.Count && StoredLocal(code[j]) is int stored && stored >= 0 && LoadedLocal(code[j + 1]) == stored) j += 2;
            if (j >= code.Count) continue;
            if (IsTruthBranch(code[j].Code)) yield return "reference-array element tested against null (ldelem.ref; " + Name(code[j].Code) + ")";
            else if (code[j].Code == ILOpCode.Ldnull && j + 1 < code.Count && IsNullComparison(reader, code[j + 1]))
                yield return "reference-array element compared with null (ldelem.ref; ldnull; " + Name(code[j + 1].Code) + ")";
        }
    }

    private static bool IsTruthBranch(ILOpCode op) =>
        op is ILOpCode.Brtrue or ILOpCode.Brtrue_s or ILOpCode.Brfalse or ILOpCode.Brfalse_s;

    private static bool IsNullComparison(MetadataReader reader, Instruction next)
    {
        if (next.Code is ILOpCode.Ceq or ILOpCode.Cgt_un or ILOpCode.Beq or ILOpCode.Beq_s or ILOpCode.Bne_un or ILOpCode.Bne_un_s) return true;
        if (next.Code != ILOpCode.Call) return false;
        EntityHandle target = MetadataTokens.EntityHandle(next.Operand);
        if (target.Kind != HandleKind.MemberReference) return false;
        MemberReference member = reader.GetMemberReference((MemberReferenceHandle)target);
        string name = reader.GetString(member.Name);
        return name is "op_Equality" or "op_Inequality" or "Equals";
    }

    private static string Name(ILOpCode op) => op.ToString().ToLowerInvariant().Replace('_', '.');

    private static int? StoredLocal(Instruction i) => i.Code switch
    {
        ILOpCode.Stloc_0 => 0,
        ILOpCode.Stloc_1 => 1,
        ILOpCode.Stloc_2 => 2,
        ILOpCode.Stloc_3 => 3,
        ILOpCode.Stloc_s or ILOpCode.Stloc => i.Operand,
        _ => null,
    };

    private static int? LoadedLocal(Instruction i) => i.Code switch
    {
        ILOpCode.Ldloc_0 => 0,
        ILOpCode.Ldloc_1 => 1,
        ILOpCode.Ldloc_2 => 2,
        ILOpCode.Ldloc_3 => 3,
        ILOpCode.Ldloc_s or ILOpCode.Ldloc => i.Operand,
        _ => null,
    };

    private static List<Instruction> Decode(byte[] il)
    {
        var code = new List<Instruction>();
        int at = 0;
        while (at < il.Length)
        {
            int value = il[at++];
            if (value == 0xFE) value = 0xFE00 | il[at++];
            var op = (ILOpCode)value;
            int size = OperandSize(op, il, at);
            int operand = size switch
            {
                1 => il[at],
                2 => BitConverter.ToUInt16(il, at),
                4 or 8 => BitConverter.ToInt32(il, at),
                _ => 0,
            };
            code.Add(new Instruction(op, operand));
            at += size;
        }

        return code;
    }

    private static int OperandSize(ILOpCode op, byte[] il, int at)
    {
        if (op == ILOpCode.Switch) return 4 + 4 * BitConverter.ToInt32(il, at);
        if (op.IsBranch()) return op.GetBranchOperandSize();
        return op switch
        {
            ILOpCode.Ldarg_s or ILOpCode.Ldarga_s or ILOpCode.Starg_s or ILOpCode.Ldloc_s or ILOpCode.Ldloca_s
                or ILOpCode.Stloc_s or ILOpCode.Ldc_i4_s or ILOpCode.Unaligned => 1,
            ILOpCode.Ldarg or ILOpCode.Ldarga or ILOpCode.Starg or ILOpCode.Ldloc or ILOpCode.Ldloca or ILOpCode.Stloc => 2,
            ILOpCode.Ldc_i8 or ILOpCode.Ldc_r8 => 8,
            ILOpCode.Ldc_i4 or ILOpCode.Ldc_r4 or ILOpCode.Jmp or ILOpCode.Call or ILOpCode.Calli or ILOpCode.Callvirt
                or ILOpCode.Cpobj or ILOpCode.Ldobj or ILOpCode.Ldstr or ILOpCode.Newobj or ILOpCode.Castclass
                or ILOpCode.Isinst or ILOpCode.Unbox or ILOpCode.Ldfld or ILOpCode.Ldflda or ILOpCode.Stfld
                or ILOpCode.Ldsfld or ILOpCode.Ldsflda or ILOpCode.Stsfld or ILOpCode.Stobj or ILOpCode.Box
                or ILOpCode.Newarr or ILOpCode.Ldelema or ILOpCode.Ldelem or ILOpCode.Stelem or ILOpCode.Unbox_any
                or ILOpCode.Refanyval or ILOpCode.Mkrefany or ILOpCode.Ldtoken or ILOpCode.Ldftn or ILOpCode.Ldvirtftn
                or ILOpCode.Initobj or ILOpCode.Constrained or ILOpCode.Sizeof => 4,
            _ => 0,
        };
    }
}
