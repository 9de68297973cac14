namespace RaftEsp.Core.Tests.Node;

public class RoleTests
{
    [Theory]
    [InlineData(Role.Follower, Role.Leader, false)] // §5.2: only a candidate that won a vote leads
    [InlineData(Role.PreCandidate, Role.Leader, false)]
    [InlineData(Role.Candidate, Role.Leader, true)]
    [InlineData(Role.Leader, Role.Candidate, false)] // a leader only steps down
    [InlineData(Role.Leader, Role.PreCandidate, false)]
    [InlineData(Role.Leader, Role.Follower, true)]
    [InlineData(Role.Follower, Role.PreCandidate, true)]
    [InlineData(Role.PreCandidate, Role.Candidate, true)]
    [InlineData(Role.Candidate, Role.Candidate, true)] // a split vote: a new election in the next term
    public void The_transition_table_allows_only_legal_moves(Role from, Role to, bool allowed) =>
        Assert.Equal(allowed, Roles.CanTransition(from, to));

    [Fact]
    public void Every_role_has_a_readable_name()
    {
        Assert.Equal(["Follower", "PreCandidate", "Candidate", "Leader"],
            new[] { Role.Follower, Role.PreCandidate, Role.Candidate, Role.Leader }.Select(Roles.Name));
    }

    [Fact]
    public void Every_error_code_has_a_name()
    {
        // Every defined code, not every number up to Last: numbers are handed out per feature and may be merged apart.
        ErrorCode[] defined = Enum.GetValues<ErrorCode>();
        foreach (ErrorCode code in defined) Assert.NotEqual("unknown", ErrorCodes.Name(code));
        Assert.Equal(ErrorCodes.Last, defined.Max());
        Assert.Equal("unknown", ErrorCodes.Name((ErrorCode)((int)ErrorCodes.Last + 1)));
    }
}
