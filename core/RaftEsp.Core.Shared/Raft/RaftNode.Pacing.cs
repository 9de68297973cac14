namespace RaftEsp.Core
{
    /// <summary>
    /// A leader paced by its radio (docs/design.md, "Replication"): the host tells the node how many frames its radio
    /// still holds unsent, and while it holds any, the leader encodes no append, heartbeat or snapshot chunk. What
    /// falls due meanwhile (new entries, a heartbeat round, a probe) stays due, and the first flush after the radio
    /// has drained sends it in one frame built from the state at that moment: commands gather into fuller frames, and
    /// no frame is built from a follower's position that an answer still on its way will change.
    /// </summary>
    public sealed partial class RaftNode
    {
        /// <summary>Frames the host's radio holds unsent, as last reported (0: a host that never reports it).</summary>
        private int radioBacklog;

        /// <summary>
        /// The host's radio still holds <paramref name="frames"/> frames it has not finished sending (ESP-NOW: handed to
        /// esp_now_send, its send callback not yet called). Call it before <see cref="Flush"/> (ReadyHandler.Prepare)
        /// on every pass; a host that never calls it gets a leader that sends whenever something is due.
        /// </summary>
        public void NoteRadioBacklog(int frames)
        {
            radioBacklog = frames < 0 ? 0 : frames;
        }

        /// <summary>
        /// True while the leader holds its appends. With an append of its own in flight and not yet committed, it holds
        /// as long as the radio holds a single frame: acknowledgements are coming, and the frame it builds once the
        /// radio is free carries whatever gathered meanwhile. With nothing in flight it is idle, and fresh entries go at
        /// once (as <see cref="HoldFresh"/>: an idle leader sends at once; holding them made light load slower, since
        /// the frame then waited for the leader's own flash write); heartbeats, commit news and catch-up then wait only
        /// behind two unsent frames, which bounds a burst of catch-up unicasts without delaying a lone one.
        /// </summary>
        private bool RadioBusy =>
            radioBacklog > 0 && (sentThrough > commit || (radioBacklog >= 2 && log.LastIndex <= sentThrough));
    }
}
