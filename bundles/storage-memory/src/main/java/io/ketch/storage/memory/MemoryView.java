package io.ketch.storage.memory;

import io.ketch.spi.storage.EntryVisitor;
import io.ketch.spi.storage.ReadTxn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * A read view at one version. It only reads immutable nodes, so it is in fact safe to share
 * between threads, though the SPI does not promise that.
 */
class MemoryView implements ReadTxn {
    final MemoryBackend backend;
    final long version;
    private boolean closed;

    MemoryView(MemoryBackend backend, long version) {
        this.backend = backend;
        this.version = version;
    }

    @Override
    public byte[] get(String bucket, byte[] key) {
        Bucket b = backend.buckets.get(bucket);
        if (b == null) {
            return null;
        }
        byte[] v = Versioned.visible(b.entries.get(key), version);
        return v == null ? null : v.clone();
    }

    @Override
    public void scan(String bucket, byte[] from, byte[] to, EntryVisitor visitor) {
        Bucket b = backend.buckets.get(bucket);
        if (b == null || (to != null && Arrays.compareUnsigned(from, to) >= 0)) {
            return;
        }
        NavigableMap<byte[], Versioned> range = to == null ? b.entries.tailMap(from, true)
                : b.entries.subMap(from, true, to, false);
        for (Map.Entry<byte[], Versioned> e : range.entrySet()) {
            byte[] v = Versioned.visible(e.getValue(), version);
            if (v != null && !visitor.visit(e.getKey().clone(), v.clone())) {
                return;
            }
        }
    }

    @Override
    public long count(String bucket) {
        Bucket b = backend.buckets.get(bucket);
        return b == null ? 0 : b.count(version);
    }

    @Override
    public List<String> buckets() {
        List<String> names = new ArrayList<>();
        for (Bucket b : backend.buckets.values()) {
            if (count(b.name) > 0) {
                names.add(b.name);
            }
        }
        return names;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            backend.unpin(version);
        }
    }
}
