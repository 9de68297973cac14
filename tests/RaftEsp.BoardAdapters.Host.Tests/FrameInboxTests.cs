namespace RaftEsp.BoardAdapters.Host.Tests;

public sealed class FrameInboxTests : IDisposable
{
    private readonly AutoResetEvent arrived = new(false);

    public void Dispose() => arrived.Dispose();

    [Fact]
    public void A_frame_put_in_wakes_the_loop_and_comes_out_unchanged()
    {
        FrameInbox inbox = new(4, 250, arrived);
        Assert.True(inbox.Put(new byte[] { 9, 1, 2, 3, 9 }, 1, 3));
        Assert.True(arrived.WaitOne(0));

        byte[] buffer = new byte[250];
        Assert.Equal(3, inbox.Take(buffer));
        Assert.Equal(new byte[] { 1, 2, 3 }, buffer[..3]);
        Assert.Equal(0, inbox.Take(buffer));
    }

    [Fact]
    public void A_full_inbox_drops_the_new_frame_counts_it_and_does_not_signal()
    {
        FrameInbox inbox = new(2, 16, arrived);
        inbox.Put(new byte[] { 1 }, 0, 1);
        inbox.Put(new byte[] { 2 }, 0, 1);
        arrived.Reset();

        Assert.False(inbox.Put(new byte[] { 3 }, 0, 1));
        Assert.Equal(1, inbox.Overflows);
        Assert.False(arrived.WaitOne(0));

        byte[] buffer = new byte[16];
        inbox.Take(buffer);
        Assert.Equal(1, buffer[0]);
        inbox.Take(buffer);
        Assert.Equal(2, buffer[0]);
    }

    [Fact]
    public void Oversized_and_empty_frames_are_refused()
    {
        FrameInbox inbox = new(2, 4, arrived);
        Assert.False(inbox.Put(new byte[5], 0, 5));
        Assert.False(inbox.Put(new byte[5], 0, 0));
        Assert.Equal(2, inbox.Oversized);
        Assert.Equal(0, inbox.Count);
    }

    [Fact]
    public void Frames_from_a_receive_thread_arrive_in_order_and_none_is_lost_while_the_loop_keeps_up()
    {
        const int frames = 500;
        FrameInbox inbox = new(8, 8, arrived);
        using SemaphoreSlim room = new(8, 8);
        Thread producer = new(() =>
        {
            for (int i = 0; i < frames; i++)
            {
                room.Wait();
                Assert.True(inbox.Put(BitConverter.GetBytes(i), 0, 4));
            }
        });
        producer.Start();

        byte[] buffer = new byte[8];
        int expected = 0;
        while (expected < frames)
        {
            Assert.True(arrived.WaitOne(TimeSpan.FromSeconds(30)), "the producer stopped signalling");
            int length;
            while ((length = inbox.Take(buffer)) > 0)
            {
                Assert.Equal(4, length);
                Assert.Equal(expected, BitConverter.ToInt32(buffer, 0));
                expected++;
                room.Release();
            }
        }

        producer.Join();
        Assert.Equal(0, inbox.Overflows);
    }
}
