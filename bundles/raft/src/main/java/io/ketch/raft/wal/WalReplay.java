package io.ketch.raft.wal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.ketch.raft.engine.Entry;
import io.ketch.raft.engine.HardState;
import io.ketch.raft.engine.SnapshotMeta;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Folds WAL records into the log they describe: later entries replace earlier ones at the same index. */
final class WalReplay {
    HardState hardState = HardState.EMPTY;
    SnapshotMeta snapshot = SnapshotMeta.EMPTY;
    byte[] metadata;
    private final List<Entry> entries = new ArrayList<>();

    /** Adds a segment's records; returns the highest entry index it held. */
    long add(List<SegmentScan.Record> records, Path file) throws WalCorruptedException {
        long max = 0;
        for (SegmentScan.Record r : records) {
            try {
                switch (r.type()) {
                    case WalCodec.ENTRY -> {
                        Entry e = WalCodec.entry(r.payload());
                        addEntry(e);
                        max = Math.max(max, e.index());
                    }
                    case WalCodec.METADATA -> {
                        metadata = new byte[r.payload().remaining()];
                        r.payload().duplicate().get(metadata);
                    }
                    case WalCodec.HARD_STATE -> hardState = WalCodec.hardState(r.payload());
                    case WalCodec.SNAPSHOT -> {
                        SnapshotMeta m = WalCodec.snapshot(r.payload());
                        if (m.index() >= snapshot.index()) {
                            snapshot = m;
                            entries.removeIf(e -> e.index() <= m.index());
                        }
                    }
                    default -> throw new WalCorruptedException("wal: unknown record type " + r.type() + " in " + file.getFileName());
                }
            } catch (InvalidProtocolBufferException e) {
                throw new WalCorruptedException("wal: undecodable record in " + file.getFileName() + ": " + e.getMessage());
            }
        }
        return max;
    }

    private void addEntry(Entry e) {
        if (e.index() <= snapshot.index()) {
            return;
        }
        if (!entries.isEmpty()) {
            long first = entries.get(0).index();
            long last = entries.get(entries.size() - 1).index();
            if (e.index() <= last) {
                // a new leader's entry replaces the old suffix from here on (§5.3)
                entries.subList((int) Math.max(0, e.index() - first), entries.size()).clear();
            } else if (e.index() > last + 1) {
                // a gap left by a released segment; a later snapshot marker must cover it
                entries.clear();
            }
        }
        entries.add(e);
    }

    void finish() throws WalCorruptedException {
        if (!entries.isEmpty() && entries.get(0).index() != snapshot.index() + 1) {
            throw new WalCorruptedException("wal: entries start at " + entries.get(0).index()
                    + " but the last snapshot marker is at " + snapshot.index() + "; entries are missing");
        }
    }

    WalContents contents() {
        return new WalContents(hardState, snapshot, entries);
    }
}
