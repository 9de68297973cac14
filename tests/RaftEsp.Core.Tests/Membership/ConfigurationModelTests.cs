using FsCheck;
using FsCheck.Fluent;

namespace RaftEsp.Core.Tests.Membership;

/// <summary>
/// Property test: random sequences of single-server changes (dissertation §4.1) on <see cref="Configuration"/> agree
/// with a dumb reference model, two lists, written for clarity: the same answer from Check, the same members in the
/// same order after Apply, and a configuration that survives its own encoding.
/// </summary>
public class ConfigurationModelTests
{
    private sealed class Model(IEnumerable<int> founders, int capacity)
    {
        public readonly List<int> Voters = founders.ToList();
        public readonly List<int> Learners = new();

        public ErrorCode Check(EntryKind kind, int id)
        {
            bool validId = id >= 0 && id <= 254;
            bool voter = Voters.Contains(id);
            bool learner = Learners.Contains(id);
            if (!validId) return ErrorCode.InvalidCommand;
            if (kind == EntryKind.AddLearner) return voter || learner ? ErrorCode.AlreadyMember : Voters.Count + Learners.Count >= capacity ? ErrorCode.ClusterFull : ErrorCode.None;
            if (kind == EntryKind.PromoteLearner) return voter ? ErrorCode.AlreadyMember : learner ? ErrorCode.None : ErrorCode.NotMember;
            if (kind == EntryKind.RemoveNode) return learner ? ErrorCode.None : !voter ? ErrorCode.NotMember : Voters.Count == 1 ? ErrorCode.LastVoter : ErrorCode.None;
            return ErrorCode.InvalidCommand;
        }

        public void Apply(EntryKind kind, int id)
        {
            if (Check(kind, id) != ErrorCode.None) return;
            if (kind == EntryKind.AddLearner) Learners.Add(id);
            if (kind == EntryKind.PromoteLearner)
            {
                Learners.Remove(id);
                Voters.Add(id);
            }

            if (kind == EntryKind.RemoveNode)
            {
                Voters.Remove(id);
                Learners.Remove(id);
            }
        }
    }

    private static readonly EntryKind[] Kinds = [EntryKind.AddLearner, EntryKind.PromoteLearner, EntryKind.RemoveNode, EntryKind.Set];

    [Fact]
    public void Check_and_Apply_agree_with_a_model_of_two_lists()
    {
        // Ids mostly from a small pool so that changes hit members often; now and then one no board can carry.
        Gen<(int Kind, int Id)> change =
            from kind in Gen.Frequency((6, Gen.Choose(0, 2)), (1, Gen.Constant(3)))
            from id in Gen.Frequency((12, Gen.Choose(0, 8)), (1, Gen.Elements(-1, 255, 300)))
            select (kind, id);
        Gen<(int Founders, int Capacity, (int Kind, int Id)[] Changes)> run =
            from founders in Gen.Choose(1, 5)
            from extra in Gen.Choose(0, 4)
            from changes in change.ArrayOf()
            select (founders, Math.Min(Config.MaxClusterSize, founders + extra), changes);

        Prop.ForAll(run.ToArbitrary(), r =>
        {
            byte[] founders = Enumerable.Range(1, r.Founders).Select(i => (byte)i).ToArray();
            var config = new Configuration();
            config.Found(founders, NodeId.None);
            var model = new Model(founders.Select(b => (int)b), r.Capacity);
            var buffer = new byte[Configuration.MaxEncodedBytes];
            var copy = new Configuration();
            foreach ((int k, int id) in r.Changes)
            {
                EntryKind kind = Kinds[k];
                ErrorCode expected = model.Check(kind, id);
                if (config.Check(kind, id, r.Capacity) != expected) return false;
                if (config.Apply(kind, id, r.Capacity) != (expected == ErrorCode.None)) return false;
                model.Apply(kind, id);
                if (!Ids(config.Voters).SequenceEqual(model.Voters) || !Ids(config.Learners).SequenceEqual(model.Learners)) return false;
                // Always at least one voter, never more members than the capacity.
                if (config.Voters.Count < 1 || config.Count > r.Capacity) return false;
                int end = config.Write(buffer, 0);
                if (Configuration.Measure(buffer, 0, end) != end || !copy.Read(buffer, 0, end) || !copy.SameAs(config)) return false;
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    private static IEnumerable<int> Ids(NodeSet set) => Enumerable.Range(0, set.Count).Select(set.IdAt);
}
