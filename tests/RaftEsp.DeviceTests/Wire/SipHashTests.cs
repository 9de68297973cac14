using nanoFramework.TestFramework;
using RaftEsp.Core;
using RaftEsp.DeviceTests.Harness;

namespace RaftEsp.DeviceTests.Wire
{
    /// <summary>SipHash-2-4, the tag on every frame, against the algorithm's published vectors.</summary>
    [TestClass]
    public class SipHashTests
    {
        private static ulong k0;
        private static ulong k1;
        private static byte[] message = new byte[0];

        [Setup]
        public static void Prepare()
        {
            k0 = SipHash24.KeyHalf(NanoCluster.Key, 0);
            k1 = SipHash24.KeyHalf(NanoCluster.Key, 1);
            message = new byte[64];
            for (int i = 0; i < message.Length; i++) message[i] = (byte)i;
        }

        [TestMethod]
        public static void Every_published_vector_matches()
        {
            for (int length = 0; length < SipHashVectors.Expected.Length; length++)
                Assert.AreEqual(SipHashVectors.Expected[length], TagHex(message, 0, length), "length " + length);
        }

        // Lengths around the 8-byte word boundary, where the final-block padding differs.
        [TestMethod]
        [DataRow(0)]
        [DataRow(1)]
        [DataRow(7)]
        [DataRow(8)]
        [DataRow(9)]
        [DataRow(15)]
        [DataRow(16)]
        [DataRow(63)]
        public static void Vector_at_length(int length)
        {
            Assert.AreEqual(SipHashVectors.Expected[length], TagHex(message, 0, length));
        }

        [TestMethod]
        public static void An_offset_into_a_larger_buffer_hashes_only_the_window()
        {
            byte[] buffer = new byte[100];
            for (int i = 0; i < buffer.Length; i++) buffer[i] = 0xEE;
            for (int i = 0; i < 20; i++) buffer[30 + i] = (byte)i;
            Assert.AreEqual(SipHashVectors.Expected[20], TagHex(buffer, 30, 20));
        }

        [TestMethod]
        public static void A_different_key_or_a_flipped_bit_changes_the_tag()
        {
            ulong tag = SipHash24.Compute(k0, k1, message, 0, 32);
            Assert.AreNotEqual(tag, SipHash24.Compute(k0, k1 ^ 1, message, 0, 32));
            message[5] ^= 0x10;
            ulong flipped = SipHash24.Compute(k0, k1, message, 0, 32);
            message[5] ^= 0x10;
            Assert.AreNotEqual(tag, flipped);
            Assert.AreEqual(tag, SipHash24.Compute(k0, k1, message, 0, 32));
        }

        private static string TagHex(byte[] data, int offset, int length)
        {
            byte[] tag = new byte[8];
            Bytes.WriteU64(tag, 0, SipHash24.Compute(k0, k1, data, offset, length));
            return Hex.Of(tag, 0, 8);
        }
    }
}
