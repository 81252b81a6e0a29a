package io.ketch.raft.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Stable storage held in memory; the driver fills it from the WAL on start and appends to it after
 * every fsync, so the engine reads the log without touching the disk.
 */
public final class MemoryStorage implements Storage {
    private HardState hardState = HardState.EMPTY;
    private SnapshotMeta snapshot = SnapshotMeta.EMPTY;
    /** Entries after the snapshot; entries.get(i) has index snapshot.index() + 1 + i. */
    private final List<Entry> entries = new ArrayList<>();

    @Override
    public synchronized HardState hardState() {
        return hardState;
    }

    /** Records the persisted hard state. */
    public synchronized void setHardState(HardState state) {
        hardState = state;
    }

    @Override
    public synchronized SnapshotMeta snapshot() {
        return snapshot;
    }

    @Override
    public synchronized long firstIndex() {
        return snapshot.index() + 1;
    }

    @Override
    public synchronized long lastIndex() {
        return snapshot.index() + entries.size();
    }

    @Override
    public synchronized long term(long index) {
        if (index == snapshot.index()) {
            return snapshot.term();
        }
        if (index < snapshot.index() || index > lastIndex()) {
            return -1;
        }
        return entries.get((int) (index - snapshot.index() - 1)).term();
    }

    @Override
    public synchronized List<Entry> entries(long lo, long hi) {
        if (lo < firstIndex() || hi > lastIndex() + 1 || lo > hi) {
            throw new IllegalArgumentException("entries [" + lo + "," + hi + ") outside [" + firstIndex() + "," + (lastIndex() + 1) + ")");
        }
        int from = (int) (lo - snapshot.index() - 1);
        return List.copyOf(entries.subList(from, from + (int) (hi - lo)));
    }

    /** Appends entries, replacing any existing entries from the first new index on (a follower's log repair). */
    public synchronized void append(List<Entry> newEntries) {
        if (newEntries.isEmpty()) {
            return;
        }
        long first = newEntries.get(0).index();
        if (first > lastIndex() + 1) {
            throw new IllegalArgumentException("gap: appending " + first + " after " + lastIndex());
        }
        int skip = 0;
        // entries already covered by the snapshot are dropped
        while (skip < newEntries.size() && newEntries.get(skip).index() <= snapshot.index()) {
            skip++;
        }
        if (skip == newEntries.size()) {
            return;
        }
        long start = newEntries.get(skip).index();
        int keep = (int) (start - snapshot.index() - 1);
        entries.subList(keep, entries.size()).clear();
        entries.addAll(newEntries.subList(skip, newEntries.size()));
    }

    /** Drops entries up to and including {@code meta.index()}, which a snapshot now covers. */
    public synchronized void compact(SnapshotMeta meta) {
        if (meta.index() <= snapshot.index()) {
            return;
        }
        if (meta.index() > lastIndex()) {
            throw new IllegalArgumentException("compact " + meta.index() + " beyond last index " + lastIndex());
        }
        entries.subList(0, (int) (meta.index() - snapshot.index())).clear();
        snapshot = meta;
    }

    /** Replaces the whole log by a snapshot received from the leader. */
    public synchronized void applySnapshot(SnapshotMeta meta) {
        entries.clear();
        snapshot = meta;
    }
}
