using RaftEsp.Core;

namespace RaftEsp.Apps
{
    /// <summary>
    /// The server node's client side (docs/protocol.md, "What the server node does with a command"): a register and
    /// writes go to the cluster with <see cref="RaftNode.Propose"/> and are answered once applied; a write the
    /// client's session already applied (a retry or a replay) is answered from the session without proposing; gets
    /// are served with <see cref="RaftNode.ReadIndex"/> once the read index is applied; join, leave and transfer wait in
    /// <see cref="WaitingChanges"/> for their outcome. Fixed tables: one waiting
    /// write per client (as many clients as the session table holds), <c>maxReads</c> waiting gets and as many
    /// waiting registers. It lives in RAM: a crash forgets what waits, and clients retry with the same session,
    /// which the database makes safe. The host calls <see cref="OnApplied"/> for every applied entry,
    /// <see cref="OnRejected"/> and <see cref="OnReadIndex"/> for the Ready's answers, then <see cref="ServeReads"/>,
    /// and <see cref="Tick"/> once per Raft tick.
    /// </summary>
    public sealed class ServerFrontEnd
    {
        private const int Free = 0;
        private const int AwaitingConfirm = 1;
        private const int AwaitingApply = 2;

        private readonly IResultSender sender;
        private readonly ClientResult answer = new ClientResult();
        private readonly int timeoutTicks;

        private readonly WaitingRegisters registers;
        private readonly WaitingChanges changes;
        private readonly bool[] writeActive;
        private readonly int[] writeClient;
        private readonly int[] writeSeq;
        private readonly int[] writeRequest;
        private readonly int[] writeReplyTo;
        private readonly CommandKind[] writeKind;
        private readonly int[] writeAge;

        private readonly int[] readState;
        private readonly int[] readId;
        private readonly int[] readIndex;
        private readonly int[] readRequest;
        private readonly int[] readClient;
        private readonly int[] readSeq;
        private readonly int[] readSlot;
        private readonly int[] readReplyTo;
        private readonly int[] readAge;
        private int nextReadId = 1;
        private int pendingWrites;
        private int pendingReads;

        /// <summary>
        /// Creates the front end for <paramref name="clientSessions"/> writing clients and <paramref name="maxReads"/>
        /// waiting gets (and registers); anything unanswered after <paramref name="timeoutTicks"/> Raft ticks is
        /// answered <see cref="CommandStatus.Timeout"/>.
        /// </summary>
        public ServerFrontEnd(int clientSessions, int maxReads, int timeoutTicks, IResultSender sender)
        {
            if (clientSessions < 1 || clientSessions > Config.MaxClientSessions) throw new System.ArgumentException("client sessions must be 1.." + Config.MaxClientSessions.ToString());
            if (maxReads < 1) maxReads = 1;
            this.sender = sender;
            this.timeoutTicks = timeoutTicks < 1 ? 1 : timeoutTicks;
            registers = new WaitingRegisters(maxReads);
            changes = new WaitingChanges(maxReads, this);
            changes.TimeoutTicks = 2 * this.timeoutTicks;
            writeActive = new bool[clientSessions];
            writeClient = new int[clientSessions];
            writeSeq = new int[clientSessions];
            writeRequest = new int[clientSessions];
            writeReplyTo = new int[clientSessions];
            writeKind = new CommandKind[clientSessions];
            writeAge = new int[clientSessions];
            readState = new int[maxReads];
            readId = new int[maxReads];
            readIndex = new int[maxReads];
            readRequest = new int[maxReads];
            readClient = new int[maxReads];
            readSeq = new int[maxReads];
            readSlot = new int[maxReads];
            readReplyTo = new int[maxReads];
            readAge = new int[maxReads];
        }

        /// <summary>Writes waiting to be applied.</summary>
        public int PendingWrites => pendingWrites;

        /// <summary>Registers waiting for their entry to be applied.</summary>
        public int PendingRegisters => registers.Count;

        /// <summary>Gets waiting for their read index or for it to be applied.</summary>
        public int PendingReads => pendingReads;

        /// <summary>Join, leave and transfer commands waiting for their outcome (their timing is set there).</summary>
        public WaitingChanges Changes => changes;

        /// <summary>Results sent since start.</summary>
        public int ResultsSent { get; private set; }

        /// <summary>Hands a command from <paramref name="replyTo"/> to the cluster, or answers it at once with why it cannot go.</summary>
        public void Submit(ClientCommand command, int replyTo, RaftNode node, Database database)
        {
            if (command.Kind == CommandKind.Get)
            {
                SubmitRead(command, replyTo, node, database);
                return;
            }

            if (command.Kind == CommandKind.Register)
            {
                SubmitRegister(command, replyTo, node);
                return;
            }

            if (CommandKinds.IsMembership(command.Kind))
            {
                SubmitChange(command, replyTo, node, database);
                return;
            }

            if (command.Kind != CommandKind.Set && command.Kind != CommandKind.Remove)
            {
                Answer(command, replyTo, CommandStatus.InvalidCommand, 0, 0, node.Leader);
                return;
            }

            int client = command.Client;
            int seq = command.Seq;
            if (client < 1 || seq < 1)
            {
                Answer(command, replyTo, client < 1 ? CommandStatus.ClientOutOfRange : CommandStatus.InvalidCommand, 0, 0, node.Leader);
                return;
            }

            if (command.Slot < 0 || command.Slot >= database.SlotCount)
            {
                Answer(command, replyTo, CommandStatus.SlotOutOfRange, 0, 0, node.Leader);
                return;
            }

            if (AnsweredFromSession(command, replyTo, node, database)) return;
            changes.Supersede(client, seq, node.Leader);
            int place = WritePlace(client);
            if (place < 0)
            {
                Answer(command, replyTo, CommandStatus.Busy, 0, 0, node.Leader);
                return;
            }

            if (writeActive[place] && writeSeq[place] != seq)
            {
                // The client moved on: it keeps one command outstanding, so it gave up on the older one.
                AnswerWrite(place, CommandStatus.Superseded, 0, 0, node.Leader);
            }

            EntryKind kind = command.Kind == CommandKind.Set ? EntryKind.Set : EntryKind.Remove;
            ErrorCode code = node.Propose(kind, command.Slot, client, seq, kind == EntryKind.Set ? command.Value : 0);
            // A duplicate (this node leads and holds the same command unapplied): its one copy answers when applied.
            if (code != ErrorCode.None && code != ErrorCode.DuplicateProposal)
            {
                // A retry refused now (no leader at this instant, queue full) does not cancel the earlier copy, which
                // may still commit: its result still goes out when it is applied.
                Answer(command, replyTo, CommandStatuses.From(code), 0, 0, node.Leader);
                return;
            }

            if (!writeActive[place]) pendingWrites++;
            writeActive[place] = true;
            writeClient[place] = client;
            writeSeq[place] = seq;
            writeRequest[place] = command.RequestId;
            writeReplyTo[place] = replyTo;
            writeKind[place] = command.Kind;
            writeAge[place] = 0;
        }

        /// <summary>
        /// A register or write entry was applied: answers the command waiting for it (a register: with the new client
        /// id; a retry applied twice: with the first result; a stale sequence: with index 0).
        /// </summary>
        public void OnApplied(ApplyResult applied, RaftNode node)
        {
            if (applied.Kind == EntryKind.Register)
            {
                int waiting = registers.Match(applied.Seq, applied.Index);
                if (waiting >= 0) AnswerRegister(waiting, CommandStatuses.From(applied.Status), applied.Client, applied.Index, node.Leader);
                return;
            }

            if (EntryKinds.IsMembership(applied.Kind))
            {
                changes.OnApplied(applied, node);
                return;
            }

            if (applied.Kind != EntryKind.Set && applied.Kind != EntryKind.Remove) return;
            int place = FindWrite(applied.Client);
            if (place < 0 || writeSeq[place] != applied.Seq) return;
            // A stale-sequence answer for the waiting (client, seq) means the session already applied a newer sequence:
            // this command can never apply, so it is answered as such.
            AnswerWrite(place, CommandStatuses.From(applied.Status), applied.Value, applied.ResultIndex, node.Leader);
        }

        /// <summary>
        /// The leader (or this node) refused a forwarded command (a register: client 0, its nonce as the sequence). A
        /// reason this version cannot name (a newer leader's) is not passed on: the command keeps waiting and its
        /// timeout tells the client to retry with the same session. A duplicate keeps waiting too: the leader holds
        /// or applied the one copy, which is answered when this node applies it.
        /// </summary>
        public void OnRejected(int client, int seq, RefusalReason reason, int leaderHint)
        {
            if (reason == RefusalReason.Unknown || reason == RefusalReason.DuplicateProposal) return;
            if (client == 0)
            {
                int waiting = registers.Find(seq);
                if (waiting >= 0) AnswerRegister(waiting, CommandStatuses.From(reason), 0, 0, leaderHint);
                return;
            }

            if (changes.OnRejected(client, seq, reason, leaderHint)) return;
            int place = FindWrite(client);
            if (place < 0 || writeSeq[place] != seq) return;
            AnswerWrite(place, CommandStatuses.From(reason), 0, 0, leaderHint);
        }

        /// <summary>
        /// A read index arrived: a refusal is answered now (one of unknown reason is left to time out, as in
        /// <see cref="OnRejected"/>); a confirmed one waits until it is applied.
        /// </summary>
        public void OnReadIndex(int requestId, int index, RefusalReason status, Database database, RaftNode node)
        {
            for (int i = 0; i < readState.Length; i++)
            {
                if (readState[i] != AwaitingConfirm || readId[i] != requestId) continue;
                if (status == RefusalReason.Unknown) return;
                if (status != RefusalReason.None)
                {
                    AnswerRead(i, CommandStatuses.From(status), 0, 0, node.Leader);
                    return;
                }

                readState[i] = AwaitingApply;
                readIndex[i] = index;
                break;
            }

            ServeReads(database, node);
        }

        /// <summary>Answers every get whose read index is applied now (§6.4, step 4).</summary>
        public void ServeReads(Database database, RaftNode node)
        {
            for (int i = 0; i < readState.Length; i++)
            {
                if (readState[i] != AwaitingApply || database.AppliedIndex < readIndex[i]) continue;
                ErrorCode status = database.Read(readSlot[i], out int value);
                AnswerRead(i, CommandStatuses.From(status), value, status == ErrorCode.None ? readIndex[i] : 0, node.Leader);
            }
        }

        /// <summary>One Raft tick passed: whatever waited too long is answered <see cref="CommandStatus.Timeout"/>.</summary>
        public void Tick(RaftNode node)
        {
            if (pendingWrites > 0)
            {
                for (int c = 0; c < writeActive.Length; c++)
                {
                    if (writeActive[c] && ++writeAge[c] >= timeoutTicks) AnswerWrite(c, CommandStatus.Timeout, 0, 0, node.Leader);
                }
            }

            for (int i = 0; i < registers.Capacity; i++)
            {
                if (registers.TimedOut(i, timeoutTicks)) AnswerRegister(i, CommandStatus.Timeout, 0, 0, node.Leader);
            }

            changes.Tick(node);

            if (pendingReads > 0)
            {
                for (int i = 0; i < readState.Length; i++)
                {
                    if (readState[i] != Free && ++readAge[i] >= timeoutTicks) AnswerRead(i, CommandStatus.Timeout, 0, 0, node.Leader);
                }
            }
        }

        /// <summary>Forgets everything waiting, without answering (a reboot).</summary>
        public void Forget()
        {
            System.Array.Clear(writeActive, 0, writeActive.Length);
            System.Array.Clear(readState, 0, readState.Length);
            registers.Clear();
            changes.Clear();
            pendingWrites = 0;
            pendingReads = 0;
        }

        /// <summary>
        /// Answers a write whose client has no session (session-expired) or whose session already applied its sequence
        /// (equal: the first result; lower: stale-sequence, index 0) without proposing: a retry or a replay appends
        /// nothing. False when the command must go to the cluster.
        /// </summary>
        private bool AnsweredFromSession(ClientCommand command, int replyTo, RaftNode node, Database database)
        {
            SessionTable sessions = database.Sessions;
            int at = sessions.Find(command.Client);
            if (at < 0)
            {
                Answer(command, replyTo, CommandStatus.SessionExpired, 0, 0, node.Leader);
                return true;
            }

            int last = sessions.SeqAt(at);
            if (command.Seq > last) return false;
            if (command.Seq == last) Answer(command, replyTo, CommandStatuses.From(sessions.StatusAt(at)), sessions.ValueAt(at), sessions.LastUseAt(at), node.Leader);
            else Answer(command, replyTo, CommandStatus.StaleSequence, last, 0, node.Leader);
            return true;
        }

        /// <summary>
        /// Join, leave, transfer: the same session rules as a write (a session is needed; a leave the session already
        /// applied is answered from it; a join it applied waits for the voter), then <see cref="WaitingChanges"/>. A
        /// transfer is not in the log: its sequence is only echoed, and asking again is harmless.
        /// </summary>
        private void SubmitChange(ClientCommand command, int replyTo, RaftNode node, Database database)
        {
            if (command.Client < 1 || command.Seq < 1 || !NodeId.IsValid(command.Value))
            {
                Answer(command, replyTo, command.Client < 1 ? CommandStatus.ClientOutOfRange : CommandStatus.InvalidCommand, command.Value, 0, node.Leader);
                return;
            }

            int at = database.Sessions.Find(command.Client);
            if (at < 0)
            {
                Answer(command, replyTo, CommandStatus.SessionExpired, command.Value, 0, node.Leader);
                return;
            }

            int last = database.Sessions.SeqAt(at);
            if (command.Kind == CommandKind.Leave && command.Seq <= last && AnsweredFromSession(command, replyTo, node, database)) return;
            if (command.Kind == CommandKind.Join && command.Seq < last)
            {
                Answer(command, replyTo, CommandStatus.StaleSequence, last, 0, node.Leader);
                return;
            }

            int place = FindWrite(command.Client);
            if (place >= 0 && writeSeq[place] != command.Seq) AnswerWrite(place, CommandStatus.Superseded, 0, 0, node.Leader);
            changes.Submit(command, replyTo, node, database);
        }

        private void SubmitRegister(ClientCommand command, int replyTo, RaftNode node)
        {
            int place = registers.FreePlace();
            if (place < 0)
            {
                Answer(command, replyTo, CommandStatus.Busy, 0, 0, node.Leader);
                return;
            }

            int nonce = registers.NextNonce();
            int lastIndex = node.Log.LastIndex; // before the proposal: a leader appends it at once
            ErrorCode code = node.Propose(EntryKind.Register, 0, 0, nonce, 0);
            if (code != ErrorCode.None)
            {
                Answer(command, replyTo, CommandStatuses.From(code), 0, 0, node.Leader);
                return;
            }

            registers.Wait(place, nonce, lastIndex, command.RequestId, replyTo);
        }

        /// <summary>The place of client <paramref name="client"/>'s waiting write, or -1.</summary>
        private int FindWrite(int client)
        {
            for (int i = 0; i < writeActive.Length; i++) if (writeActive[i] && writeClient[i] == client) return i;
            return -1;
        }

        /// <summary>The place for a write of <paramref name="client"/>: its waiting one, else a free one, else -1.</summary>
        private int WritePlace(int client)
        {
            int place = FindWrite(client);
            if (place >= 0) return place;
            for (int i = 0; i < writeActive.Length; i++) if (!writeActive[i]) return i;
            return -1;
        }

        private void SubmitRead(ClientCommand command, int replyTo, RaftNode node, Database database)
        {
            if (command.Slot < 0 || command.Slot >= database.SlotCount)
            {
                Answer(command, replyTo, CommandStatus.SlotOutOfRange, 0, 0, node.Leader);
                return;
            }

            int free = -1;
            for (int i = 0; i < readState.Length; i++)
            {
                if (readState[i] == Free)
                {
                    free = i;
                    break;
                }
            }

            if (free < 0)
            {
                Answer(command, replyTo, CommandStatus.Busy, 0, 0, node.Leader);
                return;
            }

            int id = nextReadId;
            nextReadId = nextReadId == int.MaxValue ? 1 : nextReadId + 1;
            ErrorCode code = node.ReadIndex(id);
            if (code != ErrorCode.None)
            {
                Answer(command, replyTo, CommandStatuses.From(code), 0, 0, node.Leader);
                return;
            }

            readState[free] = AwaitingConfirm;
            readId[free] = id;
            readIndex[free] = 0;
            readRequest[free] = command.RequestId;
            readClient[free] = command.Client;
            readSeq[free] = command.Seq;
            readSlot[free] = command.Slot;
            readReplyTo[free] = replyTo;
            readAge[free] = 0;
            pendingReads++;
        }

        private void AnswerWrite(int place, CommandStatus status, int value, int index, int leader)
        {
            answer.RequestId = writeRequest[place];
            answer.Client = writeClient[place];
            answer.Seq = writeSeq[place];
            answer.Kind = writeKind[place];
            answer.ReplyTo = writeReplyTo[place];
            writeActive[place] = false;
            pendingWrites--;
            Send(status, value, index, leader);
        }

        private void AnswerRegister(int place, CommandStatus status, int client, int index, int leader)
        {
            answer.RequestId = registers.Request(place);
            answer.Client = client;
            answer.Seq = 0;
            answer.Kind = CommandKind.Register;
            answer.ReplyTo = registers.ReplyTo(place);
            registers.Release(place);
            Send(status, 0, index, leader);
        }

        private void AnswerRead(int i, CommandStatus status, int value, int index, int leader)
        {
            answer.RequestId = readRequest[i];
            answer.Client = readClient[i];
            answer.Seq = readSeq[i];
            answer.Kind = CommandKind.Get;
            answer.ReplyTo = readReplyTo[i];
            readState[i] = Free;
            pendingReads--;
            Send(status, value, index, leader);
        }

        /// <summary>Answers a command that is not (or no longer) in a table here.</summary>
        internal void Answer(int requestId, int client, int seq, CommandKind kind, int replyTo, CommandStatus status, int value, int index, int leader)
        {
            answer.RequestId = requestId;
            answer.Client = client;
            answer.Seq = seq;
            answer.Kind = kind;
            answer.ReplyTo = replyTo;
            Send(status, value, index, leader);
        }

        /// <summary>Answers <paramref name="command"/> at once.</summary>
        internal void Answer(ClientCommand command, int replyTo, CommandStatus status, int value, int index, int leader)
        {
            answer.RequestId = command.RequestId;
            answer.Client = command.Client;
            answer.Seq = command.Seq;
            answer.Kind = command.Kind;
            answer.ReplyTo = replyTo;
            Send(status, value, index, leader);
        }

        private void Send(CommandStatus status, int value, int index, int leader)
        {
            answer.Status = status;
            answer.Value = value;
            answer.Index = index;
            answer.Leader = leader;
            ResultsSent++;
            sender.SendResult(answer);
        }
    }
}
