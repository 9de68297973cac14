namespace RaftEsp.Core
{
    /// <summary>
    /// A leader paced by its radio (docs/design.md, "Replication"): the host tells the node how many frames its radio
    /// still holds unsent, and the leader holds its appends while the radio has not sent what it was given (the two
    /// rules below). What falls due meanwhile (new entries, a heartbeat round, commit news) stays due, and the first
    /// flush after the radio has drained sends it in one frame built from the state at that moment: commands gather
    /// into fuller frames instead of queueing in many small ones, and the radio's transmit queue stays short.
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
        /// True when the radio holds an unsent frame while an append of this leader is in flight and not yet
        /// committed: frames for followers in step wait, since their acknowledgements are coming and the frame built
        /// once the radio is free carries whatever gathered meanwhile. Followers behind (probing, catching up, taking
        /// a snapshot) are still served: holding them too slowed catch-up and cost failover and throughput.
        /// </summary>
        private bool RadioHoldsInStep => radioBacklog > 0 && sentThrough > commit;

        /// <summary>
        /// True when the radio holds two unsent frames or more: no append, heartbeat or snapshot chunk is encoded, which
        /// bounds what the leader queues (a burst of answers to stale refusals once filled the 32-frame queue). Except
        /// for an idle leader (nothing in flight) with fresh entries: as <see cref="HoldFresh"/>, an idle leader sends
        /// at once (holding them made light load slower: the frame then waited for the leader's own flash write).
        /// </summary>
        private bool RadioHoldsAll =>
            radioBacklog >= 2 && (sentThrough > commit || log.LastIndex <= sentThrough);

        /// <summary>A follower that holds everything this leader has sent: it shares the next broadcast.</summary>
        private bool InStep(Progress pr) => pr.State == ProgressState.Replicate && pr.Next > sentThrough;
    }
}
