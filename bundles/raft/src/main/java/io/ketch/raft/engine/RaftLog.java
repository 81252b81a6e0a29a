package io.ketch.raft.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The log as the engine sees it: stable entries in {@link Storage} plus unstable entries not yet
 * persisted, and the commit and apply positions (etcd's raftLog + unstable).
 */
final class RaftLog {
    private final Storage storage;
    /** Entries not yet persisted; unstable.get(i) has index offset + i. */
    private final List<Entry> unstable = new ArrayList<>();
    private long offset;
    private Snapshot pendingSnapshot;
    long committed;
    long applied;

    RaftLog(Storage storage, long applied) {
        this.storage = storage;
        this.offset = storage.lastIndex() + 1;
        this.committed = storage.hardState().commit();
        long first = storage.firstIndex() - 1;
        this.committed = Math.max(committed, first);
        this.applied = Math.max(first, Math.min(applied, committed));
    }

    long firstIndex() {
        return pendingSnapshot != null ? pendingSnapshot.meta().index() + 1 : storage.firstIndex();
    }

    long lastIndex() {
        if (!unstable.isEmpty()) {
            return offset + unstable.size() - 1;
        }
        return pendingSnapshot != null ? pendingSnapshot.meta().index() : storage.lastIndex();
    }

    long lastTerm() {
        return term(lastIndex());
    }

    /** The term of entry {@code index}, or -1 if it is not in the log (compacted or beyond the end). */
    long term(long index) {
        if (index >= offset && index < offset + unstable.size()) {
            return unstable.get((int) (index - offset)).term();
        }
        if (pendingSnapshot != null && index == pendingSnapshot.meta().index()) {
            return pendingSnapshot.meta().term();
        }
        if (index >= offset || index > storage.lastIndex()) {
            return -1;
        }
        return storage.term(index);
    }

    boolean matchTerm(long index, long term) {
        return term(index) == term;
    }

    /** §5.4.1: a candidate's log is at least as up to date as ours. */
    boolean isUpToDate(long lastIdx, long lastTrm) {
        return lastTrm > lastTerm() || (lastTrm == lastTerm() && lastIdx >= lastIndex());
    }

    /** Entries in [lo, hi). */
    List<Entry> slice(long lo, long hi) {
        List<Entry> out = new ArrayList<>();
        if (lo >= hi) {
            return out;
        }
        if (lo < offset) {
            out.addAll(storage.entries(lo, Math.min(hi, offset)));
        }
        if (hi > offset) {
            long from = Math.max(lo, offset);
            out.addAll(unstable.subList((int) (from - offset), (int) (hi - offset)));
        }
        return out;
    }

    /** Appends entries after the last index, replacing a conflicting suffix; returns the new last index. */
    long append(List<Entry> ents) {
        if (ents.isEmpty()) {
            return lastIndex();
        }
        long after = ents.get(0).index();
        if (after < committed + 1) {
            throw new IllegalStateException("append at " + after + " would overwrite committed " + committed);
        }
        if (after == offset + unstable.size()) {
            unstable.addAll(ents);
        } else if (after <= offset) {
            // replaces everything unstable; the driver truncates storage when it persists these
            offset = after;
            unstable.clear();
            unstable.addAll(ents);
        } else {
            unstable.subList((int) (after - offset), unstable.size()).clear();
            unstable.addAll(ents);
        }
        return lastIndex();
    }

    /**
     * The follower side of AppendEntries (§5.3): if our entry at prevIndex has prevTerm, append the
     * entries that are new or conflict and return the last new index; otherwise -1.
     */
    long maybeAppend(long prevIndex, long prevTerm, long leaderCommit, List<Entry> ents) {
        if (!matchTerm(prevIndex, prevTerm)) {
            return -1;
        }
        long lastNew = prevIndex + ents.size();
        for (int i = 0; i < ents.size(); i++) {
            Entry e = ents.get(i);
            if (!matchTerm(e.index(), e.term())) {
                append(ents.subList(i, ents.size()));
                break;
            }
        }
        commitTo(Math.min(leaderCommit, lastNew));
        return lastNew;
    }

    void commitTo(long index) {
        if (index > committed) {
            if (index > lastIndex()) {
                throw new IllegalStateException("commit " + index + " beyond last index " + lastIndex());
            }
            committed = index;
        }
    }

    /** §5.4.2: only an entry of the current term is committed by counting replicas. */
    boolean maybeCommit(long index, long term) {
        if (index > committed && term(index) == term) {
            committed = index;
            return true;
        }
        return false;
    }

    boolean hasNextCommitted() {
        return committed > Math.max(applied, firstIndex() - 1);
    }

    List<Entry> nextCommitted() {
        long lo = Math.max(applied + 1, firstIndex());
        return hasNextCommitted() ? slice(lo, committed + 1) : List.of();
    }

    List<Entry> unstableEntries() {
        return List.copyOf(unstable);
    }

    Snapshot pendingSnapshot() {
        return pendingSnapshot;
    }

    /** The driver persisted entries up to index (in term): they leave the unstable list. */
    void stableTo(long index, long term) {
        if (index >= offset && index < offset + unstable.size() && term(index) == term) {
            unstable.subList(0, (int) (index - offset + 1)).clear();
            offset = index + 1;
        }
    }

    void stableSnapTo(long index) {
        if (pendingSnapshot != null && pendingSnapshot.meta().index() == index) {
            pendingSnapshot = null;
        }
    }

    void appliedTo(long index) {
        if (index > applied) {
            applied = index;
        }
    }

    /** Replaces the log by a snapshot from the leader (§7). */
    void restore(Snapshot snapshot) {
        pendingSnapshot = snapshot;
        unstable.clear();
        offset = snapshot.meta().index() + 1;
        committed = snapshot.meta().index();
        applied = Math.max(applied, committed);
    }

    SnapshotMeta storageSnapshot() {
        return storage.snapshot();
    }
}
