package io.ketch.raft.wal;

import io.ketch.raft.engine.Entry;
import io.ketch.raft.engine.HardState;
import io.ketch.raft.engine.SnapshotMeta;
import java.util.List;

/**
 * What a WAL held when it was opened.
 *
 * @param hardState the last hard state written
 * @param snapshot  the last snapshot marker (entries up to it live in a snapshot)
 * @param entries   the entries after the snapshot, contiguous, later writes having replaced earlier ones
 */
public record WalContents(HardState hardState, SnapshotMeta snapshot, List<Entry> entries) {
    public WalContents {
        entries = List.copyOf(entries);
    }
}
