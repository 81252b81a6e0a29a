package io.ketch.raft.engine;

import java.util.List;

/**
 * The stable part of the log, as the driver persisted it (etcd's raft.Storage). The engine only
 * reads it; the driver writes it after each {@link Ready}.
 */
public interface Storage {
    /** The persisted hard state. */
    HardState hardState();

    /** The latest snapshot's position and configuration. */
    SnapshotMeta snapshot();

    /** The first index still in the log (the snapshot index + 1). */
    long firstIndex();

    /** The last index in the log (the snapshot index if it holds no entries). */
    long lastIndex();

    /** The term of entry {@code index}; valid from snapshot index to last index, else -1. */
    long term(long index);

    /** Entries in [lo, hi), lo >= firstIndex, hi <= lastIndex + 1. */
    List<Entry> entries(long lo, long hi);
}
