package io.ketch.raft.engine;

import java.util.Set;

/**
 * Where a snapshot sits in the log and the configuration as of that point (§7).
 *
 * @param index    the last index the snapshot covers
 * @param term     the term of that entry
 * @param voters   the voter ids as of index
 * @param learners the learner ids as of index
 */
public record SnapshotMeta(long index, long term, Set<Long> voters, Set<Long> learners) {
    /** No snapshot. */
    public static final SnapshotMeta EMPTY = new SnapshotMeta(0, 0, Set.of(), Set.of());

    public SnapshotMeta {
        voters = Set.copyOf(voters);
        learners = Set.copyOf(learners);
    }
}
