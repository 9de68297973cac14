namespace RaftEsp.Monitor.Commands;

/// <summary>Timing and session of the monitor's client.</summary>
public sealed class CommandServiceOptions
{
    /// <summary>The monitor's client session id (1..ClientSessions-1 of the cluster's config).</summary>
    public int ClientId { get; init; } = 1;

    /// <summary>How long one attempt waits for its answer before the same request is sent again.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMilliseconds(800);

    /// <summary>Pause after a refusal (no leader yet) before the next attempt.</summary>
    public TimeSpan RefusalBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a command may take in all before the API answers 503 or 504.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(6);
}
