namespace RaftEsp.BoardAdapters
{
    /// <summary>What to do at boot with a file whose atomic replacement a power cut interrupted.</summary>
    public enum ReplaceRecoveryAction : byte
    {
        /// <summary>No replacement was in progress.</summary>
        None = 0,

        /// <summary>The new copy may be torn and the old file is intact: delete the new copy (the replace never returned).</summary>
        DeleteTemp = 1,

        /// <summary>The old file was already deleted, so the new copy was complete: rename it into place.</summary>
        PromoteTemp = 2,
    }

    /// <summary>
    /// The recovery rule of the atomic replace: write <c>name.new</c> and close it, delete <c>name</c>, rename
    /// <c>name.new</c> to <c>name</c>. A power cut leaves one of three states, and only one of them needs the new copy.
    /// </summary>
    public static class ReplaceRecovery
    {
        /// <summary>Suffix of the new copy written before the rename.</summary>
        public const string TempSuffix = ".new";

        /// <summary>The action for a file whose target and new copy do or do not exist.</summary>
        public static ReplaceRecoveryAction Decide(bool targetExists, bool tempExists)
        {
            if (!tempExists) return ReplaceRecoveryAction.None;
            return targetExists ? ReplaceRecoveryAction.DeleteTemp : ReplaceRecoveryAction.PromoteTemp;
        }
    }
}
