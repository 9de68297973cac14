namespace RaftEsp.Apps.Tests;

public class ServerFrontEndTests
{
    /// <summary>A one-board cluster (it leads itself) with the front end wired to the boards' Ready loop.</summary>
    private sealed class OneBoard : IResultSender, IFrameSender
    {
        public readonly RaftNode Node = new(new RaftEsp.Core.Config { NodeId = 0, Members = [0], ClusterKey = Samples.Key });
        public readonly RaftEsp.Core.Database Database = new(5, 16);
        public readonly ServerFrontEnd FrontEnd;
        public readonly List<ClientResult> Results = new();
        private readonly ReadyHandler handler;

        public OneBoard(int timeoutTicks = 100)
        {
            FrontEnd = new ServerFrontEnd(16, Node.Config.MaxPendingReads, timeoutTicks, this);
            handler = new ReadyHandler(Node, Database, this, ReadyHandler.MemoryOnly, new FrontEndReadyObserver(FrontEnd, Node, Database));
            for (int i = 0; i < 100 && Node.Role != Role.Leader; i++)
            {
                Node.Tick();
                Drain();
            }

            Drain(); // the leader's no-op commits
            Submit(0, 0, 0, CommandKind.Register, 0);
            Drain();
            ClientResult registered = Assert.Single(Results);
            Assert.Equal((CommandStatus.Ok, 2, 2), (registered.Status, registered.Client, registered.Index)); // the register entry's index
            Client = registered.Client;
            Results.Clear();
        }

        /// <summary>The client id registered at start-up.</summary>
        public int Client { get; }

        public void SendResult(ClientResult result)
        {
            var copy = new ClientResult();
            copy.CopyFrom(result);
            Results.Add(copy);
        }

        public void Submit(int request, int client, int seq, CommandKind kind, int slot, int value = 0) =>
            FrontEnd.Submit(new ClientCommand { RequestId = request, Client = client, Seq = seq, Kind = kind, Slot = slot, Value = value }, 9, Node, Database);

        public void Begin() => handler.Begin();

        public void Finish() => Assert.Equal(ErrorCode.None, handler.Finish());

        public void Drain()
        {
            for (int i = 0; i < 10 && handler.Prepare(); i++)
            {
                Begin();
                Finish();
            }
        }

        public void Send(int to, byte[] frame, int length) => Assert.Fail("a board alone in its cluster sends no Raft frame");
    }

    [Fact]
    public void A_write_is_answered_once_applied_with_its_index_and_the_previous_value()
    {
        var board = new OneBoard();
        board.Submit(1, board.Client, 1, CommandKind.Set, 2, 40);
        Assert.Empty(board.Results);
        Assert.Equal(1, board.FrontEnd.PendingWrites);
        board.Drain();
        ClientResult r = Assert.Single(board.Results);
        Assert.Equal((1, CommandStatus.Ok, 0, 9), (r.RequestId, r.Status, r.Value, r.ReplyTo));
        Assert.Equal(board.Node.Log.LastIndex, r.Index);
        Assert.Equal(0, board.FrontEnd.PendingWrites);
    }

    [Fact]
    public void A_refusal_of_unknown_reason_is_left_to_the_timeout_so_the_client_retries_the_same_session()
    {
        var board = new OneBoard(timeoutTicks: 2);
        board.Submit(1, board.Client, 5, CommandKind.Set, 0, 7);
        board.Submit(2, 4, 1, CommandKind.Get, 0);
        board.FrontEnd.OnRejected(board.Client, 5, RefusalReason.Unknown, 1);
        board.FrontEnd.OnReadIndex(1, 0, RefusalReason.Unknown, board.Database, board.Node);
        Assert.Empty(board.Results);
        Assert.Equal((1, 1), (board.FrontEnd.PendingWrites, board.FrontEnd.PendingReads));
        board.FrontEnd.Tick(board.Node);
        board.FrontEnd.Tick(board.Node);
        Assert.Equal([(1, CommandStatus.Timeout), (2, CommandStatus.Timeout)], board.Results.Select(r => (r.RequestId, r.Status)).OrderBy(x => x.RequestId));
    }

    [Fact]
    public void A_named_refusal_is_answered_at_once_with_the_same_number()
    {
        var board = new OneBoard();
        board.Submit(1, board.Client, 5, CommandKind.Set, 0, 7);
        board.FrontEnd.OnRejected(board.Client, 5, RefusalReason.ProposalQueueFull, 1);
        ClientResult r = Assert.Single(board.Results);
        Assert.Equal((1, CommandStatus.ProposalQueueFull, 1), (r.RequestId, r.Status, r.Leader));
        Assert.Equal((int)RefusalReason.ProposalQueueFull, (int)r.Status);
    }

    [Fact]
    public void Every_error_code_is_reported_under_its_own_name()
    {
        for (ErrorCode code = ErrorCode.None; code <= ErrorCodes.Last; code++)
        {
            Assert.Equal(ErrorCodes.Name(code), CommandStatuses.Name(CommandStatuses.From(code)));
            Assert.True(CommandStatuses.IsKnown((int)CommandStatuses.From(code)));
        }

        Assert.Equal("timeout", CommandStatuses.Name(CommandStatus.Timeout));
        Assert.False(CommandStatuses.IsKnown((int)ErrorCodes.Last + 1));
        Assert.True(CommandStatuses.IsKnown((int)CommandStatus.Timeout + 1));
        Assert.False(CommandStatuses.IsKnown((int)CommandStatus.ServerCannotLeave + 1));
    }

    [Fact]
    public void A_newer_sequence_supersedes_the_waiting_one()
    {
        var board = new OneBoard();
        board.Submit(1, board.Client, 1, CommandKind.Set, 0, 1);
        board.Submit(2, board.Client, 2, CommandKind.Set, 0, 2);
        ClientResult superseded = Assert.Single(board.Results);
        Assert.Equal((1, CommandStatus.Superseded), (superseded.RequestId, superseded.Status));
        board.Drain();
        Assert.Equal(2, board.Results.Count);
        Assert.Equal((2, CommandStatus.Ok, 1), (board.Results[1].RequestId, board.Results[1].Status, board.Results[1].Value));
    }

    [Fact]
    public void A_retry_refused_now_leaves_the_earlier_copy_to_answer()
    {
        var board = new OneBoard();
        board.Submit(1, board.Client, 1, CommandKind.Set, 0, 7);
        board.Begin();
        board.Submit(2, board.Client, 1, CommandKind.Set, 0, 7); // the node refuses input while a Ready is out
        Assert.Equal(CommandStatus.InvalidState, Assert.Single(board.Results).Status);
        board.Finish();
        board.Drain();
        Assert.Equal(2, board.Results.Count);
        Assert.Equal((1, CommandStatus.Ok), (board.Results[1].RequestId, board.Results[1].Status));
    }

    [Fact]
    public void Gets_beyond_the_read_table_are_answered_busy()
    {
        var board = new OneBoard();
        int capacity = board.Node.Config.MaxPendingReads;
        for (int i = 0; i < capacity; i++) board.Submit(i, board.Client, 0, CommandKind.Get, 1);
        Assert.Empty(board.Results);
        board.Submit(99, board.Client, 0, CommandKind.Get, 1);
        ClientResult busy = Assert.Single(board.Results);
        Assert.Equal((99, CommandStatus.Busy), (busy.RequestId, busy.Status));
        board.Drain();
        Assert.Equal(capacity + 1, board.Results.Count);
        Assert.All(board.Results.Skip(1), r => Assert.Equal(CommandStatus.Ok, r.Status));
        Assert.Equal(0, board.FrontEnd.PendingReads);
    }

    [Fact]
    public void Whatever_waits_past_the_timeout_is_answered_timeout_and_freed()
    {
        var board = new OneBoard(timeoutTicks: 5);
        board.Submit(1, board.Client, 1, CommandKind.Set, 0, 1);
        board.Submit(2, board.Client, 0, CommandKind.Get, 0);
        for (int i = 0; i < 4; i++) board.FrontEnd.Tick(board.Node);
        Assert.Empty(board.Results);
        board.FrontEnd.Tick(board.Node);
        Assert.Equal(2, board.Results.Count);
        Assert.All(board.Results, r => Assert.Equal(CommandStatus.Timeout, r.Status));
        Assert.Equal((0, 0), (board.FrontEnd.PendingWrites, board.FrontEnd.PendingReads));
        board.Drain(); // the write still commits; its answer is gone, a retry would fetch it
        Assert.Equal(2, board.Results.Count);
        board.Database.Read(0, out int value);
        Assert.Equal(1, value);
    }

    [Fact]
    public void Commands_the_database_cannot_take_are_answered_at_once()
    {
        var board = new OneBoard();
        board.Submit(1, 0, 1, CommandKind.Set, 0, 1);
        board.Submit(2, board.Client + 1, 1, CommandKind.Set, 0, 1);
        board.Submit(3, board.Client, 1, CommandKind.Get, 5);
        board.Submit(4, board.Client, 1, (CommandKind)9, 0);
        board.Submit(5, board.Client, 0, CommandKind.Set, 0, 1); // writes count from 1
        Assert.Equal(CommandStatus.InvalidCommand, board.Results[^1].Status);
        board.Results.RemoveAt(board.Results.Count - 1);
        Assert.Equal([CommandStatus.ClientOutOfRange, CommandStatus.SessionExpired, CommandStatus.SlotOutOfRange, CommandStatus.InvalidCommand],
            board.Results.Select(r => r.Status));
        Assert.Equal(0, board.FrontEnd.PendingWrites);
    }
}

public class ServerFrontEndSessionTests
{
    private sealed class Board : IResultSender, IFrameSender
    {
        public readonly RaftNode Node = new(new RaftEsp.Core.Config { NodeId = 0, Members = [0], ClusterKey = Samples.Key, ClientSessions = 2 });
        public readonly RaftEsp.Core.Database Database = new(5, 2);
        public readonly ServerFrontEnd FrontEnd;
        public readonly List<ClientResult> Results = new();
        private readonly ReadyHandler handler;

        public Board()
        {
            FrontEnd = new ServerFrontEnd(2, Node.Config.MaxPendingReads, 100, this);
            handler = new ReadyHandler(Node, Database, this, ReadyHandler.MemoryOnly, new FrontEndReadyObserver(FrontEnd, Node, Database));
            for (int i = 0; i < 100 && Node.Role != Role.Leader; i++)
            {
                Node.Tick();
                Drain();
            }

            Drain();
        }

        public ClientResult Run(CommandKind kind, int client = 0, int seq = 0, int slot = 0, int value = 0)
        {
            int before = Results.Count;
            FrontEnd.Submit(new ClientCommand { RequestId = 7, Client = client, Seq = seq, Kind = kind, Slot = slot, Value = value }, 9, Node, Database);
            Drain();
            Assert.Equal(before + 1, Results.Count);
            return Results[^1];
        }

        public void Drain()
        {
            for (int i = 0; i < 10 && handler.Prepare(); i++) Assert.Equal(ErrorCode.None, handler.Handle());
        }

        public void SendResult(ClientResult result)
        {
            var copy = new ClientResult();
            copy.CopyFrom(result);
            Results.Add(copy);
        }

        public void Send(int to, byte[] frame, int length) => Assert.Fail("a board alone in its cluster sends no Raft frame");
    }

    [Fact]
    public void A_replayed_or_retried_request_is_answered_from_the_session_without_a_proposal()
    {
        var board = new Board();
        int client = board.Run(CommandKind.Register).Client;
        ClientResult first = board.Run(CommandKind.Set, client, 1, 3, 1111);
        ClientResult second = board.Run(CommandKind.Set, client, 2, 3, 3333);
        Assert.Equal(CommandStatus.Ok, second.Status);
        int last = board.Node.Log.LastIndex;

        ClientResult retry = board.Run(CommandKind.Set, client, 2, 3, 3333);
        Assert.Equal((CommandStatus.Ok, second.Value, second.Index), (retry.Status, retry.Value, retry.Index));
        ClientResult replay = board.Run(CommandKind.Set, client, 1, 3, 1111);
        Assert.Equal((CommandStatus.StaleSequence, 2, 0), (replay.Status, replay.Value, replay.Index));
        Assert.Equal(last, board.Node.Log.LastIndex); // nothing proposed
        Assert.Equal(0, board.FrontEnd.PendingWrites);
        board.Database.Read(3, out int value);
        Assert.Equal(3333, value);
        Assert.NotEqual(first.Index, second.Index);
    }

    [Fact]
    public void After_seventy_thousand_writes_of_one_client_a_replayed_early_request_changes_nothing_and_appends_nothing()
    {
        var board = new Board();
        int client = board.Run(CommandKind.Register).Client;
        for (int seq = 1; seq <= 70_000; seq++)
        {
            board.FrontEnd.Submit(new ClientCommand { RequestId = seq, Client = client, Seq = seq, Kind = CommandKind.Set, Slot = seq % 5, Value = seq }, 9, board.Node, board.Database);
            board.Drain();
        }

        Assert.Equal(CommandStatus.Ok, board.Results[^1].Status);
        int last = board.Node.Log.LastIndex;
        foreach (int replayed in new[] { 100, 4_465, 32_868, 65_636, 69_999 })
        {
            ClientResult r = board.Run(CommandKind.Set, client, replayed, 3, 1111);
            Assert.Equal((CommandStatus.StaleSequence, 70_000, 0), (r.Status, r.Value, r.Index));
        }

        Assert.Equal(last, board.Node.Log.LastIndex);
        board.Database.Read(3, out int value);
        Assert.Equal(69_998, value);
    }

    [Fact]
    public void An_evicted_client_is_answered_session_expired_and_registers_again()
    {
        var board = new Board();
        int a = board.Run(CommandKind.Register).Client;
        int b = board.Run(CommandKind.Register).Client;
        Assert.Equal(CommandStatus.Ok, board.Run(CommandKind.Set, b, 1, 0, 5).Status); // a is now the least recently used
        int c = board.Run(CommandKind.Register).Client; // the table holds two: a goes
        Assert.True(c > b && b > a);
        int last = board.Node.Log.LastIndex;
        ClientResult expired = board.Run(CommandKind.Set, a, 1, 0, 9);
        Assert.Equal((CommandStatus.SessionExpired, 0), (expired.Status, expired.Index));
        Assert.Equal(last, board.Node.Log.LastIndex);
        int again = board.Run(CommandKind.Register).Client;
        Assert.Equal(CommandStatus.Ok, board.Run(CommandKind.Set, again, 1, 0, 9).Status);
    }

    [Fact]
    public void A_duplicate_refusal_keeps_the_write_waiting_for_its_one_copy()
    {
        var board = new Board();
        int client = board.Run(CommandKind.Register).Client;
        board.FrontEnd.Submit(new ClientCommand { RequestId = 1, Client = client, Seq = 1, Kind = CommandKind.Set, Slot = 0, Value = 4 }, 9, board.Node, board.Database);
        int last = board.Node.Log.LastIndex;
        board.FrontEnd.Submit(new ClientCommand { RequestId = 2, Client = client, Seq = 1, Kind = CommandKind.Set, Slot = 0, Value = 4 }, 9, board.Node, board.Database);
        Assert.Equal(last, board.Node.Log.LastIndex); // the leader holds the first copy: the retry is not appended
        board.FrontEnd.OnRejected(client, 1, RefusalReason.DuplicateProposal, 0);
        Assert.Single(board.Results); // only the register's answer so far
        board.Drain();
        ClientResult r = board.Results[^1];
        Assert.Equal((2, CommandStatus.Ok, last), (r.RequestId, r.Status, r.Index)); // the retry's request gets the one result
    }
}
