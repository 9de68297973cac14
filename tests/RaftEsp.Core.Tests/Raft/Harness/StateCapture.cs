using System.Reflection;
using System.Runtime.InteropServices;

namespace RaftEsp.Core.Tests.Raft.Harness;

/// <summary>
/// Every byte of state a node holds, for "a bad frame changes nothing" checks: walks the node's object graph by
/// reflection (every field, private ones included, every array element) and its database's, so a field added later
/// is covered without touching the test. Leaves out only the node's scratch space, which carries nothing from one
/// call to the next: the message it decodes into and the one it encodes from, and the commit and send scratch
/// arrays. The drop counters are checked on their own (a drop must count exactly its reason), and the outbox with
/// the Ready view is kept apart because a stale-term frame is dropped and answered (docs/design.md).
/// </summary>
public static class StateCapture
{
    private static readonly string[] Scratch = ["inbound", "outbound", "matchScratch", "sendScratch", "rejectClients", "rejectSeqs", "rejectReasons", "drops", "outbox", "ready"];
    private static readonly Dictionary<Type, FieldInfo[]> FieldsOf = new();

    /// <summary>The node's state (everything but scratch, drops and the outbox) followed by its database's.</summary>
    public static byte[] Core(RaftNode node, RaftEsp.Core.Database database, List<(int Offset, string Path)>? map = null)
    {
        var w = new Writer(map);
        foreach (FieldInfo f in Fields(typeof(RaftNode)))
        {
            if (Array.IndexOf(Scratch, f.Name) >= 0) continue;
            if (f.Name == "codec")
            {
                // The codec's replay window is state a dropped frame must not move; its sequencer counts frames sent (outgoing).
                if (node.Codec.Guarded) w.Value(node.Codec.Guard.Window, "node.codec.guard.window");
                continue;
            }

            w.Value(f.GetValue(node), "node." + f.Name);
        }

        w.Value(database, "database");
        return w.ToArray();
    }

    /// <summary>The frames waiting to leave, the Ready view and whether a Ready is due.</summary>
    public static byte[] Outgoing(RaftNode node)
    {
        var w = new Writer(null);
        w.Value(typeof(RaftNode).GetField("outbox", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(node), "outbox");
        w.Value(typeof(RaftNode).GetField("ready", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(node), "ready");
        w.Value(node.HasReady, "HasReady");
        w.Value(node.Codec.Sequencer, "sequencer");
        return w.ToArray();
    }

    /// <summary>The field path at <paramref name="offset"/> of a <see cref="Core"/> capture, for failure messages.</summary>
    public static string PathAt(RaftNode node, RaftEsp.Core.Database database, int offset)
    {
        var map = new List<(int Offset, string Path)>();
        Core(node, database, map);
        string path = "?";
        foreach (var (start, name) in map)
        {
            if (start > offset) break;
            path = name;
        }

        return path;
    }

    private static FieldInfo[] Fields(Type type)
    {
        if (!FieldsOf.TryGetValue(type, out FieldInfo[]? fields))
        {
            fields = type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
            FieldsOf[type] = fields;
        }

        return fields;
    }

    private sealed class Writer(List<(int Offset, string Path)>? map)
    {
        private byte[] bytes = new byte[32 * 1024];
        private int count;
        private readonly HashSet<object> seen = new(ReferenceEqualityComparer.Instance);

        public byte[] ToArray() => bytes.AsSpan(0, count).ToArray();

        public void Value(object? value, string path)
        {
            map?.Add((count, path));
            switch (value)
            {
                case null: Add(0xEE); return;
                case bool b: Add(b ? (byte)1 : (byte)0); return;
                case byte b: Add(b); return;
                case int i: Add((ulong)i); return;
                case uint u: Add(u); return;
                case long l: Add((ulong)l); return;
                case ulong ul: Add(ul); return;
                case string str: Add(System.Text.Encoding.UTF8.GetBytes(str)); return;
                case Enum: Add((ulong)Convert.ToInt64(value)); return;
            }

            if (value.GetType().IsValueType)
            {
                Add(System.Text.Encoding.UTF8.GetBytes(value.ToString() ?? "")); // no other struct is expected; captured anyway
                return;
            }

            if (!seen.Add(value))
            {
                Add(0xAA); // shared reference, captured where first met
                return;
            }

            if (value is Array array)
            {
                Add((ulong)array.Length);
                Type element = array.GetType().GetElementType()!;
                if (element.IsPrimitive || element.IsEnum)
                {
                    int size = element.IsEnum ? array.Length * ElementSize(Enum.GetUnderlyingType(element)) : Buffer.ByteLength(array);
                    Add(MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(array), size));
                    return;
                }

                for (int i = 0; i < array.Length; i++) Value(array.GetValue(i), map == null ? "" : path + "[" + i + "]");
                return;
            }

            foreach (FieldInfo f in Fields(value.GetType())) Value(f.GetValue(value), map == null ? "" : path + "." + f.Name);
        }

        private void Add(byte b)
        {
            Room(1);
            bytes[count++] = b;
        }

        private void Add(ulong v)
        {
            Room(8);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(count), v);
            count += 8;
        }

        private void Add(ReadOnlySpan<byte> data)
        {
            Room(data.Length);
            data.CopyTo(bytes.AsSpan(count));
            count += data.Length;
        }

        private void Room(int n)
        {
            if (count + n > bytes.Length) Array.Resize(ref bytes, Math.Max(2 * bytes.Length, count + n));
        }

        // Buffer.ByteLength only takes arrays of primitives; an enum array is measured by its underlying type.
        private static int ElementSize(Type underlying) =>
            underlying == typeof(byte) || underlying == typeof(sbyte) ? 1 :
            underlying == typeof(short) || underlying == typeof(ushort) ? 2 :
            underlying == typeof(long) || underlying == typeof(ulong) ? 8 : 4;
    }
}
