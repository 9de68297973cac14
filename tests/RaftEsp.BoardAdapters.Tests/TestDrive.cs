using System.IO;
using nanoFramework.TestFramework;

namespace RaftEsp.BoardAdapters.Tests
{
    /// <summary>
    /// Where the device tests may write: a folder on the internal flash (I:\) of a real board, or on the first drive
    /// of the virtual nanoCLR. A device without a file system skips the file tests (reported as skipped, not passed).
    /// </summary>
    internal static class TestDrive
    {
        public const string Folder = "raftesp-test";

        /// <summary>The test folder with a trailing separator, created empty; skips the test when there is no drive.</summary>
        public static string FreshFolder()
        {
            // Directory.GetLogicalDrives left nanoFramework.System.IO.FileSystem after 1.1.47; DriveInfo replaced it.
            DriveInfo[] drives = DriveInfo.GetDrives();
            if (drives == null || drives.Length == 0) Assert.SkipTest("this device has no file system");
            string drive = drives[0].Name;
            for (int i = 0; i < drives.Length; i++)
            {
                string name = drives[i].Name;
                if (name.Length >= 2 && name.Substring(0, 2).ToUpper() == "I:") drive = name;
            }

            if (drive.Substring(drive.Length - 1) != "\\") drive += "\\";
            string folder = drive + Folder;
            if (Directory.Exists(folder))
            {
                string[] files = Directory.GetFiles(folder);
                for (int i = 0; i < files.Length; i++) File.Delete(files[i]);
            }
            else
            {
                Directory.CreateDirectory(folder);
            }

            return folder + "\\";
        }

        public static void WriteText(string path, string text)
        {
            File.WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text));
        }

        public static string ReadText(string path)
        {
            byte[] bytes = File.ReadAllBytes(path);
            return System.Text.Encoding.UTF8.GetString(bytes, 0, bytes.Length);
        }
    }
}
