package io.ketch.server.mvcc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.ketch.proto.mvccpb.KeyValue;
import io.ketch.spi.etcd.EtcdError;
import io.ketch.spi.storage.ReadTxn;
import io.ketch.spi.storage.WriteTxn;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * etcd's MVCC store over a backend: the in-memory key index, the current and compacted revisions,
 * and the revision -> KeyValue records in bucket {@code key}. Not thread-safe: the owner holds a
 * lock that keeps readers out while a write batch runs, and passes in the transaction to use.
 */
public final class MvccStore {
    private static final System.Logger LOG = System.getLogger("mvcc");
    /** etcd's bucket of revision -> KeyValue. */
    public static final String KEY_BUCKET = "key";
    /** etcd's bucket of store metadata. */
    public static final String META_BUCKET = "meta";
    static final byte[] SCHEDULED_COMPACT = "scheduledCompactRev".getBytes();
    static final byte[] FINISHED_COMPACT = "finishedCompactRev".getBytes();

    private final KeyTree index = new KeyTree();
    private long currentRev = 1;
    private long compactRev = -1;
    private LeaseHook leases = LeaseHook.NONE;

    /** A store rebuilt from the {@code key} and {@code meta} buckets of a backend view. */
    public static MvccStore open(ReadTxn tx) {
        MvccStore s = new MvccStore();
        s.rebuild(tx);
        return s;
    }

    /** Drops the in-memory state and reads it again from the backend (after a restore or a swap). */
    public void rebuild(ReadTxn tx) {
        index.clear();
        currentRev = 1;
        compactRev = -1;
        byte[] finished = tx.get(META_BUCKET, FINISHED_COMPACT);
        if (finished != null) {
            compactRev = Revision.fromBytes(finished).main();
            currentRev = Math.max(currentRev, compactRev);
            LOG.log(System.Logger.Level.INFO, "restore compact to " + compactRev);
        }
        tx.scan(KEY_BUCKET, new byte[0], null, (k, v) -> {
            restoreRecord(k, parse(v));
            return true;
        });
    }

    private void restoreRecord(byte[] k, KeyValue kv) {
        Revision rev = Revision.fromBytes(k);
        currentRev = Math.max(currentRev, rev.main());
        byte[] key = kv.getKey().toByteArray();
        KeyIndex ki = index.get(key);
        if (Revision.isTombstone(k)) {
            if (ki != null) {
                ki.tombstone(rev);
            }
            return;
        }
        if (ki == null) {
            // after a compaction the first revision left need not be the creation
            index.getOrCreate(key).restore(new Revision(kv.getCreateRevision(), 0), rev, kv.getVersion());
        } else {
            ki.put(rev);
        }
    }

    /** Sets who is told about lease attachments of writes (the lessor). */
    public void leaseHook(LeaseHook hook) {
        leases = hook;
    }

    LeaseHook leaseHook() {
        return leases;
    }

    /** The revision of the last write transaction. */
    public long currentRevision() {
        return currentRev;
    }

    /** The revision of the last compaction, -1 if none. */
    public long compactRevision() {
        return compactRev;
    }

    /** Number of keys in the index, live or with history. */
    public int indexedKeys() {
        return index.size();
    }

    /** A range at the current revision (or ro.rev) as etcd's read transaction runs it. */
    public RangeResult range(ReadTxn tx, byte[] key, byte[] end, RangeOptions ro) {
        return rangeKeys(tx, key, end, ro, currentRev);
    }

    /** A view of the committed state through a backend read view. */
    public KvView view(ReadTxn tx) {
        long rev = currentRev;
        return new KvView() {
            @Override
            public long rev() {
                return rev;
            }

            @Override
            public long firstRev() {
                return compactRev;
            }

            @Override
            public RangeResult range(byte[] key, byte[] end, RangeOptions ro) {
                return rangeKeys(tx, key, end, ro, rev);
            }
        };
    }

    RangeResult rangeKeys(ReadTxn tx, byte[] key, byte[] end, RangeOptions ro, long curRev) {
        long rev = ro.rev();
        if (rev > curRev) {
            throw EtcdError.FUTURE_REV.exception();
        }
        if (rev <= 0) {
            rev = curRev;
        }
        if (rev < compactRev) {
            throw EtcdError.COMPACTED.exception();
        }
        List<Revision> revs = index.revisions(key, end, rev);
        if (ro.countOnly() || revs.isEmpty()) {
            return new RangeResult(List.of(), revs.size(), curRev);
        }
        int limit = (int) Math.min(ro.limit() <= 0 ? Integer.MAX_VALUE : ro.limit(), revs.size());
        List<KeyValue> kvs = new ArrayList<>(limit);
        for (int i = 0; i < limit; i++) {
            byte[] v = tx.get(KEY_BUCKET, revs.get(i).toBytes(false));
            if (v == null) {
                throw new IllegalStateException("revision " + revs.get(i) + " is indexed but not stored");
            }
            kvs.add(parse(v));
        }
        return new RangeResult(kvs, revs.size(), curRev);
    }

    /** Starts a write transaction on tx; {@link MvccWriter#end()} publishes its revision. */
    public MvccWriter write(WriteTxn tx) {
        return new MvccWriter(this, index, tx, currentRev, new java.util.ArrayList<>());
    }

    /** Starts a write transaction that appends its changes, as watch events, to events. */
    public MvccWriter write(WriteTxn tx, List<io.ketch.proto.mvccpb.Event> events) {
        return new MvccWriter(this, index, tx, currentRev, events);
    }

    void advance() {
        currentRev++;
    }

    /**
     * Compacts at rev in tx: the key index drops older revisions and the backend loses the records
     * no key needs any more. Refuses a revision already compacted or in the future.
     */
    public void compact(WriteTxn tx, long rev) {
        if (rev <= compactRev) {
            throw EtcdError.COMPACTED.exception();
        }
        if (rev > currentRev) {
            throw EtcdError.FUTURE_REV.exception();
        }
        long started = System.nanoTime();
        byte[] mark = new Revision(rev, 0).toBytes(false);
        tx.put(META_BUCKET, SCHEDULED_COMPACT, mark);
        compactRev = rev;
        LOG.log(System.Logger.Level.INFO, "store.index: compact " + rev);
        Set<Revision> keep = index.compact(rev);
        List<byte[]> doomed = new ArrayList<>();
        tx.scan(KEY_BUCKET, new byte[0], Revision.lowerBound(rev + 1), (k, v) -> {
            if (!keep.contains(Revision.fromBytes(k))) {
                doomed.add(k);
            }
            return true;
        });
        for (byte[] k : doomed) {
            tx.delete(KEY_BUCKET, k);
        }
        tx.put(META_BUCKET, FINISHED_COMPACT, mark);
        LOG.log(System.Logger.Level.INFO, "finished scheduled compaction at " + rev + " (took "
                + io.ketch.server.compactor.GoDuration.format(java.time.Duration.ofNanos(System.nanoTime() - started)) + ")");
    }

    /** etcd's HashByRev: CRC-32C over bucket name and the records up to rev, skipping compacted ones. */
    public HashResult hashByRev(ReadTxn tx, long rev) {
        if (rev > 0 && rev <= compactRev) {
            throw EtcdError.COMPACTED.exception();
        }
        if (rev > 0 && rev > currentRev) {
            throw EtcdError.FUTURE_REV.exception();
        }
        long at = rev == 0 ? currentRev : rev;
        Set<Revision> keep = index.keep(at);
        Revision upper = new Revision(at + 1, 0);
        Revision lower = new Revision(compactRev + 1, 0);
        CRC32C crc = new CRC32C();
        crc.update(KEY_BUCKET.getBytes());
        tx.scan(KEY_BUCKET, new byte[0], null, (k, v) -> {
            Revision kr = Revision.fromBytes(k);
            if (upper.compareTo(kr) <= 0) {
                return true;
            }
            if (lower.compareTo(kr) > 0 && !keep.isEmpty() && !keep.contains(kr)) {
                return true;
            }
            crc.update(k);
            crc.update(v);
            return true;
        });
        return new HashResult((int) crc.getValue(), currentRev, compactRev);
    }

    /** A KeyValue as stored in the {@code key} bucket. */
    static KeyValue parse(byte[] v) {
        try {
            return KeyValue.parseFrom(v);
        } catch (InvalidProtocolBufferException e) {
            throw new UncheckedIOException("corrupt KeyValue record", e);
        }
    }
}
