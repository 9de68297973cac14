namespace RaftEsp.Apps
{
    /// <summary>What a client command asks (docs/protocol.md). Writes go through the log; a get is a ReadIndex read.</summary>
    public enum CommandKind : byte
    {
        /// <summary>set(slot, value): answers the slot's previous value.</summary>
        Set = 1,

        /// <summary>get(slot): a linearizable read; answers the value.</summary>
        Get = 2,

        /// <summary>remove(slot): the slot becomes 0; answers its previous value.</summary>
        Remove = 3,

        /// <summary>register: opens a client session through the log; the result carries the new client id.</summary>
        Register = 4,
    }

    /// <summary>Names and checks of <see cref="CommandKind"/> (no Enum reflection on the boards).</summary>
    public static class CommandKinds
    {
        /// <summary>True for a kind the protocol defines.</summary>
        public static bool IsKnown(int kind) => kind >= (int)CommandKind.Set && kind <= (int)CommandKind.Register;

        /// <summary>The kind's name as the protocol and the desktop spell it.</summary>
        public static string Name(CommandKind kind)
        {
            switch (kind)
            {
                case CommandKind.Set: return "set";
                case CommandKind.Get: return "get";
                case CommandKind.Remove: return "remove";
                case CommandKind.Register: return "register";
                default: return "unknown";
            }
        }
    }
}
