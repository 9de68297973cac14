namespace RaftEsp.Core
{
    /// <summary>
    /// One log entry on the wire. The first byte holds the class in its top two bits and a 6-bit operand:
    /// class 0 is a no-op (the whole entry is 0x00), class 1 set(slot) + client u32, seq u32, value i32 (13 bytes),
    /// class 2 remove(slot) + client u32, seq u32 (9 bytes), class 3 a control entry: operand 0 add-learner, 1
    /// remove-node and 3 promote-learner + client u32, seq u32, node id i32 (13 bytes), operand 2 register + nonce
    /// u32 (5 bytes). Client
    /// ids, sequence numbers and nonces are u32 fields limited to 0..2^31-1 (a register's nonce to 1..2^31-1).
    /// </summary>
    public static class EntryCodec
    {
        private const int ClassNoop = 0;
        private const int ClassSet = 1;
        private const int ClassRemove = 2;
        private const int ClassControl = 3;
        private const int OperandAddNode = 0;
        private const int OperandRemoveNode = 1;
        private const int OperandRegister = 2;
        private const int OperandPromote = 3;
        private const int SetBytes = 13;

        /// <summary>Encoded size of an entry of <paramref name="kind"/>; 0 for an unknown kind.</summary>
        public static int Size(EntryKind kind)
        {
            switch (kind)
            {
                case EntryKind.Noop: return 1;
                case EntryKind.Register: return 5;
                case EntryKind.Remove: return 9;
                case EntryKind.Set:
                case EntryKind.AddLearner:
                case EntryKind.RemoveNode:
                case EntryKind.PromoteLearner: return 13;
                default: return 0;
            }
        }

        /// <summary>Writes entry <paramref name="i"/> of <paramref name="m"/> at <paramref name="o"/>; returns the offset after it, or 0 if it cannot be represented.</summary>
        public static int Encode(Message m, int i, byte[] f, int o)
        {
            EntryKind kind = m.Kinds[i];
            int slot = m.Slots[i];
            int client = m.Clients[i];
            int seq = m.Seqs[i];
            switch (kind)
            {
                case EntryKind.Noop:
                    f[o] = 0;
                    return o + 1;
                case EntryKind.Register:
                    if (seq < 1) return 0;
                    f[o] = (byte)((ClassControl << 6) | OperandRegister);
                    Bytes.WriteI32(f, o + 1, seq);
                    return o + 5;
                case EntryKind.Set:
                    if (slot > 63) return 0;
                    f[o] = (byte)((ClassSet << 6) | slot);
                    break;
                case EntryKind.Remove:
                    if (slot > 63) return 0;
                    f[o] = (byte)((ClassRemove << 6) | slot);
                    break;
                case EntryKind.AddLearner:
                case EntryKind.RemoveNode:
                case EntryKind.PromoteLearner:
                    if (slot != 0 || m.Values[i] < 0 || m.Values[i] > FrameCodec.MaxNodeId) return 0;
                    f[o] = (byte)((ClassControl << 6) | ControlOperand(kind));
                    break;
                default:
                    return 0;
            }

            if (client < 0 || seq < 0) return 0;
            Bytes.WriteI32(f, o + 1, client);
            Bytes.WriteI32(f, o + 5, seq);
            if (kind == EntryKind.Remove) return o + 9;
            Bytes.WriteI32(f, o + 9, m.Values[i]);
            return o + 13;
        }

        /// <summary>
        /// Reads <paramref name="count"/> entries into <paramref name="m"/> from <paramref name="o"/>; <paramref name="next"/>
        /// is the offset after the last. One call per frame, not per entry: the interpreter on a board pays for every
        /// call and IL instruction, so a set entry, nearly every entry of a busy cluster, is read here in the loop with
        /// its fields taken natively (FrameCodec's constructor checks the machine is little-endian) and stored straight
        /// into the message's arrays. Every other kind goes through <see cref="Decode"/>.
        /// </summary>
        public static FrameError DecodeAll(byte[] f, int o, int end, Message m, int count, out int next)
        {
            EntryKind[] kinds = m.Kinds;
            byte[] slots = m.Slots;
            int[] clients = m.Clients;
            int[] seqs = m.Seqs;
            int[] values = m.Values;
            for (int i = 0; i < count; i++)
            {
                int first = o < end ? f[o] : 0;
                if (first >> 6 != ClassSet)
                {
                    FrameError error = Decode(f, o, end, m, i, out o);
                    if (error != FrameError.None)
                    {
                        next = o;
                        return error;
                    }

                    continue;
                }

                if (end - o < SetBytes)
                {
                    next = o;
                    return FrameError.BadLength;
                }

                int client = System.BitConverter.ToInt32(f, o + 1);
                int seq = System.BitConverter.ToInt32(f, o + 5);
                if ((client | seq) < 0)
                {
                    next = o;
                    return FrameError.BadField; // u32 fields stop at 2^31-1
                }

                kinds[i] = EntryKind.Set;
                slots[i] = (byte)(first & 0x3F);
                clients[i] = client;
                seqs[i] = seq;
                values[i] = System.BitConverter.ToInt32(f, o + 9);
                o += SetBytes;
            }

            next = o;
            return FrameError.None;
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
                    if (operand > OperandPromote) return FrameError.BadField;
                    kind = ControlKind(operand);
                    operand = 0;
                    break;
            }

            int size = Size(kind);
            if (end - o < size) return FrameError.BadLength;
            if (kind == EntryKind.Register)
            {
                int nonce = Bytes.ReadI32(f, o + 1);
                if (nonce < 1) return FrameError.BadField;
                m.SetEntry(i, kind, 0, 0, nonce, 0);
                next = o + size;
                return FrameError.None;
            }

            int client = Bytes.ReadI32(f, o + 1);
            int seq = Bytes.ReadI32(f, o + 5);
            int value = size == 13 ? Bytes.ReadI32(f, o + 9) : 0;
            if (client < 0 || seq < 0) return FrameError.BadField;
            if (cls == ClassControl && (value < 0 || value > FrameCodec.MaxNodeId)) return FrameError.BadField;
            m.SetEntry(i, kind, operand, client, seq, value);
            next = o + size;
            return FrameError.None;
        }

        private static int ControlOperand(EntryKind kind) =>
            kind == EntryKind.AddLearner ? OperandAddNode : kind == EntryKind.RemoveNode ? OperandRemoveNode : OperandPromote;

        private static EntryKind ControlKind(int operand)
        {
            switch (operand)
            {
                case OperandAddNode: return EntryKind.AddLearner;
                case OperandRemoveNode: return EntryKind.RemoveNode;
                case OperandRegister: return EntryKind.Register;
                default: return EntryKind.PromoteLearner;
            }
        }
    }
}
