package io.ketch.server.testing;

import io.ketch.spi.storage.Backend;
import io.ketch.spi.storage.EntryVisitor;
import io.ketch.spi.storage.ReadTxn;
import io.ketch.spi.storage.WriteTxn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;

/**
 * A tiny copy-on-write Backend for tests: every read view and write transaction works on its own
 * copy; commit publishes the copy. Stands in until ketch-storage-memory is installed.
 */
public final class TreeMapBackend implements Backend {
    private final String name;
    private final Semaphore writer = new Semaphore(1);
    private volatile TreeMap<String, TreeMap<byte[], byte[]>> committed = new TreeMap<>();
    private int syncs;

    public TreeMapBackend(String name) {
        this.name = name;
    }

    private static TreeMap<String, TreeMap<byte[], byte[]>> copy(TreeMap<String, TreeMap<byte[], byte[]>> src) {
        TreeMap<String, TreeMap<byte[], byte[]>> out = new TreeMap<>();
        for (Map.Entry<String, TreeMap<byte[], byte[]>> e : src.entrySet()) {
            out.put(e.getKey(), new TreeMap<>(e.getValue()));
        }
        return out;
    }

    private static TreeMap<byte[], byte[]> newBucket() {
        return new TreeMap<>(Arrays::compareUnsigned);
    }

    private class View implements ReadTxn {
        final TreeMap<String, TreeMap<byte[], byte[]>> data;

        View(TreeMap<String, TreeMap<byte[], byte[]>> data) {
            this.data = data;
        }

        @Override
        public byte[] get(String bucket, byte[] key) {
            TreeMap<byte[], byte[]> b = data.get(bucket);
            byte[] v = b == null ? null : b.get(key);
            return v == null ? null : v.clone();
        }

        @Override
        public void scan(String bucket, byte[] from, byte[] to, EntryVisitor visitor) {
            TreeMap<byte[], byte[]> b = data.get(bucket);
            if (b == null) {
                return;
            }
            Map<byte[], byte[]> range = to == null ? b.tailMap(from, true)
                    : Arrays.compareUnsigned(from, to) >= 0 ? Map.of() : b.subMap(from, true, to, false);
            for (Map.Entry<byte[], byte[]> e : new ArrayList<>(range.entrySet())) {
                if (!visitor.visit(e.getKey().clone(), e.getValue().clone())) {
                    return;
                }
            }
        }

        @Override
        public long count(String bucket) {
            TreeMap<byte[], byte[]> b = data.get(bucket);
            return b == null ? 0 : b.size();
        }

        @Override
        public List<String> buckets() {
            List<String> out = new ArrayList<>();
            data.forEach((k, v) -> {
                if (!v.isEmpty()) {
                    out.add(k);
                }
            });
            return out;
        }

        @Override
        public void close() {
        }
    }

    private final class Txn extends View implements WriteTxn {
        private boolean open = true;

        Txn() {
            super(copy(committed));
        }

        @Override
        public void put(String bucket, byte[] key, byte[] value) {
            data.computeIfAbsent(bucket, b -> newBucket()).put(key.clone(), value.clone());
        }

        @Override
        public void delete(String bucket, byte[] key) {
            TreeMap<byte[], byte[]> b = data.get(bucket);
            if (b != null) {
                b.remove(key);
            }
        }

        @Override
        public void deleteBucket(String bucket) {
            data.remove(bucket);
        }

        @Override
        public void commit() {
            committed = data;
            close();
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                writer.release();
            }
        }
    }

    @Override
    public ReadTxn read() {
        return new View(copy(committed));
    }

    @Override
    public WriteTxn write() {
        writer.acquireUninterruptibly();
        return new Txn();
    }

    @Override
    public synchronized void sync() {
        syncs++;
    }

    /** How often sync() was called. */
    public synchronized int syncs() {
        return syncs;
    }

    @Override
    public long size() {
        long n = 0;
        for (TreeMap<byte[], byte[]> b : committed.values()) {
            for (Map.Entry<byte[], byte[]> e : b.entrySet()) {
                n += e.getKey().length + e.getValue().length;
            }
        }
        return n;
    }

    @Override
    public long sizeInUse() {
        return size();
    }

    @Override
    public void defragment() {
    }

    @Override
    public String name() {
        return name;
    }
}
