using System.IO;
using RaftEsp.Apps;

namespace RaftEsp.BoardAdapters
{
    /// <summary>
    /// <see cref="IFlashFiles"/> on a directory of the board's flash file system (<c>I:\</c>, the internal flash, on
    /// an ESP32). On the board's file system a <c>Flush</c> is not a commit; the data is safe once the file is closed
    /// (docs/design.md#nanoframework-subset), so every write opens, writes and closes the file before returning.
    /// <see cref="Replace"/> writes <c>name.new</c>, closes it, deletes <c>name</c> and renames the new copy; the
    /// constructor finishes or undoes a replacement a power cut interrupted (<see cref="ReplaceRecovery"/>).
    /// Names are plain file names (<c>raft.log</c>); the same code runs on desktop .NET for the host tests.
    /// </summary>
    public sealed class FlashFiles : IFlashFiles
    {
        /// <summary>The ESP32's internal flash drive.</summary>
        public const string InternalFlash = "I:\\";

#if NANOFRAMEWORK_1_0
        private const string Separator = "\\";
#else
        private static readonly string Separator = Path.DirectorySeparatorChar.ToString();
#endif

        private readonly string root;

        /// <summary>Files under <paramref name="root"/> (a drive or directory); recovers interrupted replacements at once.</summary>
        public FlashFiles(string root)
        {
            this.root = EndsWithSeparator(root) ? root : root + Separator;
            RecoveredOnStart = RecoverInterruptedReplaces();
        }

        /// <summary>How many interrupted replacements the constructor found and resolved.</summary>
        public int RecoveredOnStart { get; }

        /// <summary>The full path of <paramref name="name"/>.</summary>
        public string PathOf(string name) => root + name;

        /// <inheritdoc />
        public int Length(string name)
        {
            string path = PathOf(name);
            if (!File.Exists(path)) return -1;
            using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                return (int)stream.Length;
            }
        }

        /// <inheritdoc />
        public int Read(string name, int position, byte[] buffer, int offset, int count)
        {
            string path = PathOf(name);
            if (position < 0 || count <= 0 || !File.Exists(path)) return 0;
            using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                if (position >= stream.Length) return 0;
                stream.Seek(position, SeekOrigin.Begin);
                int total = 0;
                while (total < count)
                {
                    int read = stream.Read(buffer, offset + total, count - total);
                    if (read <= 0) break;
                    total += read;
                }

                return total;
            }
        }

        /// <inheritdoc />
        public void Append(string name, byte[] data, int offset, int count)
        {
            using (FileStream stream = new FileStream(PathOf(name), FileMode.OpenOrCreate, FileAccess.Write))
            {
                stream.Seek(0, SeekOrigin.End);
                stream.Write(data, offset, count);
            }
        }

        /// <inheritdoc />
        public void Replace(string name, byte[] data, int offset, int count)
        {
            string path = PathOf(name);
            string temp = path + ReplaceRecovery.TempSuffix;
            if (File.Exists(temp)) File.Delete(temp);
            using (FileStream stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
            {
                stream.Write(data, offset, count);
            }

            // From here a power cut is recovered at boot: before the delete the old file wins, after it the new one.
            if (File.Exists(path)) File.Delete(path);
            File.Move(temp, path);
        }

        /// <summary>Deletes <paramref name="name"/> if it exists (tests and a factory reset use it).</summary>
        public void Delete(string name)
        {
            string path = PathOf(name);
            if (File.Exists(path)) File.Delete(path);
        }

        private int RecoverInterruptedReplaces()
        {
            string[] paths;
            try
            {
                paths = Directory.GetFiles(root);
            }
            catch (IOException)
            {
                return 0; // no such drive or directory yet: nothing to recover
            }

            int recovered = 0;
            for (int i = 0; i < paths.Length; i++)
            {
                string temp = paths[i];
                if (!HasTempSuffix(temp)) continue;
                string target = temp.Substring(0, temp.Length - ReplaceRecovery.TempSuffix.Length);
                ReplaceRecoveryAction action = ReplaceRecovery.Decide(File.Exists(target), true);
                if (action == ReplaceRecoveryAction.DeleteTemp) File.Delete(temp);
                else if (action == ReplaceRecoveryAction.PromoteTemp) File.Move(temp, target);
                recovered++;
            }

            return recovered;
        }

        // Written out rather than string.EndsWith, which not every nanoFramework mscorlib version has.
        private static bool HasTempSuffix(string path)
        {
            int suffix = ReplaceRecovery.TempSuffix.Length;
            return path.Length > suffix && path.Substring(path.Length - suffix) == ReplaceRecovery.TempSuffix;
        }

        private static bool EndsWithSeparator(string path)
        {
            if (path.Length == 0) return false;
            char last = path[path.Length - 1];
            return last == '\\' || last == '/';
        }
    }
}
