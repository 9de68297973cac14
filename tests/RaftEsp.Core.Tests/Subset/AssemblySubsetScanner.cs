using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace RaftEsp.Core.Tests.Subset;

/// <summary>
/// Reads a compiled assembly's metadata and lists everything the nanoFramework 1.x runtime cannot load: generic
/// type and method definitions, generic instantiations anywhere in a signature (fields, methods, locals, member
/// references, type and method specs), multi-dimensional arrays, and references into namespaces the subset bans.
/// </summary>
internal sealed class AssemblySubsetScanner : ISignatureTypeProvider<string, object?>
{
    private static readonly string[] BannedNamespaces =
    [
        "System.Collections.Generic", "System.Linq", "System.Threading.Tasks", "System.Buffers", "System.Buffers.Binary",
        "System.Runtime.Intrinsics", "System.Numerics", "System.Text.Json",
    ];

    private readonly MetadataReader reader;
    private readonly List<string> violations = new();
    private string where = "";

    private AssemblySubsetScanner(MetadataReader reader) => this.reader = reader;

    public static IReadOnlyList<string> Scan(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var scanner = new AssemblySubsetScanner(pe.GetMetadataReader());
        scanner.ScanAll(pe);
        return scanner.violations;
    }

    private void ScanAll(PEReader pe)
    {
        foreach (var handle in reader.TypeDefinitions)
        {
            TypeDefinition type = reader.GetTypeDefinition(handle);
            string typeName = reader.GetString(type.Namespace) + "." + reader.GetString(type.Name);
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
                if (!body.LocalSignature.IsNil)
                {
                    StandaloneSignature locals = reader.GetStandaloneSignature(body.LocalSignature);
                    locals.DecodeLocalSignature(this, null);
                }
            }
        }

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
            if (Array.IndexOf(BannedNamespaces, ns) >= 0) violations.Add("reference into banned namespace " + ns + "." + reader.GetString(type.Name));
        }
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
