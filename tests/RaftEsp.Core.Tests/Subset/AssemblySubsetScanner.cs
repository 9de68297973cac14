#nullable enable
// Host test code, also compiled into projects that build board sources under the subset rules (nullable off, the
// banned-API list): it is neither.
#pragma warning disable RS0030
using System;
using System.Collections.Generic;
using System.IO;
using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace RaftEsp.Core.Tests.Subset;

/// <summary>
/// Reads a compiled assembly's metadata and lists everything the nanoFramework 1.x runtime cannot load: generic
/// type and method definitions, generic instantiations anywhere in a signature (fields, methods, locals, member
/// references, type and method specs), multi-dimensional arrays, references into namespaces the subset bans, the
/// attribute types nullable annotations make the compiler embed, and IL that tests a reference-array element
/// against null (<see cref="ArrayElementNullChecks"/>). Rules: docs/design.md#nanoframework-subset.
/// </summary>
internal sealed class AssemblySubsetScanner : ISignatureTypeProvider<string, object?>
{
    private static readonly string[] BannedNamespaces =
    {
        "System.Collections.Generic", "System.Linq", "System.Threading.Tasks", "System.Buffers", "System.Buffers.Binary",
        "System.Runtime.Intrinsics", "System.Numerics", "System.Text.Json",
    };

    // Nullable annotations (string?) reference these; where the core library lacks them (nanoFramework's mscorlib) the
    // compiler embeds them as types of the assembly itself. The host build (net10.0) references the framework's.
    private static readonly string[] CompilerEmbeddedTypes =
    {
        "Microsoft.CodeAnalysis.EmbeddedAttribute", "System.Runtime.CompilerServices.NullableAttribute",
        "System.Runtime.CompilerServices.NullableContextAttribute", "System.Runtime.CompilerServices.NullablePublicOnlyAttribute",
    };

    private readonly MetadataReader reader;
    private readonly List<string> violations = new();
    private string where = "";

    private AssemblySubsetScanner(MetadataReader reader) => this.reader = reader;

    public static IReadOnlyList<string> Scan(string assemblyPath) => Scan(assemblyPath, "");

    /// <summary>Scans only the types whose namespace starts with <paramref name="namespacePrefix"/> ("" for all).</summary>
    public static IReadOnlyList<string> Scan(string assemblyPath, string namespacePrefix) => Scan(assemblyPath, namespacePrefix, null);

    /// <summary>As above, leaving out the types under <paramref name="excludedPrefix"/> (host code beside the board types).</summary>
    public static IReadOnlyList<string> Scan(string assemblyPath, string namespacePrefix, string? excludedPrefix)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var scanner = new AssemblySubsetScanner(pe.GetMetadataReader());
        scanner.ScanAll(pe, namespacePrefix, excludedPrefix);
        return scanner.violations;
    }

    private void ScanAll(PEReader pe, string namespacePrefix, string? excludedPrefix)
    {
        // A prefix scans the board types of a mixed assembly (board sources compiled with host code): only their own
        // definitions, signatures and IL, not the assembly-wide tables the host code shares.
        bool wholeAssembly = namespacePrefix.Length == 0 && excludedPrefix == null;
        foreach (var handle in reader.TypeDefinitions)
        {
            TypeDefinition type = reader.GetTypeDefinition(handle);
            string typeName = reader.GetString(type.Namespace) + "." + reader.GetString(type.Name);
            if (wholeAssembly && Array.IndexOf(CompilerEmbeddedTypes, typeName) >= 0) violations.Add("compiler-embedded type " + typeName + " (nullable annotations)");
            string outer = OuterNamespace(type);
            if (!outer.StartsWith(namespacePrefix, StringComparison.Ordinal)) continue;
            if (excludedPrefix != null && outer.StartsWith(excludedPrefix, StringComparison.Ordinal)) continue;
            if (type.GetGenericParameters().Count > 0) violations.Add("generic type definition " + typeName);
            foreach (var fh in type.GetFields())
            {
                FieldDefinition field = reader.GetFieldDefinition(fh);
                where = typeName + "." + reader.GetString(field.Name);
                field.DecodeSignature(this, null);
            }

            foreach (var mh in type.GetMethods())
            {
                MethodDefinition method = reader.GetMethodDefinition(mh);
                where = typeName + "." + reader.GetString(method.Name);
                if (method.GetGenericParameters().Count > 0) violations.Add("generic method definition " + where);
                method.DecodeSignature(this, null);
                if (method.RelativeVirtualAddress == 0) continue;
                MethodBodyBlock body = pe.GetMethodBody(method.RelativeVirtualAddress);
                foreach (string check in ArrayElementNullChecks.Find(reader, body.GetILBytes() ?? Array.Empty<byte>())) violations.Add(check + " in " + where);
                if (!body.LocalSignature.IsNil)
                {
                    StandaloneSignature locals = reader.GetStandaloneSignature(body.LocalSignature);
                    locals.DecodeLocalSignature(this, null);
                }
            }
        }

        if (!wholeAssembly) return;
        for (int row = 1; row <= reader.GetTableRowCount(TableIndex.TypeSpec); row++)
        {
            where = "type spec " + row;
            reader.GetTypeSpecification(MetadataTokens.TypeSpecificationHandle(row)).DecodeSignature(this, null);
        }

        for (int row = 1; row <= reader.GetTableRowCount(TableIndex.MethodSpec); row++)
        {
            MethodSpecification spec = reader.GetMethodSpecification(MetadataTokens.MethodSpecificationHandle(row));
            violations.Add("generic method instantiation " + MemberName(spec.Method));
        }

        foreach (var mh in reader.MemberReferences)
        {
            MemberReference member = reader.GetMemberReference(mh);
            where = "reference to " + MemberName(mh);
            if (member.GetKind() == MemberReferenceKind.Method) member.DecodeMethodSignature(this, null);
            else member.DecodeFieldSignature(this, null);
        }

        foreach (var th in reader.TypeReferences)
        {
            TypeReference type = reader.GetTypeReference(th);
            string ns = reader.GetString(type.Namespace);
            string name = ns + "." + reader.GetString(type.Name);
            if (Array.IndexOf(CompilerEmbeddedTypes, name) >= 0) violations.Add("nullable attribute " + name + " (nanoFramework's compiler embeds it as a type)");
            if (Array.IndexOf(BannedNamespaces, ns) >= 0) violations.Add("reference into banned namespace " + ns + "." + reader.GetString(type.Name));
        }
    }

    private string OuterNamespace(TypeDefinition type)
    {
        while (type.IsNested) type = reader.GetTypeDefinition(type.GetDeclaringType());
        return reader.GetString(type.Namespace);
    }

    private string MemberName(EntityHandle handle)
    {
        if (handle.Kind == HandleKind.MemberReference)
        {
            MemberReference m = reader.GetMemberReference((MemberReferenceHandle)handle);
            return TypeName(m.Parent) + "::" + reader.GetString(m.Name);
        }

        if (handle.Kind == HandleKind.MethodDefinition)
        {
            MethodDefinition m = reader.GetMethodDefinition((MethodDefinitionHandle)handle);
            return TypeName(m.GetDeclaringType()) + "::" + reader.GetString(m.Name);
        }

        return handle.Kind.ToString();
    }

    private string TypeName(EntityHandle handle) => handle.Kind switch
    {
        HandleKind.TypeReference => GetTypeFromReference(reader, (TypeReferenceHandle)handle, 0),
        HandleKind.TypeDefinition => GetTypeFromDefinition(reader, (TypeDefinitionHandle)handle, 0),
        _ => handle.Kind.ToString(),
    };

    public string GetArrayType(string elementType, ArrayShape shape)
    {
        violations.Add("multi-dimensional array " + elementType + "[" + new string(',', shape.Rank - 1) + "] in " + where);
        return elementType + "[,]";
    }

    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments)
    {
        violations.Add("generic instantiation " + genericType + "<" + string.Join(",", typeArguments) + "> in " + where);
        return genericType;
    }

    public string GetGenericMethodParameter(object? genericContext, int index)
    {
        violations.Add("generic method parameter in " + where);
        return "!!" + index;
    }

    public string GetGenericTypeParameter(object? genericContext, int index)
    {
        violations.Add("generic type parameter in " + where);
        return "!" + index;
    }

    public string GetSZArrayType(string elementType) => elementType + "[]";

    public string GetByReferenceType(string elementType) => elementType + "&";

    public string GetPointerType(string elementType) => elementType + "*";

    public string GetPinnedType(string elementType) => elementType;

    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

    public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";

    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

    public string GetTypeFromDefinition(MetadataReader r, TypeDefinitionHandle handle, byte rawTypeKind)
    {
        TypeDefinition t = r.GetTypeDefinition(handle);
        return r.GetString(t.Namespace) + "." + r.GetString(t.Name);
    }

    public string GetTypeFromReference(MetadataReader r, TypeReferenceHandle handle, byte rawTypeKind)
    {
        TypeReference t = r.GetTypeReference(handle);
        return r.GetString(t.Namespace) + "." + r.GetString(t.Name);
    }

    public string GetTypeFromSpecification(MetadataReader r, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        r.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
}
