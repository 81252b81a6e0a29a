package io.ketch.storage.memory;

import io.ketch.spi.storage.Backend;
import io.ketch.spi.storage.ReadTxn;
import io.ketch.spi.storage.WriteTxn;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;

/**
 * A {@link Backend} in memory: multi-version concurrency on concurrent skip lists. Every entry
 * holds a newest-first chain of immutable versions; a commit is one volatile write of the new
 * version number, so it is atomic, and readers pick the newest node at or below their version
 * without locks. The writer writes its nodes at the next version straight into the lists (readers
 * skip them until the commit) and an abort unlinks them. Old versions are pruned as keys are
 * written, once no open view can see them, and fully on {@link #defragment()}.
 *
 * <p>Nothing survives the process: {@link #sync()} does nothing.
 */
public final class MemoryBackend implements Backend, AutoCloseable {
    final ConcurrentSkipListMap<String, Bucket> buckets = new ConcurrentSkipListMap<>();
    /** The last committed version; readers open at it, the writer writes at the next one. */
    volatile long committed;
    /**
     * Open views per version: the oldest one bounds pruning. A ConcurrentHashMap because its
     * merge and compute are atomic per key (a skip list's are not), so a count never leaks.
     */
    private final ConcurrentHashMap<Long, Integer> readers = new ConcurrentHashMap<>();
    private final Semaphore writeLock = new Semaphore(1);
    private volatile Thread writerThread;
    /** Estimated bytes of every node and key held; changed only by the writer. */
    volatile long totalBytes;
    /** Estimated bytes of the committed live entries; changed only by the writer. */
    volatile long liveBytes;

    @Override
    public ReadTxn read() {
        return new MemoryView(this, pin());
    }

    /**
     * Registers a view at the committed version. Re-reading the version after registering closes
     * the race with a writer that computed its pruning floor in between (see {@link #floor()}).
     */
    private long pin() {
        while (true) {
            long v = committed;
            readers.merge(v, 1, Integer::sum);
            if (committed == v) {
                return v;
            }
            unpin(v);
        }
    }

    void unpin(long v) {
        readers.computeIfPresent(v, (k, n) -> n == 1 ? null : n - 1);
    }

    /** The oldest version any open or opening view may read; nothing older is needed. */
    long floor() {
        long floor = committed;
        for (long v : readers.keySet()) {
            floor = Math.min(floor, v);
        }
        return floor;
    }

    @Override
    public WriteTxn write() {
        if (writerThread == Thread.currentThread()) {
            throw new IllegalStateException("this thread already holds the write transaction");
        }
        writeLock.acquireUninterruptibly();
        writerThread = Thread.currentThread();
        return new MemoryWriteTxn(this, committed + 1, floor());
    }

    /** Called by the write transaction when it ends, committed or not. */
    void endWrite(long newCommitted) {
        committed = newCommitted;
        writerThread = null;
        writeLock.release();
    }

    Bucket bucket(String name) {
        return buckets.computeIfAbsent(name, Bucket::new);
    }

    @Override
    public void sync() {
        // Nothing is durable in memory; the WAL carries durability.
    }

    @Override
    public long size() {
        return totalBytes;
    }

    @Override
    public long sizeInUse() {
        return Math.min(liveBytes, totalBytes);
    }

    /** Drops every version no open view can see, under the write lock. */
    @Override
    public void defragment() {
        try (MemoryWriteTxn w = (MemoryWriteTxn) write()) {
            w.pruneAll();
        }
    }

    @Override
    public String name() {
        return "memory";
    }

    /** Nothing to release; present so a caller can treat every backend alike. */
    @Override
    public void close() {
    }
}
