package io.ketch.spi.storage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An ordered, transactional byte store with named buckets: what etcd keeps in bbolt. Keys are
 * ordered as unsigned bytes. Readers see consistent views and never block the writer; there is one
 * writer at a time. The server core builds MVCC, snapshots, restore and hashes on these primitives,
 * so every backend produces the same snapshot stream and a member can move between backends.
 *
 * <p>Durability: {@link WriteTxn#commit()} makes a batch visible and atomic; {@link #sync()} makes
 * everything committed so far survive a crash. Raft's WAL carries durability between syncs, so a
 * backend may lose commits that were never synced, but never a part of one.
 */
@ProviderType
public interface Backend {
    /**
     * Opens a read view of everything committed before this call. Later commits are not seen.
     * Many views may be open at once; they never block the writer. Close it when done.
     */
    ReadTxn read();

    /**
     * Begins the write transaction. Only one is open at a time: a second call waits until the
     * first is committed or closed. It sees its own writes.
     */
    WriteTxn write();

    /** Forces every committed transaction to stable storage. */
    void sync();

    /** Bytes the store occupies (its file, or its memory). */
    long size();

    /** Bytes that live data needs; {@code size() - sizeInUse()} is what {@link #defragment()} frees. */
    long sizeInUse();

    /** Rewrites the store compactly, giving free space back; data and open views are unaffected. */
    void defragment();

    /** A short name for logs and status: "mvstore", "memory". */
    String name();
}
