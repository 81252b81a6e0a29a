package io.ketch.storage.mvstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ketch.spi.storage.Backend;
import io.ketch.spi.storage.BackendContract;
import io.ketch.spi.storage.ReadTxn;
import io.ketch.spi.storage.WriteTxn;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The storage contract on MVStore, plus crashes and the file layout. */
class MvStoreBackendTest extends BackendContract {
    @Override
    protected Backend open(Path dir) {
        return MvStoreBackend.open(dir, 16);
    }

    @Override
    protected boolean durable() {
        return true;
    }

    private MvStoreBackend mv() {
        return (MvStoreBackend) backend;
    }

    private void crashAndReopen() {
        mv().crash();
        backend = open(dir);
    }

    private void putRange(String bucket, int from, int to) {
        try (WriteTxn w = backend.write()) {
            for (int i = from; i < to; i++) {
                w.put(bucket, key(i), key(i));
            }
            w.commit();
        }
    }

    @Test
    void storeFileIsSnapDbMvUnderTheDataDir() {
        putRange("key", 0, 1);
        backend.sync();
        assertTrue(Files.isRegularFile(dir.resolve("snap").resolve("db.mv")));
        assertEquals("mvstore", backend.name());
    }

    @Test
    void freshStoreReportsItsHeaderBlocksInUse() {
        // etcdctl leaves dbSizeInUse out of its JSON when it is 0; etcd never reports 0.
        assertTrue(backend.sizeInUse() > 0, "sizeInUse of a fresh store: " + backend.sizeInUse());
        putRange("key", 0, 1);
        assertTrue(backend.sizeInUse() > 0, "sizeInUse before the first sync: " + backend.sizeInUse());
        assertTrue(backend.sizeInUse() <= backend.size());
    }

    @Test
    void syncedCommitsSurviveACrash() {
        putRange("key", 0, 500);
        backend.sync();
        crashAndReopen();
        try (ReadTxn r = backend.read()) {
            assertEquals(500, r.count("key"));
            assertArrayEquals(key(499), r.get("key", key(499)));
        }
    }

    @Test
    void aCrashLosesUnsyncedCommitsWholeOrNotAtAll() {
        putRange("key", 0, 10);
        backend.sync();
        putRange("key", 10, 1010);
        crashAndReopen();
        try (ReadTxn r = backend.read()) {
            long n = r.count("key");
            assertTrue(n == 10 || n == 1010, "partial commit survived: " + n);
        }
    }

    @Test
    void anOpenTransactionNeverReachesTheFile() {
        // Auto-store after every commit: the file gets every commit, but still no open txn.
        mv().close();
        backend = MvStoreBackend.open(dir, 16, 0);
        putRange("key", 0, 10);
        WriteTxn w = backend.write();
        for (int i = 10; i < 5000; i++) {
            w.put("key", key(i), new byte[100]);
        }
        crashAndReopen();
        try (ReadTxn r = backend.read()) {
            assertEquals(10, r.count("key"));
            assertNull(r.get("key", key(10)));
        }
    }

    @Test
    void syncWhileHoldingTheWriteTxnIsRefused() {
        try (WriteTxn w = backend.write()) {
            assertThrows(IllegalStateException.class, backend::sync);
        }
    }

    @Test
    void hundredThousandSingleKeyCommits() {
        long start = System.nanoTime();
        for (int i = 0; i < 100_000; i++) {
            try (WriteTxn w = backend.write()) {
                w.put("key", key(i), key(i));
                w.commit();
            }
        }
        long committed = System.nanoTime();
        backend.sync();
        long synced = System.nanoTime();
        System.out.printf("mvstore: 100000 single-key commits in %d ms, then sync in %d ms, file %d bytes%n",
                (committed - start) / 1_000_000, (synced - committed) / 1_000_000, backend.size());
        try (ReadTxn r = backend.read()) {
            assertEquals(100_000, r.count("key"));
        }
    }

    @Test
    void defragmentShrinksAFileGrownBySmallSyncedCommits() {
        long start = System.nanoTime();
        for (int i = 0; i < 500; i++) {
            putRange("key", i * 10, i * 10 + 10);
            backend.sync();
        }
        long grown = backend.size();
        System.out.printf("mvstore: 500 synced commits of 10 keys in %d ms, file %d bytes, in use %d%n",
                (System.nanoTime() - start) / 1_000_000, grown, backend.sizeInUse());
        backend.defragment();
        System.out.printf("mvstore: after defragment file %d bytes, in use %d%n", backend.size(), backend.sizeInUse());
        assertTrue(backend.size() < grown / 2, "defragment left " + backend.size() + " of " + grown);
        try (ReadTxn r = backend.read()) {
            assertEquals(5000, r.count("key"));
        }
    }
}
