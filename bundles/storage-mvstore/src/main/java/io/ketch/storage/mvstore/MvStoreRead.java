package io.ketch.storage.mvstore;

import io.ketch.spi.storage.EntryVisitor;
import io.ketch.spi.storage.ReadTxn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.h2.mvstore.Cursor;

/** Reads through bucket roots; subclasses say which roots (a snapshot's, or the live ones). */
abstract class MvStoreRead implements ReadTxn {
    /** The bucket's root to read, or null if the bucket does not exist here. */
    abstract Snapshot.Root root(String bucket);

    /** The names of the buckets that may exist here, in ascending order. */
    abstract Collection<String> names();

    @Override
    public byte[] get(String bucket, byte[] key) {
        Snapshot.Root r = root(bucket);
        if (r == null) {
            return null;
        }
        byte[] v = r.map().get(r.ref().root, key);
        return v == null ? null : v.clone();
    }

    @Override
    public void scan(String bucket, byte[] from, byte[] to, EntryVisitor visitor) {
        Snapshot.Root r = root(bucket);
        if (r == null || (to != null && Arrays.compareUnsigned(from, to) >= 0)) {
            return;
        }
        // The cursor's upper bound is inclusive, so the exclusive one is checked here.
        Cursor<byte[], byte[]> cursor = new Cursor<>(r.ref(), from, null);
        while (cursor.hasNext()) {
            byte[] k = cursor.next();
            if (to != null && Arrays.compareUnsigned(k, to) >= 0) {
                return;
            }
            if (!visitor.visit(k.clone(), cursor.getValue().clone())) {
                return;
            }
        }
    }

    @Override
    public long count(String bucket) {
        Snapshot.Root r = root(bucket);
        return r == null ? 0 : r.count();
    }

    @Override
    public List<String> buckets() {
        List<String> out = new ArrayList<>();
        for (String name : names()) {
            if (count(name) > 0) {
                out.add(name);
            }
        }
        return out;
    }
}
