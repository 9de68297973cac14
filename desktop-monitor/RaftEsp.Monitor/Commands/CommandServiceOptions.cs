namespace RaftEsp.Monitor.Commands;

/// <summary>Timing of the monitor's client (its client id comes from the cluster when it registers).</summary>
public sealed class CommandServiceOptions
{
    /// <summary>How long one attempt waits for its answer before the same request is sent again.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMilliseconds(800);

    /// <summary>Pause after a refusal (no leader yet) before the next attempt.</summary>
    public TimeSpan RefusalBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a command may take in all before the API answers 503 or 504.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>
    /// How long a join, leave or transfer may take in all: long enough for a new board to catch up with the log or a
    /// snapshot and be promoted (the server node answers joined-as-learner if its own deadline comes first).
    /// </summary>
    public TimeSpan MembershipTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one attempt of a membership command waits before the same request is sent again.</summary>
    public TimeSpan MembershipAttemptTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
