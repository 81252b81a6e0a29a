package io.ketch.server.mvcc;

import com.google.protobuf.ByteString;
import io.ketch.proto.mvccpb.Event;
import io.ketch.proto.mvccpb.KeyValue;
import io.ketch.spi.storage.WriteTxn;
import java.util.List;

/**
 * One MVCC write transaction (etcd's storeTxnWrite): every change gets main revision
 * {@code beginRev + 1} and the next sub revision; reads see the changes made so far.
 */
public final class MvccWriter implements KvView {
    private final MvccStore store;
    private final KeyTree index;
    private final WriteTxn tx;
    private final long beginRev;
    private int changes;
    private final List<Event> events;

    MvccWriter(MvccStore store, KeyTree index, WriteTxn tx, long beginRev, List<Event> events) {
        this.events = events;
        this.store = store;
        this.index = index;
        this.tx = tx;
        this.beginRev = beginRev;
    }

    /** The revision before this transaction (etcd's txn.Rev()). */
    @Override
    public long rev() {
        return beginRev;
    }

    /** Whether anything was written. */
    public boolean changed() {
        return changes > 0;
    }

    @Override
    public long firstRev() {
        return store.compactRevision();
    }

    /** A range that sees this transaction's own changes. */
    @Override
    public RangeResult range(byte[] key, byte[] end, RangeOptions ro) {
        return store.rangeKeys(tx, key, end, ro, changes > 0 ? beginRev + 1 : beginRev);
    }

    /** Puts a key; returns the revision it was written at. */
    public long put(byte[] key, ByteString value, long lease) {
        long rev = beginRev + 1;
        KeyIndex ki = index.get(key);
        KeyIndex.Found found = ki == null ? null : ki.get(rev);
        long created = found == null ? rev : found.created().main();
        long version = found == null ? 1 : found.version() + 1;
        Revision idx = new Revision(rev, changes);
        KeyValue kv = KeyValue.newBuilder()
                .setKey(ByteString.copyFrom(key))
                .setValue(value)
                .setCreateRevision(created)
                .setModRevision(rev)
                .setVersion(version)
                .setLease(lease)
                .build();
        tx.put(MvccStore.KEY_BUCKET, idx.toBytes(false), kv.toByteArray());
        index.getOrCreate(key).put(idx);
        store.leaseHook().put(key, lease);
        events.add(Event.newBuilder().setType(Event.EventType.PUT).setKv(kv).build());
        changes++;
        return rev;
    }

    /** Deletes the live keys in the range; returns how many. */
    public long deleteRange(byte[] key, byte[] end) {
        long rrev = changes > 0 ? beginRev + 1 : beginRev;
        List<byte[]> keys = index.liveKeys(key, end, rrev);
        for (byte[] k : keys) {
            Revision idx = new Revision(beginRev + 1, changes);
            KeyValue kv = KeyValue.newBuilder().setKey(ByteString.copyFrom(k)).build();
            tx.put(MvccStore.KEY_BUCKET, idx.toBytes(true), kv.toByteArray());
            index.get(k).tombstone(idx);
            store.leaseHook().deleted(k);
            // as etcd's watchable store reports a delete: the key and the revision of the delete
            events.add(Event.newBuilder().setType(Event.EventType.DELETE)
                    .setKv(kv.toBuilder().setModRevision(beginRev + 1)).build());
            changes++;
        }
        return keys.size();
    }

    /** The revision a delete reports: the new one if anything changed, else the current one. */
    public long deleteRevision(long deleted) {
        return deleted != 0 || changes > 0 ? beginRev + 1 : beginRev;
    }

    /** Ends the transaction: the store's revision moves on if anything changed. */
    public void end() {
        if (changes > 0) {
            store.advance();
        }
    }
}
