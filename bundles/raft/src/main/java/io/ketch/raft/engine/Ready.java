package io.ketch.raft.engine;

import java.util.List;

/**
 * What the engine hands the driver in one round: persist {@code hardState}, {@code entries} and
 * {@code snapshot} (one fsync), send {@code messages}, apply {@code committedEntries}, release
 * {@code readStates}; then call {@link RaftEngine#advance(Ready)}.
 *
 * @param softState        the leader and role, or null if unchanged
 * @param hardState        term/vote/commit to persist, or null if unchanged
 * @param entries          entries to append to stable storage
 * @param snapshot         a snapshot received from the leader to persist and restore, or null
 * @param messages         messages to send (after persisting: Raft requires it for votes and acks)
 * @param committedEntries entries to apply, in order
 * @param readStates       confirmed read barriers
 */
public record Ready(SoftState softState, HardState hardState, List<Entry> entries, Snapshot snapshot,
                    List<Message> messages, List<Entry> committedEntries, List<ReadState> readStates) {
    /** Whether anything must reach the disk before messages go out. */
    public boolean mustSync() {
        return hardState != null || !entries.isEmpty() || snapshot != null;
    }
}
