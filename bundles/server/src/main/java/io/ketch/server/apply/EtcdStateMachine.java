package io.ketch.server.apply;

import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.proto.etcdserverpb.RangeResponse;
import io.ketch.proto.etcdserverpb.TxnRequest;
import io.ketch.proto.etcdserverpb.TxnResponse;
import io.ketch.proto.mvccpb.Event;
import io.ketch.server.lease.Lessor;
import io.ketch.server.mvcc.HashResult;
import io.ketch.server.mvcc.MvccStore;
import io.ketch.server.snapshot.BboltReader;
import io.ketch.spi.consensus.LogEntry;
import io.ketch.spi.consensus.StateMachine;
import io.ketch.spi.storage.Backend;
import io.ketch.spi.storage.ReadTxn;
import io.ketch.spi.storage.WriteTxn;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiFunction;
import java.util.zip.CRC32C;

/**
 * etcd's state machine on a {@link Backend}: applies each batch of committed entries in one write
 * transaction together with the consistent index, serves local reads, snapshots and restores, and
 * moves to another backend without losing a write. A read-write lock keeps readers out while a
 * batch, a restore or a swap runs, so a read never sees half a batch.
 */
public final class EtcdStateMachine implements StateMachine {
    private static final System.Logger LOG = System.getLogger("etcdserver");
    static final byte[] CONSISTENT_INDEX = "consistent_index".getBytes();

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ClusterState cluster = new ClusterState();
    private final Lessor lessor;
    private Backend backend;
    private MvccStore store;
    private Applier applier;
    private EntryApplier entries;
    private volatile long consistentIndex;
    private final List<CommitListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Opens the state kept in a backend, with etcd's default minimum lease TTL and the system clock. */
    public EtcdStateMachine(Backend backend) {
        this(backend, new Lessor(System::currentTimeMillis, Lessor.minTtl(100, 1000)));
    }

    /** Opens the state kept in a backend: rebuilds the key index and the leases, reads the consistent index. */
    public EtcdStateMachine(Backend backend, Lessor lessor) {
        this.backend = backend;
        this.lessor = lessor;
        try (ReadTxn tx = backend.read()) {
            store = MvccStore.open(tx);
            load(tx);
        }
        store.leaseHook(lessor);
        applier = new Applier(store, lessor);
        entries = new EntryApplier(applier, cluster);
    }

    private void load(ReadTxn tx) {
        byte[] ci = tx.get(MvccStore.META_BUCKET, CONSISTENT_INDEX);
        consistentIndex = ci == null ? 0 : java.nio.ByteBuffer.wrap(ci).getLong();
        cluster.load(tx);
        // every live key, to attach to its lease again
        lessor.reload(tx, store.range(tx, new byte[] {0}, new byte[0], io.ketch.server.mvcc.RangeOptions.ALL).kvs());
    }

    /** The leases. */
    public Lessor lessor() {
        return lessor;
    }

    @Override
    public long appliedIndex() {
        return consistentIndex;
    }

    @Override
    public List<Object> apply(List<LogEntry> batch) {
        List<Object> results = new ArrayList<>(batch.size());
        lock.writeLock().lock();
        try (WriteTxn tx = backend.write()) {
            long last = consistentIndex;
            try {
                for (LogEntry e : batch) {
                    if (e.index() <= last) {
                        results.add(null); // applied before a restart: etcd skips it too
                        continue;
                    }
                    last = e.index();
                    results.add(e.command() == null ? null : entries.apply(tx, e.command()));
                }
                tx.put(MvccStore.META_BUCKET, CONSISTENT_INDEX, longBytes(last));
                tx.commit();
            } catch (RuntimeException ex) {
                // the backend discards the batch; the in-memory index must forget it too
                tx.close();
                applier.drainEvents();
                reopen();
                throw ex;
            }
            consistentIndex = last;
            notifyListeners(applier.drainEvents());
        } finally {
            lock.writeLock().unlock();
        }
        return results;
    }

    @Override
    public long snapshot(OutputStream out) throws IOException {
        ReadTxn tx;
        long index;
        lock.readLock().lock();
        try {
            tx = backend.read();
            index = consistentIndex;
        } finally {
            lock.readLock().unlock();
        }
        try (tx) {
            BackendSnapshot.write(tx, out);
        }
        return index;
    }

    /** Also accepts a bbolt file (etcd's db or an etcdctl snapshot), so a member can start from etcd's data. */
    @Override
    public void restore(InputStream in, long index, long term) throws IOException {
        lock.writeLock().lock();
        try (WriteTxn tx = backend.write()) {
            for (String bucket : tx.buckets()) {
                tx.deleteBucket(bucket);
            }
            readSnapshot(in, tx);
            tx.put(MvccStore.META_BUCKET, CONSISTENT_INDEX, longBytes(index));
            tx.commit();
            reopen();
            LOG.log(System.Logger.Level.INFO, "restored snapshot at index " + index + ", term " + term);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Our own snapshot stream, or a bbolt file (an etcd db or etcdctl snapshot) for moving from etcd. */
    private static void readSnapshot(InputStream in, WriteTxn tx) throws IOException {
        java.io.PushbackInputStream peek = new java.io.PushbackInputStream(in, 24);
        byte[] head = peek.readNBytes(24);
        peek.unread(head);
        if (BboltReader.isBbolt(head)) {
            BboltReader.read(peek.readAllBytes(), tx::put);
        } else {
            BackendSnapshot.read(peek, tx);
        }
    }

    /**
     * Moves to another backend: with applies and reads held off, copies every bucket of the current
     * one into it in one write transaction, commits and syncs, then switches.
     */
    public void swapBackend(Backend next) {
        lock.writeLock().lock();
        try {
            if (next == backend) {
                return;
            }
            try (ReadTxn from = backend.read(); WriteTxn to = next.write()) {
                for (String bucket : to.buckets()) {
                    to.deleteBucket(bucket);
                }
                for (String bucket : from.buckets()) {
                    from.scan(bucket, new byte[0], null, (k, v) -> {
                        to.put(bucket, k, v);
                        return true;
                    });
                }
                to.commit();
            }
            next.sync();
            LOG.log(System.Logger.Level.INFO, "moved backend from " + backend.name() + " to " + next.name());
            backend = next;
            reopen();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void notifyListeners(List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        for (CommitListener l : listeners) {
            try {
                l.committed(events, store.currentRevision());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "commit listener failed", e);
            }
        }
    }

    /** Registers a listener for committed changes (the watch hub). */
    public void addCommitListener(CommitListener listener) {
        listeners.add(listener);
    }

    /** Unregisters a listener. */
    public void removeCommitListener(CommitListener listener) {
        listeners.remove(listener);
    }

    private void reopen() {
        try (ReadTxn tx = backend.read()) {
            store.rebuild(tx);
            load(tx);
        }
    }

    /** Runs a read against one committed view of the store, with writers held off. */
    public <T> T read(BiFunction<MvccStore, ReadTxn, T> reader) {
        lock.readLock().lock();
        try (ReadTxn tx = backend.read()) {
            return reader.apply(store, tx);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * A read view of the committed state, opened between batches so it never shows half of one;
     * the caller closes it. For long reads (a snapshot stream) that must not hold off applies.
     */
    public ReadTxn view() {
        lock.readLock().lock();
        try {
            return backend.read();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A local range (serializable, or after a read index). */
    public RangeResponse range(RangeRequest r) {
        return read((s, tx) -> RangeApplier.range(s.view(tx), r));
    }

    /** A local read-only txn. */
    public TxnResponse readOnlyTxn(TxnRequest r) {
        return read((s, tx) -> Applier.readOnlyTxn(s.view(tx), r));
    }

    /** etcd's HashKV up to a revision (0 = current). */
    public HashResult hashKV(long rev) {
        return read((s, tx) -> s.hashByRev(tx, rev));
    }

    /** etcd's Hash: CRC-32C over every bucket name, key and value, except the consistent index. */
    public long[] hash() {
        return read((s, tx) -> {
            CRC32C crc = new CRC32C();
            for (String bucket : tx.buckets()) {
                crc.update(bucket.getBytes());
                tx.scan(bucket, new byte[0], null, (k, v) -> {
                    if (!(bucket.equals(MvccStore.META_BUCKET) && java.util.Arrays.equals(k, CONSISTENT_INDEX))) {
                        crc.update(k);
                        crc.update(v);
                    }
                    return true;
                });
            }
            return new long[] {crc.getValue(), s.currentRevision()};
        });
    }

    /** The store's current revision. */
    public long currentRevision() {
        lock.readLock().lock();
        try {
            return store.currentRevision();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The backend in use now. */
    public Backend backend() {
        lock.readLock().lock();
        try {
            return backend;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Cluster version, member attributes and alarms. */
    public ClusterState cluster() {
        return cluster;
    }

    static byte[] longBytes(long v) {
        return java.nio.ByteBuffer.allocate(8).putLong(v).array();
    }
}
