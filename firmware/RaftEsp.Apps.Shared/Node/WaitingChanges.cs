using RaftEsp.Core;

namespace RaftEsp.Apps
{
    /// <summary>
    /// The server node's join, leave and transfer commands (docs/protocol.md, "Membership commands"). Join and leave
    /// are proposed as AddLearner / RemoveNode entries under the command's client session, so a retry applies once;
    /// transfer asks <see cref="RaftNode.RequestTransfer"/>. A refusal that only means "not now" (no leader yet, the
    /// leader not ready or handing over, a full queue) is retried here until the command's deadline; the typed
    /// refusals (20-24) are answered at once. Answers come only after the outcome: a leave once its removal is
    /// applied, a join once the board is a voter by a committed promotion (or <see cref="CommandStatus.JoinedAsLearner"/>
    /// at the deadline), a transfer once the target leads. One command per client, as for writes. Fixed arrays.
    /// </summary>
    public sealed class WaitingChanges
    {
        private const int Free = 0;
        private const int Proposing = 1;      // to be proposed (again) when its retry is due
        private const int AwaitApply = 2;     // proposed: waits for its entry to be applied here
        private const int AwaitPromotion = 3; // join applied: waits until the board is a voter, committed
        private const int AwaitLeader = 4;    // transfer asked: waits until the target leads

        private readonly ServerFrontEnd owner;
        private readonly int[] phase;
        private readonly int[] client;
        private readonly int[] seq;
        private readonly int[] request;
        private readonly int[] replyTo;
        private readonly CommandKind[] kind;
        private readonly int[] target;
        private readonly int[] age;
        private readonly int[] retryAt;
        private readonly int[] index;
        private int count;

        /// <summary>Room for <paramref name="capacity"/> waiting commands, answered through <paramref name="owner"/>.</summary>
        public WaitingChanges(int capacity, ServerFrontEnd owner)
        {
            this.owner = owner;
            phase = new int[capacity];
            client = new int[capacity];
            seq = new int[capacity];
            request = new int[capacity];
            replyTo = new int[capacity];
            kind = new CommandKind[capacity];
            target = new int[capacity];
            age = new int[capacity];
            retryAt = new int[capacity];
            index = new int[capacity];
        }

        /// <summary>Commands waiting now.</summary>
        public int Count => count;

        /// <summary>Ticks a command may wait for its outcome (default 240: 8 election timeouts of 30 ticks).</summary>
        public int TimeoutTicks = 240;

        /// <summary>Ticks between two tries of a command refused for now, and the unit of re-asking (default 5: a heartbeat).</summary>
        public int RetryTicks = 5;

        /// <summary>
        /// Takes a join, leave or transfer (already checked for its fields and its client's session by the caller):
        /// answers it at once when it cannot go, else proposes or asks and keeps it waiting.
        /// </summary>
        public void Submit(ClientCommand command, int from, RaftNode node, Database database)
        {
            int node0 = command.Value;
            if (command.Kind == CommandKind.Leave && node0 == node.Id)
            {
                owner.Answer(command, from, CommandStatus.ServerCannotLeave, node0, 0, node.Leader);
                return;
            }

            int place = PlaceFor(command.Client);
            if (place < 0)
            {
                owner.Answer(command, from, CommandStatus.Busy, node0, 0, node.Leader);
                return;
            }

            if (phase[place] != Free && seq[place] != command.Seq) AnswerAt(place, CommandStatus.Superseded, 0, node.Leader);
            bool retry = phase[place] != Free; // the same (client, seq) again: it keeps its place and its progress
            if (!retry) count++;
            int already = retry ? phase[place] : Free;
            phase[place] = Proposing;
            client[place] = command.Client;
            seq[place] = command.Seq;
            request[place] = command.RequestId;
            replyTo[place] = from;
            kind[place] = command.Kind;
            target[place] = node0;
            if (!retry)
            {
                age[place] = 0;
                index[place] = 0;
            }

            if (already == AwaitPromotion)
            {
                phase[place] = AwaitPromotion;
                CheckOutcome(place, node);
                return;
            }

            if (command.Kind == CommandKind.Join && AppliedBySession(command, database))
            {
                // The session applied this join already (a retry after a lost answer or a reboot): wait for the voter.
                phase[place] = AwaitPromotion;
                index[place] = database.Sessions.LastUseAt(database.Sessions.Find(command.Client));
                CheckOutcome(place, node);
                return;
            }

            Try(place, node);
        }

        /// <summary>True when <paramref name="command"/>'s session holds exactly its sequence as the last applied.</summary>
        private static bool AppliedBySession(ClientCommand command, Database database)
        {
            int at = database.Sessions.Find(command.Client);
            return at >= 0 && database.Sessions.SeqAt(at) == command.Seq;
        }

        /// <summary>A newer command of <paramref name="client"/> arrived elsewhere: its waiting one here is answered superseded.</summary>
        public void Supersede(int client, int newSeq, int leader)
        {
            int place = Find(client);
            if (place >= 0 && seq[place] != newSeq) AnswerAt(place, CommandStatus.Superseded, 0, leader);
        }

        /// <summary>An entry was applied on this node: a waiting join or leave of its (client, seq) has its outcome.</summary>
        public void OnApplied(ApplyResult applied, RaftNode node)
        {
            if (applied.Kind != EntryKind.AddLearner && applied.Kind != EntryKind.RemoveNode) return;
            int place = Find(applied.Client);
            if (place < 0 || seq[place] != applied.Seq || (phase[place] != AwaitApply && phase[place] != Proposing)) return;
            if (applied.Status != ErrorCode.None)
            {
                AnswerAt(place, CommandStatuses.From(applied.Status), 0, node.Leader);
                return;
            }

            index[place] = applied.ResultIndex;
            if (kind[place] == CommandKind.Leave)
            {
                AnswerAt(place, CommandStatus.Ok, index[place], node.Leader);
                return;
            }

            phase[place] = AwaitPromotion;
            CheckOutcome(place, node);
        }

        /// <summary>The leader refused a forwarded join or leave: retried when it only means "not now", else answered.</summary>
        public bool OnRejected(int rejectedClient, int rejectedSeq, RefusalReason reason, int leaderHint)
        {
            int place = Find(rejectedClient);
            if (place < 0 || seq[place] != rejectedSeq) return false;
            if (reason == RefusalReason.Unknown || reason == RefusalReason.DuplicateProposal) return true; // keeps waiting
            if (phase[place] != AwaitApply) return true;
            Refused(place, CommandStatuses.From(reason), leaderHint);
            return true;
        }

        /// <summary>One Raft tick: due retries, outcomes reached, deadlines passed.</summary>
        public void Tick(RaftNode node)
        {
            if (count == 0) return;
            for (int place = 0; place < phase.Length; place++)
            {
                if (phase[place] == Free) continue;
                age[place]++;
                if (CheckOutcome(place, node)) continue;
                if (age[place] >= TimeoutTicks)
                {
                    Expire(place, node);
                    continue;
                }

                if (age[place] < retryAt[place]) continue;
                if (phase[place] == Proposing) Try(place, node);
                else if (phase[place] == AwaitApply || phase[place] == AwaitLeader)
                {
                    // A forwarded proposal or transfer request may be lost on the radio; asking again is safe (the
                    // leader refuses a duplicate proposal, a running transfer, and applies the session's seq once).
                    Try(place, node);
                }
            }
        }

        /// <summary>Forgets everything waiting (a reboot).</summary>
        public void Clear()
        {
            System.Array.Clear(phase, 0, phase.Length);
            count = 0;
        }

        /// <summary>Proposes (join, leave) or asks (transfer) for the command at <paramref name="place"/>.</summary>
        private void Try(int place, RaftNode node)
        {
            ErrorCode code;
            if (kind[place] == CommandKind.Transfer)
            {
                if (node.Leader == target[place])
                {
                    AnswerAt(place, CommandStatus.Ok, 0, node.Leader);
                    return;
                }

                code = node.RequestTransfer(target[place]);
                if (code == ErrorCode.TransferTargetNotVoter) code = ErrorCode.NotMember;
                if (code == ErrorCode.None)
                {
                    phase[place] = AwaitLeader;
                    retryAt[place] = age[place] + 6 * RetryTicks; // about an election timeout: a running transfer ends or is abandoned
                    return;
                }
            }
            else
            {
                EntryKind entry = kind[place] == CommandKind.Join ? EntryKind.AddLearner : EntryKind.RemoveNode;
                code = node.Propose(entry, 0, client[place], seq[place], target[place]);
                if (code == ErrorCode.None || code == ErrorCode.DuplicateProposal)
                {
                    // Forwarded or appended (a duplicate: the one copy is answered when applied).
                    phase[place] = AwaitApply;
                    retryAt[place] = age[place] + 6 * RetryTicks;
                    return;
                }
            }

            Refused(place, CommandStatuses.From(code), node.Leader);
        }

        /// <summary>A refusal: tried again after <see cref="RetryTicks"/> when it only means "not now", else answered.</summary>
        private void Refused(int place, CommandStatus status, int leader)
        {
            if (RetriesAfter(status))
            {
                phase[place] = Proposing;
                retryAt[place] = age[place] + RetryTicks;
                return;
            }

            AnswerAt(place, status, 0, leader);
        }

        /// <summary>The refusals that change by themselves within an election or two: no leader yet, the leader not ready
        /// or handing over (also when it was asked to remove itself, §4.2.2), a full queue or log.</summary>
        private static bool RetriesAfter(CommandStatus status) =>
            status == CommandStatus.NoLeader || status == CommandStatus.NotLeader || status == CommandStatus.LeaderNotReady ||
            status == CommandStatus.TransferInProgress || status == CommandStatus.ProposalQueueFull || status == CommandStatus.LogFull;

        /// <summary>Answers the command at <paramref name="place"/> when its outcome is reached; true when answered.</summary>
        private bool CheckOutcome(int place, RaftNode node)
        {
            if (phase[place] == AwaitLeader && node.Leader == target[place])
            {
                AnswerAt(place, CommandStatus.Ok, 0, node.Leader);
                return true;
            }

            // The promotion counts once committed here: a configuration still pending may yet be rolled back (§4.1).
            if (phase[place] == AwaitPromotion && node.Voters.Contains(target[place]) && !node.MembershipChangePending)
            {
                AnswerAt(place, CommandStatus.Ok, index[place], node.Leader);
                return true;
            }

            return false;
        }

        /// <summary>The deadline passed: a join that was added but not promoted is a learner; anything else times out.</summary>
        private void Expire(int place, RaftNode node)
        {
            bool learner = phase[place] == AwaitPromotion && node.Configuration.Contains(target[place]);
            AnswerAt(place, learner ? CommandStatus.JoinedAsLearner : CommandStatus.Timeout, learner ? index[place] : 0, node.Leader);
        }

        private void AnswerAt(int place, CommandStatus status, int at, int leader)
        {
            phase[place] = Free;
            count--;
            owner.Answer(request[place], client[place], seq[place], kind[place], replyTo[place], status, target[place], at, leader);
        }

        private int Find(int c)
        {
            for (int i = 0; i < phase.Length; i++) if (phase[i] != Free && client[i] == c) return i;
            return -1;
        }

        private int PlaceFor(int c)
        {
            int place = Find(c);
            if (place >= 0) return place;
            for (int i = 0; i < phase.Length; i++) if (phase[i] == Free) return i;
            return -1;
        }
    }
}
