namespace RaftEsp.Apps.Tests;

public class AckSlotTests
{
    private const int AppendCountOffset = 36; // docs/wire-format.md, AppendEntries

    private static RaftNode Node(int id, int size) =>
        new(new Config { NodeId = id, Members = Enumerable.Range(0, size).Select(i => (byte)i).ToArray() });

    [Theory]
    [InlineData(3, 0, 2)] // voters 1 and 2 before it
    [InlineData(3, 2, 2)] // 0 and 1
    [InlineData(3, 4, 3)] // 0, 1 and 2
    [InlineData(1, 0, 0)]
    [InlineData(0, 4, 0)]
    [InlineData(4, 0, 3)]
    public void A_followers_rank_is_its_place_among_the_voters_other_than_the_leader(int id, int leader, int rank) =>
        Assert.Equal(rank, AckSlot.Rank(Node(id, 5), leader));

    [Theory]
    [InlineData(false, 3 * AckSlot.MinBatchEntries)] // the fake ether stamps no receive time
    [InlineData(true, 1)] // light load: one command per broadcast
    public void Answers_leave_at_once_without_receive_times_or_at_light_load(bool stamped, int commands)
    {
        var cluster = new AppCluster();
        if (stamped) cluster.Ether.Clock = cluster.Clock;
        Assert.True(cluster.RunUntil(cluster.Settled, 5000));
        int[] clients = Enumerable.Range(0, commands).Select(i => cluster.Register(900_000 + i)).ToArray();
        for (int i = 0; i < clients.Length; i++) cluster.SendCommand(Set(i + 1, clients[i], 1));
        cluster.Run(100);
        Assert.Equal(commands, cluster.Results.Count(r => r.Status == CommandStatus.Ok && r.RequestId <= commands));
        Assert.All(cluster.Apps, app => Assert.Equal(0, app.AckSlot.Held));
    }

    [Fact]
    public void Followers_acknowledge_a_broadcast_one_after_another_in_the_order_of_their_ranks_and_commands_commit()
    {
        var cluster = new AppCluster();
        cluster.Ether.Clock = cluster.Clock;
        Assert.True(cluster.RunUntil(cluster.Settled, 5000));
        int leader = cluster.Leader();
        int[] clients = Enumerable.Range(0, 3 * AckSlot.MinBatchEntries).Select(i => cluster.Register(900_000 + i)).ToArray();
        int from = cluster.Ether.Log.Count;
        // Commands enough for a batched broadcast (a loaded leader), sent together.
        for (int i = 0; i < clients.Length; i++) cluster.SendCommand(Set(i + 1, clients[i], 1));
        cluster.Run(100);
        Assert.Equal(clients.Length, cluster.Results.Count(r => r.Status == CommandStatus.Ok && r.RequestId <= clients.Length));

        var log = cluster.Ether.Log;
        int[] followers = Enumerable.Range(0, cluster.Size).Where(id => id != leader).ToArray();
        int AnswerAfter(int frame, int id) => Enumerable.Range(frame + 1, log.Count - frame - 1).FirstOrDefault(i =>
            log[i].From == id && log[i].To == leader && log[i].Frame[3] == (byte)MessageType.AppendResponse);
        // The leader's broadcast of the commands (a batch), answered by every follower.
        int broadcast = Enumerable.Range(from, log.Count - from).First(i =>
            log[i].From == leader && log[i].To == NodeId.Broadcast && log[i].Frame[3] == (byte)MessageType.AppendEntries &&
            log[i].Frame[AppendCountOffset] >= AckSlot.MinBatchEntries && followers.All(id => AnswerAfter(i, id) > 0));
        long[] answered = followers.Select(id => cluster.Ether.SentMicros[AnswerAfter(broadcast, id)]).ToArray();
        long sent = cluster.Ether.SentMicros[broadcast];
        // The followers are in id order, which is their rank order: each answers at least a millisecond (the fake
        // loop's step) after the one ranked before it, the last several slots after the broadcast.
        for (int i = 1; i < followers.Length; i++)
            Assert.True(answered[i] > answered[i - 1], "follower " + followers[i] + " answered at " + answered[i] + " µs, not after " + followers[i - 1] + " at " + answered[i - 1]);
        Assert.True(answered[^1] - sent >= (followers.Length - 1) * (AckSlot.SlotMicros - 1000),
            "the last answer left " + (answered[^1] - sent) + " µs after the broadcast");
        Assert.All(followers, id => Assert.True(cluster.Apps[id].AckSlot.Held > 0 || AckSlot.Rank(cluster.Apps[id].Node, leader) == 0));
    }

    private static ClientCommand Set(int request, int client, int seq) =>
        new() { RequestId = request, Client = client, Seq = seq, Kind = CommandKind.Set, Slot = 0, Value = seq };
}
