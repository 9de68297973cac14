using RaftEsp.Core;

namespace RaftEsp.Apps
{
    /// <summary>
    /// The status byte of a command result: an <see cref="ErrorCode"/> (0..14) from the Raft core or the database, or
    /// one of the server front end's own codes (32..35). docs/protocol.md lists them all.
    /// </summary>
    public static class CommandStatus
    {
        /// <summary>The command was applied (set, remove) or the read served (get).</summary>
        public const int Ok = 0;

        /// <summary>The server node's table of waiting reads is full; retry later.</summary>
        public const int Busy = 32;

        /// <summary>A newer command of the same client replaced this one before it was answered (the client gave up on it).</summary>
        public const int Superseded = 33;

        /// <summary>The board that received the command is not the server node (a configuration mismatch).</summary>
        public const int NotServer = 34;

        /// <summary>
        /// No answer came within the server node's timeout (a forwarded proposal or read request lost on the radio, a
        /// leader that changed): retry with the same client id and sequence number; a write that did commit meanwhile
        /// is answered with its first result, not applied again.
        /// </summary>
        public const int Timeout = 35;

        /// <summary>True for a status byte the protocol defines.</summary>
        public static bool IsKnown(int status) => (status >= 0 && status <= (int)ErrorCodes.Last) || (status >= Busy && status <= Timeout);

        /// <summary>The status's name, as the desktop shows it.</summary>
        public static string Name(int status)
        {
            switch (status)
            {
                case Busy: return "busy";
                case Superseded: return "superseded";
                case NotServer: return "not-server";
                case Timeout: return "timeout";
                default: return status >= 0 && status <= (int)ErrorCodes.Last ? ErrorCodes.Name((ErrorCode)status) : "unknown";
            }
        }
    }
}
