package io.ketch.spi.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Backend} must show. An implementation's test class extends this and
 * supplies {@link #open(Path)}; a durable backend also answers {@link #durable()} with true, and
 * then synced data must survive {@link #reopen()}. Randomised tests take their seed from
 * {@code -Dketch.seed} when given and print it in every failure.
 */
public abstract class BackendContract extends BackendReadWriteContract {
    @Test
    void writeTxnReadsItsOwnWrites() {
        putAll("key", "a", "b");
        try (WriteTxn w = backend.write()) {
            w.put("key", b("c"), b("3"));
            w.delete("key", b("a"));
            w.put("lease", b("1"), b("l"));
            assertEquals("3", s(w.get("key", b("c"))));
            assertNull(w.get("key", b("a")));
            assertEquals(List.of("b", "c"), keys(w, "key", new byte[0], null));
            assertEquals(2, w.count("key"));
            assertEquals(List.of("key", "lease"), w.buckets());
        }
    }

    @Test
    void uncommittedWritesAreInvisibleToReaders() {
        putAll("key", "a");
        try (WriteTxn w = backend.write()) {
            w.put("key", b("b"), b("2"));
            w.delete("key", b("a"));
            try (ReadTxn r = backend.read()) {
                assertEquals(List.of("a"), keys(r, "key", new byte[0], null));
                assertEquals(1, r.count("key"));
            }
        }
    }

    @Test
    void closeWithoutCommitDiscardsEveryWrite() {
        putAll("key", "a", "b");
        try (WriteTxn w = backend.write()) {
            w.put("key", b("a"), b("changed"));
            w.delete("key", b("b"));
            w.put("key", b("c"), b("3"));
            w.put("other", b("x"), b("y"));
            w.deleteBucket("key");
        }
        try (ReadTxn r = backend.read()) {
            assertEquals(List.of("a", "b"), keys(r, "key", new byte[0], null));
            assertEquals("va", s(r.get("key", b("a"))));
            assertEquals(List.of("key"), r.buckets());
        }
    }

    @Test
    void readViewDoesNotSeeALaterCommit() {
        putAll("key", "a");
        try (ReadTxn r = backend.read()) {
            try (WriteTxn w = backend.write()) {
                w.put("key", b("a"), b("new"));
                w.put("key", b("b"), b("2"));
                w.deleteBucket("meta");
                w.commit();
            }
            assertEquals("va", s(r.get("key", b("a"))));
            assertEquals(List.of("a"), keys(r, "key", new byte[0], null));
            assertEquals(1, r.count("key"));
        }
        assertEquals("new", get("key", "a"));
    }

    @Test
    void readViewNeverBlocksTheWriter() throws Exception {
        putAll("key", "a");
        try (ReadTxn r = backend.read()) {
            CountDownLatch committed = new CountDownLatch(1);
            Thread writer = new Thread(() -> {
                put("key", "b", "2");
                committed.countDown();
            });
            writer.start();
            assertTrue(committed.await(HANG_SECONDS, TimeUnit.SECONDS), "writer was blocked by a reader");
            assertNull(r.get("key", b("b")));
        }
    }

    @Test
    void secondWriterWaitsUntilTheFirstEnds() throws Exception {
        AtomicBoolean acquired = new AtomicBoolean();
        AtomicReference<String> seen = new AtomicReference<>();
        Thread second;
        try (WriteTxn first = backend.write()) {
            first.put("key", b("a"), b("first"));
            second = new Thread(() -> {
                try (WriteTxn w = backend.write()) {
                    acquired.set(true);
                    seen.set(s(w.get("key", b("a"))));
                }
            });
            second.start();
            awaitParked(second);
            assertFalse(acquired.get(), "second write() returned while the first was open");
            first.commit();
        }
        second.join(TimeUnit.SECONDS.toMillis(HANG_SECONDS));
        assertTrue(acquired.get(), "second write() never returned");
        assertEquals("first", seen.get(), "second writer must see the first one's commit");
    }

    /** Spins until the thread is parked (waiting on a lock) or finished: no sleeps. */
    private static void awaitParked(Thread t) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_SECONDS);
        while (System.nanoTime() < deadline) {
            Thread.State state = t.getState();
            if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
                    || state == Thread.State.BLOCKED || state == Thread.State.TERMINATED) {
                return;
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void defragmentKeepsDataAndDoesNotRaiseSize() {
        writeNumbered(5000, 200);
        try (WriteTxn w = backend.write()) {
            for (int i = 0; i < 5000; i += 2) {
                w.delete("key", key(i));
            }
            w.commit();
        }
        backend.sync();
        long before = backend.size();
        backend.defragment();
        assertTrue(backend.size() <= before, "size grew from " + before + " to " + backend.size());
        try (ReadTxn r = backend.read()) {
            assertEquals(2500, r.count("key"));
            for (int i = 1; i < 5000; i += 2) {
                assertEquals(200, r.get("key", key(i)).length, "key " + i);
            }
        }
    }

    @Test
    void sizeInUseIsAtMostSize() {
        writeNumbered(2000, 100);
        backend.sync();
        assertTrue(backend.size() > 0);
        assertTrue(backend.sizeInUse() <= backend.size(), backend.sizeInUse() + " > " + backend.size());
    }

    @Test
    void largeValueRoundTrips() {
        byte[] big = new byte[1 << 20];
        new Random(42).nextBytes(big);
        try (WriteTxn w = backend.write()) {
            w.put("key", b("big"), big);
            w.commit();
        }
        try (ReadTxn r = backend.read()) {
            assertArrayEquals(big, r.get("key", b("big")));
        }
    }

    @Test
    void manyKeysAreKeptInOrder() {
        writeNumbered(20_000, 16);
        try (ReadTxn r = backend.read()) {
            assertEquals(20_000, r.count("key"));
            int[] next = {0};
            r.scan("key", new byte[0], null, (k, v) -> {
                assertArrayEquals(key(next[0]++), k);
                return true;
            });
            assertEquals(20_000, next[0]);
        }
    }

    @Test
    void manySmallCommitsAreAllVisible() {
        for (int i = 0; i < 3000; i++) {
            try (WriteTxn w = backend.write()) {
                w.put("key", key(i), key(i));
                w.commit();
            }
        }
        try (ReadTxn r = backend.read()) {
            assertEquals(3000, r.count("key"));
            assertArrayEquals(key(2999), r.get("key", key(2999)));
        }
    }

    @Test
    void readViewStaysIntactAcrossCommitsSyncsAndDefragment() {
        writeNumbered(3000, 64);
        try (ReadTxn r = backend.read()) {
            for (int round = 0; round < 20; round++) {
                try (WriteTxn w = backend.write()) {
                    for (int i = round; i < 3000; i += 7) {
                        w.put("key", key(i), new byte[64 + round]);
                    }
                    w.delete("key", key(round));
                    w.commit();
                }
                backend.sync();
            }
            backend.defragment();
            assertEquals(3000, r.count("key"));
            int[] seen = {0};
            r.scan("key", new byte[0], null, (k, v) -> {
                assertEquals(64, v.length, "value length of " + s(k));
                seen[0]++;
                return true;
            });
            assertEquals(3000, seen[0]);
        }
    }

    @Test
    void concurrentViewsAlwaysSeeWholeCommits() throws Exception {
        int commits = 1500;
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 1; i <= commits && failure.get() == null; i++) {
                    try (WriteTxn w = backend.write()) {
                        // 20 keys move to new slots each commit: a torn view shows more or fewer.
                        for (int k = 0; k < 20; k++) {
                            for (int slot = 0; slot < 7; slot++) {
                                if (slot == i % 7) {
                                    w.put("key", key(k * 1000 + slot), b("v" + i));
                                } else {
                                    w.delete("key", key(k * 1000 + slot));
                                }
                            }
                        }
                        w.commit();
                    }
                    if (i % 10 == 0) {
                        backend.sync();
                    }
                    if (i % 500 == 0) {
                        backend.defragment();
                    }
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                done.set(true);
            }
        });
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            readers.add(new Thread(() -> checkViewsUntil(done, failure)));
        }
        writer.start();
        readers.forEach(Thread::start);
        writer.join();
        for (Thread r : readers) {
            r.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("concurrent check failed: " + failure.get(), failure.get());
        }
    }

    /** Each view must hold 0 or 20 entries, all with one value, and keep showing the same. */
    private void checkViewsUntil(AtomicBoolean done, AtomicReference<Throwable> failure) {
        try {
            while (!done.get() && failure.get() == null) {
                try (ReadTxn r = backend.read()) {
                    String first = wholeCommit(r);
                    for (int again = 0; again < 3; again++) {
                        Thread.yield();
                        assertEquals(first, wholeCommit(r), "a view changed under its reader");
                    }
                }
            }
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    private static String wholeCommit(ReadTxn r) {
        List<String> values = new ArrayList<>();
        r.scan("key", new byte[0], null, (k, v) -> values.add(s(v)));
        assertTrue(values.isEmpty() || values.size() == 20, "torn commit: " + values.size() + " entries");
        assertEquals(values.size(), r.count("key"), "count disagrees with scan");
        assertTrue(values.stream().distinct().count() <= 1, "torn commit: " + values);
        return values.isEmpty() ? "" : values.get(0);
    }

    @Test
    void syncedDataSurvivesReopen() throws Exception {
        assumeTrue(durable(), "not a durable backend");
        writeNumbered(1000, 32);
        putAll("meta", "consistent_index");
        backend.sync();
        reopen();
        try (ReadTxn r = backend.read()) {
            assertEquals(1000, r.count("key"));
            assertEquals("vconsistent_index", s(r.get("meta", b("consistent_index"))));
            assertEquals(List.of("key", "meta"), r.buckets());
        }
    }

    @Test
    void randomOperationsMatchASortedMapModel() throws Exception {
        long seed = Long.getLong("ketch.seed", System.nanoTime());
        System.out.println(getClass().getSimpleName() + " model test seed=" + seed);
        new BackendModelCheck(this, seed).run(3000);
    }

}
