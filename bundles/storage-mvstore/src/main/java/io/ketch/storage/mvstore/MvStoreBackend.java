package io.ketch.storage.mvstore;

import io.ketch.spi.storage.Backend;
import io.ketch.spi.storage.ReadTxn;
import io.ketch.spi.storage.WriteTxn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * A {@link Backend} on one H2 MVStore file, {@code <dataDir>/snap/db.mv}; a bucket is an MVMap
 * named {@code bucket.<name>} with unsigned byte keys.
 *
 * <p>Visibility and durability are separate, as the SPI allows. {@link WriteTxn#commit()}
 * publishes the maps' B-tree roots in memory (pages are copy-on-write, so a root is an immutable
 * tree); views read through the last published roots without locks. An MVStore commit (a new
 * chunk in the file, then fsync) happens only on {@link #sync()}, after a commit once unsaved
 * pages pass a threshold, and on close: always between transactions, so the file never holds
 * part of one. A view registers its MVStore version, which keeps every chunk its pages live in
 * from being freed until it closes.
 */
public final class MvStoreBackend implements Backend, AutoCloseable {
    /** Unsaved page memory above which a commit also writes and syncs a chunk. */
    static final int DEFAULT_AUTO_STORE_BYTES = 64 << 20;
    private static final String PREFIX = "bucket.";
    private static final System.Logger LOG = System.getLogger("mvcc");

    private final Path file;
    private final int cacheSizeMb;
    private final int autoStoreBytes;
    /** The open file; replaced only by defragment, under both locks. */
    private volatile OpenStore current;
    /** The live maps by bucket; read and changed only by the write-lock holder. */
    volatile ConcurrentSkipListMap<String, MVMap<byte[], byte[]>> maps;
    private volatile Snapshot published;
    private final Semaphore writeLock = new Semaphore(1);
    private volatile Thread writerThread;
    /** Views pin a store and read the snapshot under the read side; a defragment swaps both under the write side. */
    private final ReadWriteLock pinLock = new ReentrantReadWriteLock();

    private MvStoreBackend(Path file, int cacheSizeMb, int autoStoreBytes) {
        this.file = file;
        this.cacheSizeMb = cacheSizeMb;
        this.autoStoreBytes = autoStoreBytes;
        current = new OpenStore(openStore(file));
        maps = openMaps(current.store);
        published = Snapshot.of(maps);
    }

    /** Opens or creates the store of the member directory dataDir. */
    public static MvStoreBackend open(Path dataDir, int cacheSizeMb) {
        return open(dataDir, cacheSizeMb, DEFAULT_AUTO_STORE_BYTES);
    }

    static MvStoreBackend open(Path dataDir, int cacheSizeMb, int autoStoreBytes) {
        Path file = dataDir.resolve("snap").resolve("db.mv");
        try {
            Files.createDirectories(file.getParent());
            // A copy left by a defragment that crashed before its rename; db.mv is intact.
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".defrag"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MvStoreBackend backend = new MvStoreBackend(file, cacheSizeMb, autoStoreBytes);
        LOG.log(Level.INFO, "opened backend file {0}", file);
        return backend;
    }

    private MVStore openStore(Path path) {
        // No background thread and no memory-triggered commits: MVStore must only ever write a
        // chunk between our transactions, never in the middle of one.
        MVStore store = new MVStore.Builder().fileName(path.toString()).cacheSize(cacheSizeMb)
                .autoCommitDisabled().autoCommitBufferSize(0).open();
        // Every chunk we write is fsynced before the next one (see storeAndSync), so freed
        // chunks may be reused at once; MVStore's 45 s default guards stores that never fsync,
        // and would let a store that syncs often grow by 45 s worth of chunks.
        store.setRetentionTime(0);
        return store;
    }

    private static ConcurrentSkipListMap<String, MVMap<byte[], byte[]>> openMaps(MVStore store) {
        ConcurrentSkipListMap<String, MVMap<byte[], byte[]>> out = new ConcurrentSkipListMap<>();
        for (String name : store.getMapNames()) {
            if (name.startsWith(PREFIX)) {
                out.put(name.substring(PREFIX.length()), openMap(store, name));
            }
        }
        return out;
    }

    private static MVMap<byte[], byte[]> openMap(MVStore store, String mapName) {
        return store.openMap(mapName, new MVMap.Builder<byte[], byte[]>()
                .keyType(ByteArrayType.INSTANCE).valueType(ByteArrayType.INSTANCE));
    }

    /** The live map of bucket, created if needed; for the write-lock holder only. */
    MVMap<byte[], byte[]> mapFor(String bucket) {
        return maps.computeIfAbsent(bucket, b -> openMap(current.store, PREFIX + b));
    }

    @Override
    public ReadTxn read() {
        // Pin first, then read the snapshot: every page it reaches was live at or after the
        // pinned version, so no chunk it needs can be freed (see the class comment).
        pinLock.readLock().lock();
        try {
            OpenStore store = current;
            MVStore.TxCounter pin = store.pin();
            return new MvStoreView(store, published, pin);
        } finally {
            pinLock.readLock().unlock();
        }
    }

    @Override
    public WriteTxn write() {
        acquireWriter();
        return new MvStoreWriteTxn(this, published);
    }

    private void acquireWriter() {
        if (writerThread == Thread.currentThread()) {
            throw new IllegalStateException("this thread already holds the write transaction");
        }
        writeLock.acquireUninterruptibly();
        writerThread = Thread.currentThread();
    }

    private void releaseWriter() {
        writerThread = null;
        writeLock.release();
    }

    /**
     * Ends the write transaction. Both outcomes republish: an abort restores the content but
     * through new pages, and the published roots must always be the live ones between
     * transactions, or a later view could pin a version whose chunks no longer hold them.
     */
    void endWrite(boolean committed) {
        try {
            published = Snapshot.of(maps);
            if (committed && current.store.getUnsavedMemory() > autoStoreBytes) {
                storeAndSync(current.store);
            }
        } finally {
            releaseWriter();
        }
    }

    /** Waits for an open write transaction to end, then writes and fsyncs a chunk. */
    @Override
    public void sync() {
        acquireWriter();
        try {
            storeAndSync(current.store);
        } finally {
            releaseWriter();
        }
    }

    /**
     * Writes a chunk and fsyncs it. Every chunk is durable before the next is written, so the
     * newest durable version never needs a chunk that a later write may overwrite.
     */
    private static void storeAndSync(MVStore store) {
        store.commit();
        store.sync();
    }

    @Override
    public long size() {
        FileStore<?> fs = current.store.getFileStore();
        return fs == null ? 0 : fs.size();
    }

    @Override
    public long sizeInUse() {
        FileStore<?> fs = current.store.getFileStore();
        if (fs == null) {
            return 0;
        }
        // Used blocks of the file, of which the live pages' share. MVStore's fill rate counts
        // chunk blocks only, so a fresh file would report 0; its two header blocks are in use.
        long headers = Math.min(fs.size(), 2L * 4096);
        return Math.max(headers, fs.size() * fs.getFillRate() / 100 * fs.getChunksFillRate() / 100);
    }

    /**
     * Copies every bucket into a fresh file, renames it over the old one and switches to it, as
     * etcd's defrag does. Views opened before keep reading the old file, which stays open
     * (unlinked) until the last of them closes. The writer waits meanwhile; readers do not.
     */
    @Override
    public void defragment() {
        acquireWriter();
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".defrag");
            Files.deleteIfExists(tmp);
            MVStore fresh = openStore(tmp);
            try {
                copyInto(fresh);
                storeAndSync(fresh);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                // The old file is untouched and still current; drop the partial copy.
                fresh.closeImmediately();
                Files.deleteIfExists(tmp);
                throw e;
            }
            syncDirectory(file.getParent());
            OpenStore old = current;
            pinLock.writeLock().lock();
            try {
                current = new OpenStore(fresh);
                maps = openMaps(fresh);
                published = Snapshot.of(maps);
            } finally {
                pinLock.writeLock().unlock();
            }
            old.retire();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            releaseWriter();
        }
    }

    private void copyInto(MVStore fresh) {
        for (var bucket : maps.entrySet()) {
            MVMap<byte[], byte[]> from = bucket.getValue();
            if (from.isEmpty()) {
                continue;
            }
            MVMap<byte[], byte[]> to = openMap(fresh, PREFIX + bucket.getKey());
            Cursor<byte[], byte[]> c = from.cursor(null);
            while (c.hasNext()) {
                to.put(c.next(), c.getValue());
                if (fresh.getUnsavedMemory() > autoStoreBytes) {
                    fresh.commit();
                }
            }
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir)) {
            ch.force(true);
        } catch (IOException e) {
            // Some platforms cannot fsync a directory; the rename is still atomic.
            LOG.log(Level.DEBUG, "cannot fsync directory {0}: {1}", dir, e);
        }
    }

    @Override
    public String name() {
        return "mvstore";
    }

    /** Waits for the write transaction, then writes what was committed and closes the file. */
    @Override
    public void close() {
        acquireWriter();
        try {
            MVStore store = current.store;
            if (!store.isClosed()) {
                storeAndSync(store);
                store.close();
                LOG.log(Level.INFO, "closed backend file {0}", file);
            }
        } finally {
            releaseWriter();
        }
    }

    /** For tests: drops the file like a crash would, without writing anything unsaved. */
    void crash() {
        current.closeNow();
    }
}
