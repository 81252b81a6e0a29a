package io.ketch.storage.mvstore;

import io.ketch.spi.storage.WriteTxn;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

/**
 * The write transaction: it writes straight into the live maps, which views never read (they
 * read the published snapshot), and reads the live maps, so it sees its own writes. Commit
 * publishes the live roots. Abort puts back, from the snapshot the transaction started on, every
 * key it touched and every bucket it cleared.
 */
final class MvStoreWriteTxn extends MvStoreRead implements WriteTxn {
    private final MvStoreBackend backend;
    private final Snapshot start;
    private final Map<String, Set<byte[]>> touched = new HashMap<>();
    private final Set<String> cleared = new HashSet<>();
    private boolean ended;

    MvStoreWriteTxn(MvStoreBackend backend, Snapshot start) {
        this.backend = backend;
        this.start = start;
    }

    @Override
    Snapshot.Root root(String bucket) {
        MVMap<byte[], byte[]> map = backend.maps.get(bucket);
        return map == null ? null : new Snapshot.Root(map, map.flushAndGetRoot());
    }

    @Override
    Collection<String> names() {
        return backend.maps.keySet();
    }

    @Override
    public void put(String bucket, byte[] key, byte[] value) {
        checkOpen();
        touch(bucket, key);
        backend.mapFor(bucket).put(key.clone(), value.clone());
    }

    @Override
    public void delete(String bucket, byte[] key) {
        checkOpen();
        MVMap<byte[], byte[]> map = backend.maps.get(bucket);
        if (map != null && map.containsKey(key)) {
            touch(bucket, key);
            map.remove(key);
        }
    }

    @Override
    public void deleteBucket(String bucket) {
        checkOpen();
        MVMap<byte[], byte[]> map = backend.maps.get(bucket);
        if (map != null && !map.isEmpty()) {
            cleared.add(bucket);
            touched.remove(bucket);
            map.clear();
        }
    }

    private void touch(String bucket, byte[] key) {
        if (!cleared.contains(bucket)) {
            touched.computeIfAbsent(bucket, b -> new TreeSet<>(Arrays::compareUnsigned)).add(key.clone());
        }
    }

    @Override
    public void commit() {
        checkOpen();
        ended = true;
        backend.endWrite(true);
    }

    @Override
    public void close() {
        if (ended) {
            return;
        }
        ended = true;
        try {
            undo();
        } finally {
            backend.endWrite(false);
        }
    }

    private void undo() {
        for (String bucket : cleared) {
            MVMap<byte[], byte[]> map = backend.maps.get(bucket);
            map.clear();
            Snapshot.Root before = start.roots().get(bucket);
            if (before != null) {
                Cursor<byte[], byte[]> c = new Cursor<>(before.ref(), null, null);
                while (c.hasNext()) {
                    map.put(c.next(), c.getValue());
                }
            }
        }
        touched.forEach((bucket, keys) -> {
            MVMap<byte[], byte[]> map = backend.maps.get(bucket);
            Snapshot.Root before = start.roots().get(bucket);
            for (byte[] key : keys) {
                byte[] old = before == null ? null : before.map().get(before.ref().root, key);
                if (old == null) {
                    map.remove(key);
                } else {
                    map.put(key, old);
                }
            }
        });
    }

    private void checkOpen() {
        if (ended) {
            throw new IllegalStateException("write transaction already ended");
        }
    }
}
