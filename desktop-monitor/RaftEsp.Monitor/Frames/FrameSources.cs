using RaftEsp.VirtualCluster;

namespace RaftEsp.Monitor.Frames;

/// <summary>Connects the feed to where frames come from in each mode.</summary>
internal static class FrameSources
{
    public const string EtherNote = "Every frame the virtual ether carried, with each copy delivered or lost.";

    public const string CollectorNote =
        "What the collector overheard: broadcasts and frames to it, not unicast frames between boards; delivery is not known.";

    /// <summary>
    /// Virtual mode: asks the launcher's ether to mirror every frame to a new <see cref="EtherMirrorLink"/>.
    /// Null when the ether refuses (the feed then says so); the monitor runs on without frames.
    /// </summary>
    public static EtherMirrorLink? StartEtherMirror(ClusterLauncher launcher, FrameFeed feed)
    {
        var link = new EtherMirrorLink(launcher.MirrorKey, feed);
        try
        {
            launcher.EtherCommand("mirror " + link.EndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.Net.Sockets.SocketException)
        {
            link.DisposeAsync().AsTask().GetAwaiter().GetResult();
            feed.SetSource("none", "The ether did not start its mirror: " + e.Message);
            return null;
        }

        feed.SetSource("ether", EtherNote);
        return link;
    }
}
