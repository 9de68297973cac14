using System.Threading;
using nanoFramework.TestFramework;
using RaftEsp.Apps;

namespace RaftEsp.BoardAdapters.Tests
{
    /// <summary>The frame queue and the locked inbox the radios fill, on the device's runtime.</summary>
    [TestClass]
    public class FrameInboxDeviceTests
    {
        [TestMethod]
        public void The_queue_hands_frames_out_in_order_and_counts_what_it_refuses()
        {
            FrameQueue queue = new FrameQueue(2, 8);
            Assert.IsTrue(queue.Write(new byte[] { 1, 2 }, 0, 2));
            Assert.IsTrue(queue.Write(new byte[] { 3 }, 0, 1));
            Assert.IsFalse(queue.Write(new byte[] { 4 }, 0, 1));
            Assert.IsFalse(queue.Write(new byte[9], 0, 9));
            Assert.AreEqual(1, queue.Overflows);
            Assert.AreEqual(1, queue.Oversized);

            byte[] buffer = new byte[8];
            Assert.AreEqual(2, queue.Read(buffer));
            Assert.AreEqual(2, (int)buffer[1]);
            Assert.AreEqual(1, queue.Read(buffer));
            Assert.AreEqual(3, (int)buffer[0]);
            Assert.AreEqual(0, queue.Read(buffer));
        }

        [TestMethod]
        public void A_frame_from_another_thread_wakes_the_loop()
        {
            AutoResetEvent arrived = new AutoResetEvent(false);
            FrameInbox inbox = new FrameInbox(4, 250, arrived);
            Thread receiver = new Thread(() => inbox.Put(new byte[] { 9, 8, 7 }, 0, 3));
            receiver.Start();

            Assert.IsTrue(arrived.WaitOne(5000, false), "no wake-up within 5 s");
            byte[] buffer = new byte[250];
            Assert.AreEqual(3, inbox.Take(buffer));
            Assert.AreEqual(7, (int)buffer[2]);
        }

        [TestMethod]
        public void A_full_inbox_drops_and_counts_without_waking()
        {
            AutoResetEvent arrived = new AutoResetEvent(false);
            FrameInbox inbox = new FrameInbox(1, 250, arrived);
            Assert.IsTrue(inbox.Put(new byte[] { 1 }, 0, 1));
            arrived.Reset();
            Assert.IsFalse(inbox.Put(new byte[] { 2 }, 0, 1));
            Assert.AreEqual(1, inbox.Overflows);
            Assert.IsFalse(arrived.WaitOne(0, false));
        }
    }
}
