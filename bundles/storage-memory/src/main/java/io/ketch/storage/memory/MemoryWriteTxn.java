package io.ketch.storage.memory;

import io.ketch.spi.storage.WriteTxn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The write transaction: it writes nodes at version {@code committed + 1}, which views opened
 * earlier skip, and reads at that version so it sees its own writes. Commit publishes the version;
 * close without commit unlinks every node it wrote.
 */
final class MemoryWriteTxn extends MemoryView implements WriteTxn {
    private final long floor;
    /** Keys this transaction wrote a node for, to unlink on abort. */
    private final List<Map.Entry<Bucket, byte[]>> touched = new ArrayList<>();
    /** This transaction's entry count per bucket it changed. */
    private final Map<Bucket, Long> counts = new HashMap<>();
    private long liveDelta;
    private boolean ended;

    MemoryWriteTxn(MemoryBackend backend, long version, long floor) {
        super(backend, version);
        this.floor = floor;
    }

    @Override
    public long count(String bucket) {
        Bucket b = backend.buckets.get(bucket);
        if (b == null) {
            return 0;
        }
        Long mine = counts.get(b);
        return mine != null ? mine : b.count(version - 1);
    }

    @Override
    public void put(String bucket, byte[] key, byte[] value) {
        checkOpen();
        write(backend.bucket(bucket), key.clone(), value.clone());
    }

    @Override
    public void delete(String bucket, byte[] key) {
        checkOpen();
        Bucket b = backend.buckets.get(bucket);
        if (b != null && Versioned.visible(b.entries.get(key), version) != null) {
            write(b, key.clone(), null);
        }
    }

    @Override
    public void deleteBucket(String bucket) {
        checkOpen();
        Bucket b = backend.buckets.get(bucket);
        if (b == null) {
            return;
        }
        for (Map.Entry<byte[], Versioned> e : b.entries.entrySet()) {
            if (Versioned.visible(e.getValue(), version) != null) {
                write(b, e.getKey(), null);
            }
        }
    }

    /** Writes value (null: a tombstone) as this version's node for key, keeping counts and sizes. */
    private void write(Bucket b, byte[] key, byte[] value) {
        Versioned head = b.entries.get(key);
        byte[] old = Versioned.visible(head, version);
        long[] freed = {0};
        Versioned older;
        if (head != null && head.version == version) {
            older = head.older;
            freed[0] += head.bytes();
        } else {
            older = head != null && head.worthPruning() ? Versioned.prune(head, floor, freed) : head;
            touched.add(Map.entry(b, key));
        }
        Versioned node = new Versioned(version, value, older);
        long added = node.bytes() + (head == null ? Bucket.keyBytes(key) : 0);
        b.entries.put(key, node);
        backend.totalBytes += added - freed[0];
        long count = count(b.name);
        if (old == null && value != null) {
            counts.put(b, count + 1);
            liveDelta += Bucket.keyBytes(key) + node.bytes();
        } else if (old != null && value == null) {
            counts.put(b, count - 1);
            liveDelta -= Bucket.keyBytes(key) + Versioned.NODE_OVERHEAD + old.length;
        } else if (old != null) {
            liveDelta += value.length - old.length;
        }
    }

    @Override
    public void commit() {
        checkOpen();
        counts.forEach((b, n) -> b.setCount(version, n, floor));
        backend.liveBytes += liveDelta;
        end(version);
    }

    @Override
    public void close() {
        if (ended) {
            return;
        }
        // Unlink newest first so a key written twice is restored in one step.
        for (int i = touched.size() - 1; i >= 0; i--) {
            Map.Entry<Bucket, byte[]> t = touched.get(i);
            Versioned head = t.getKey().entries.get(t.getValue());
            if (head != null && head.version == version) {
                long freed = head.bytes();
                if (head.older == null) {
                    t.getKey().entries.remove(t.getValue(), head);
                    freed += Bucket.keyBytes(t.getValue());
                } else {
                    t.getKey().entries.put(t.getValue(), head.older);
                }
                backend.totalBytes -= freed;
            }
        }
        end(version - 1);
    }

    /** Prunes every chain and drops keys whose only remaining version is a dead tombstone. */
    void pruneAll() {
        checkOpen();
        for (Bucket b : backend.buckets.values()) {
            for (Map.Entry<byte[], Versioned> e : b.entries.entrySet()) {
                long[] freed = {0};
                Versioned pruned = Versioned.prune(e.getValue(), floor, freed);
                if (pruned == null) {
                    b.entries.remove(e.getKey(), e.getValue());
                    freed[0] += Bucket.keyBytes(e.getKey());
                } else if (pruned != e.getValue()) {
                    b.entries.replace(e.getKey(), e.getValue(), pruned);
                }
                backend.totalBytes -= freed[0];
            }
        }
    }

    private void end(long committed) {
        ended = true;
        backend.endWrite(committed);
    }

    private void checkOpen() {
        if (ended) {
            throw new IllegalStateException("write transaction already ended");
        }
    }
}
