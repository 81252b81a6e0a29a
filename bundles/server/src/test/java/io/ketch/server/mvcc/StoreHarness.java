package io.ketch.server.mvcc;

import com.google.protobuf.ByteString;
import io.ketch.proto.mvccpb.KeyValue;
import io.ketch.storage.memory.MemoryBackend;
import io.ketch.spi.storage.Backend;
import io.ketch.spi.storage.ReadTxn;
import io.ketch.spi.storage.WriteTxn;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/** An MvccStore on a test backend, one backend transaction per operation. */
final class StoreHarness {
    final Backend backend;
    MvccStore store;

    StoreHarness() {
        this(new MemoryBackend());
    }

    StoreHarness(Backend backend) {
        this.backend = backend;
        try (ReadTxn tx = backend.read()) {
            store = MvccStore.open(tx);
        }
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    long put(String key, String value) {
        return write(w -> w.put(b(key), ByteString.copyFromUtf8(value), 0));
    }

    long delete(String key, String end) {
        return write(w -> w.deleteRange(b(key), end == null ? null : b(end)));
    }

    <T> T write(Function<MvccWriter, T> f) {
        try (WriteTxn tx = backend.write()) {
            MvccWriter w = store.write(tx);
            T t = f.apply(w);
            w.end();
            tx.commit();
            return t;
        }
    }

    void compact(long rev) {
        try (WriteTxn tx = backend.write()) {
            store.compact(tx, rev);
            tx.commit();
        }
    }

    RangeResult range(String key, String end, long rev) {
        return range(b(key), end == null ? null : b(end), new RangeOptions(0, rev, false));
    }

    RangeResult range(byte[] key, byte[] end, RangeOptions ro) {
        try (ReadTxn tx = backend.read()) {
            return store.range(tx, key, end, ro);
        }
    }

    KeyValue get(String key, long rev) {
        List<KeyValue> kvs = range(key, null, rev).kvs();
        return kvs.isEmpty() ? null : kvs.get(0);
    }

    long records() {
        try (ReadTxn tx = backend.read()) {
            return tx.count(MvccStore.KEY_BUCKET);
        }
    }

    void reopen() {
        try (ReadTxn tx = backend.read()) {
            store = MvccStore.open(tx);
        }
    }

    HashResult hash(long rev) {
        try (ReadTxn tx = backend.read()) {
            return store.hashByRev(tx, rev);
        }
    }
}
