namespace RaftEsp.Core
{
    /// <summary>
    /// One log entry on the wire. The first byte holds the class in its top two bits and a 6-bit operand:
    /// class 0 is a no-op (the whole entry is 0x00), class 1 set(slot) + client, seq u16, value i32 (8 bytes),
    /// class 2 remove(slot) + client, seq u16 (4 bytes), class 3 a membership change (operand 0 add, 1 remove) +
    /// client, seq u16, node id i32 (8 bytes).
    /// </summary>
    public static class EntryCodec
    {
        private const int ClassNoop = 0;
        private const int ClassSet = 1;
        private const int ClassRemove = 2;
        private const int ClassMembership = 3;

        /// <summary>Encoded size of an entry of <paramref name="kind"/>; 0 for an unknown kind.</summary>
        public static int Size(EntryKind kind)
        {
            switch (kind)
            {
                case EntryKind.Noop: return 1;
                case EntryKind.Remove: return 4;
                case EntryKind.Set:
                case EntryKind.AddNode:
                case EntryKind.RemoveNode: return 8;
                default: return 0;
            }
        }

        /// <summary>Writes entry <paramref name="i"/> of <paramref name="m"/> at <paramref name="o"/>; returns the offset after it, or 0 if it cannot be represented.</summary>
        public static int Encode(Message m, int i, byte[] f, int o)
        {
            EntryKind kind = m.Kinds[i];
            int slot = m.Slots[i];
            switch (kind)
            {
                case EntryKind.Noop:
                    f[o] = 0;
                    return o + 1;
                case EntryKind.Set:
                    if (slot > 63) return 0;
                    f[o] = (byte)((ClassSet << 6) | slot);
                    break;
                case EntryKind.Remove:
                    if (slot > 63) return 0;
                    f[o] = (byte)((ClassRemove << 6) | slot);
                    break;
                case EntryKind.AddNode:
                case EntryKind.RemoveNode:
                    if (m.Values[i] < 0 || m.Values[i] > FrameCodec.MaxNodeId) return 0;
                    f[o] = (byte)((ClassMembership << 6) | (kind == EntryKind.AddNode ? 0 : 1));
                    break;
                default:
                    return 0;
            }

            f[o + 1] = m.Clients[i];
            Bytes.WriteU16(f, o + 2, m.Seqs[i]);
            if (kind == EntryKind.Remove) return o + 4;
            Bytes.WriteI32(f, o + 4, m.Values[i]);
            return o + 8;
        }

        /// <summary>Reads one entry into slot <paramref name="i"/> of <paramref name="m"/>; <paramref name="next"/> is the offset after it.</summary>
        public static FrameError Decode(byte[] f, int o, int end, Message m, int i, out int next)
        {
            next = o;
            if (o >= end) return FrameError.BadLength;
            int first = f[o];
            int cls = first >> 6;
            int operand = first & 0x3F;
            EntryKind kind;
            switch (cls)
            {
                case ClassNoop:
                    if (operand != 0) return FrameError.BadField;
                    m.SetEntry(i, EntryKind.Noop, 0, 0, 0, 0);
                    next = o + 1;
                    return FrameError.None;
                case ClassSet:
                    kind = EntryKind.Set;
                    break;
                case ClassRemove:
                    kind = EntryKind.Remove;
                    break;
                default:
                    if (operand > 1) return FrameError.BadField;
                    kind = operand == 0 ? EntryKind.AddNode : EntryKind.RemoveNode;
                    break;
            }

            int size = Size(kind);
            if (end - o < size) return FrameError.BadLength;
            int value = size == 8 ? Bytes.ReadI32(f, o + 4) : 0;
            if (cls == ClassMembership)
            {
                if (value < 0 || value > FrameCodec.MaxNodeId) return FrameError.BadField;
                operand = 0;
            }

            m.SetEntry(i, kind, operand, f[o + 1], Bytes.ReadU16(f, o + 2), value);
            next = o + size;
            return FrameError.None;
        }
    }
}
