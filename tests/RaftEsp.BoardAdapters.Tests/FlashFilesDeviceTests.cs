using System.IO;
using System.Text;
using nanoFramework.TestFramework;

namespace RaftEsp.BoardAdapters.Tests
{
    /// <summary>FlashFiles on the device's own file system: the flash behaviour the store relies on.</summary>
    [TestClass]
    public class FlashFilesDeviceTests
    {
        private static byte[] Ascii(string text) => Encoding.UTF8.GetBytes(text);

        private static string Contents(FlashFiles files, string name)
        {
            int length = files.Length(name);
            if (length <= 0) return string.Empty;
            byte[] buffer = new byte[length];
            int read = files.Read(name, 0, buffer, 0, length);
            return Encoding.UTF8.GetString(buffer, 0, read);
        }

        [TestMethod]
        public void A_missing_file_has_length_minus_one()
        {
            FlashFiles files = new FlashFiles(TestDrive.FreshFolder());
            Assert.AreEqual(-1, files.Length("raft.log"));
            Assert.AreEqual(0, files.Read("raft.log", 0, new byte[4], 0, 4));
        }

        [TestMethod]
        public void Appends_survive_closing_and_reopening()
        {
            string folder = TestDrive.FreshFolder();
            FlashFiles files = new FlashFiles(folder);
            files.Append("raft.log", Ascii("..abc.."), 2, 3);
            files.Append("raft.log", Ascii("def"), 0, 3);

            FlashFiles reopened = new FlashFiles(folder);
            Assert.AreEqual(6, reopened.Length("raft.log"));
            Assert.AreEqual("abcdef", Contents(reopened, "raft.log"));
        }

        [TestMethod]
        public void Read_honours_the_position()
        {
            FlashFiles files = new FlashFiles(TestDrive.FreshFolder());
            files.Append("f", Ascii("0123456789"), 0, 10);
            byte[] buffer = new byte[6];
            Assert.AreEqual(4, files.Read("f", 6, buffer, 1, 5));
            Assert.AreEqual("6789", Encoding.UTF8.GetString(buffer, 1, 4));
        }

        [TestMethod]
        public void Replace_swaps_the_file_and_leaves_no_new_copy()
        {
            string folder = TestDrive.FreshFolder();
            FlashFiles files = new FlashFiles(folder);
            files.Replace("raft.snap", Ascii("first, longer"), 0, 13);
            files.Replace("raft.snap", Ascii("second"), 0, 6);
            Assert.AreEqual("second", Contents(files, "raft.snap"));
            Assert.IsFalse(File.Exists(folder + "raft.snap" + ReplaceRecovery.TempSuffix));
        }

        [TestMethod]
        public void A_torn_new_copy_next_to_the_old_file_is_discarded_at_start()
        {
            string folder = TestDrive.FreshFolder();
            TestDrive.WriteText(folder + "raft.snap", "old");
            TestDrive.WriteText(folder + "raft.snap.new", "ne");

            FlashFiles files = new FlashFiles(folder);

            Assert.AreEqual(1, files.RecoveredOnStart);
            Assert.AreEqual("old", TestDrive.ReadText(folder + "raft.snap"));
            Assert.IsFalse(File.Exists(folder + "raft.snap.new"));
        }

        [TestMethod]
        public void A_complete_new_copy_whose_old_file_was_deleted_is_promoted_at_start()
        {
            string folder = TestDrive.FreshFolder();
            TestDrive.WriteText(folder + "raft.snap.new", "new");

            FlashFiles files = new FlashFiles(folder);

            Assert.AreEqual(1, files.RecoveredOnStart);
            Assert.AreEqual("new", TestDrive.ReadText(folder + "raft.snap"));
            Assert.IsFalse(File.Exists(folder + "raft.snap.new"));
        }
    }
}
