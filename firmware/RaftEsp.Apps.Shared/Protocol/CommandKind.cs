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

        /// <summary>join(node): adds the board as a learner; answered once the leader promoted it to voter (or
        /// <see cref="CommandStatus.JoinedAsLearner"/> at the deadline). The node id travels in the value, slot 0.</summary>
        Join = 5,

        /// <summary>leave(node): removes a voter or a learner; answered once the removal is committed.</summary>
        Leave = 6,

        /// <summary>transfer(node): hands the leadership to a voter (§3.10); answered once it leads.</summary>
        Transfer = 7,
    }

    /// <summary>Names and checks of <see cref="CommandKind"/> (no Enum reflection on the boards).</summary>
    public static class CommandKinds
    {
        /// <summary>True for a kind the protocol defines.</summary>
        public static bool IsKnown(int kind) => kind >= (int)CommandKind.Set && kind <= (int)CommandKind.Transfer;

        /// <summary>True for join, leave and transfer: the commands that name a node (in the value field) rather than a slot.</summary>
        public static bool IsMembership(CommandKind kind) => kind >= CommandKind.Join && kind <= CommandKind.Transfer;

        /// <summary>The kind's name as the protocol and the desktop spell it.</summary>
        public static string Name(CommandKind kind)
        {
            switch (kind)
            {
                case CommandKind.Set: return "set";
                case CommandKind.Get: return "get";
                case CommandKind.Remove: return "remove";
                case CommandKind.Register: return "register";
                case CommandKind.Join: return "join";
                case CommandKind.Leave: return "leave";
                case CommandKind.Transfer: return "transfer";
                default: return "unknown";
            }
        }
    }
}
