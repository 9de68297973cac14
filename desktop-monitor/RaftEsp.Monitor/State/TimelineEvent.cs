namespace RaftEsp.Monitor.State;

/// <summary>Kinds of timeline events; the page colours them by kind.</summary>
public static class TimelineKinds
{
    public const string Election = "election";
    public const string Leader = "leader";
    public const string Commit = "commit";
    public const string Fault = "fault";
    public const string Command = "command";
    public const string Board = "board";
    public const string Membership = "membership";
}

/// <summary>One line of the timeline: what happened, when, and which board it concerns (-1: the cluster).</summary>
public sealed record TimelineEvent(long Sequence, DateTimeOffset Time, string Kind, int Node, string Text);
