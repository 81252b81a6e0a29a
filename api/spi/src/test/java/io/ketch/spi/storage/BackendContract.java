package io.ketch.spi.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link Backend} must show. An implementation's test class extends this and
 * supplies {@link #open(Path)}; a durable backend also answers {@link #durable()} with true, and
 * then synced data must survive {@link #reopen()}. Randomised tests take their seed from
 * {@code -Dketch.seed} when given and print it in every failure.
 */
public abstract class BackendContract {
    /** Generous bound for waits that only a hang would exceed; never a timing assertion. */
    private static final long HANG_SECONDS = 60;

    @TempDir
    protected Path dir;

    /** The backend under test, opened on {@link #dir} before each test. */
    protected Backend backend;

    /** Opens (or, if data is there, reopens) a backend that keeps its files in dir. */
    protected abstract Backend open(Path dir);

    /** True when data synced before close must be there after reopening. */
    protected boolean durable() {
        return false;
    }

    /** Releases a backend; the default closes it if it is {@link AutoCloseable}. */
    protected void close(Backend b) throws Exception {
        if (b instanceof AutoCloseable c) {
            c.close();
        }
    }

    /** Closes the backend under test and opens it again on the same directory. */
    protected final void reopen() throws Exception {
        close(backend);
        backend = open(dir);
    }

    @BeforeEach
    final void openBackend() {
        backend = open(dir);
    }

    @AfterEach
    final void closeBackend() throws Exception {
        if (backend != null) {
            close(backend);
        }
    }

    static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    static String s(byte[] bytes) {
        return bytes == null ? null : new String(bytes, UTF_8);
    }

    protected final void put(String bucket, String key, String value) {
        try (WriteTxn w = backend.write()) {
            w.put(bucket, b(key), b(value));
            w.commit();
        }
    }

    protected final String get(String bucket, String key) {
        try (ReadTxn r = backend.read()) {
            return s(r.get(bucket, b(key)));
        }
    }

    static List<String> keys(ReadTxn r, String bucket, byte[] from, byte[] to) {
        List<String> out = new ArrayList<>();
        r.scan(bucket, from, to, (k, v) -> out.add(s(k)));
        return out;
    }

    @Test
    void getReturnsWhatPutStored() {
        put("key", "a", "1");
        assertEquals("1", get("key", "a"));
    }

    @Test
    void getOfMissingKeyOrBucketIsNull() {
        put("key", "a", "1");
        assertNull(get("key", "b"));
        assertNull(get("nobucket", "a"));
    }

    @Test
    void putOverwritesTheValue() {
        put("key", "a", "1");
        put("key", "a", "2");
        assertEquals("2", get("key", "a"));
    }

    @Test
    void deleteRemovesTheKeyAndIgnoresAbsentOnes() {
        put("key", "a", "1");
        try (WriteTxn w = backend.write()) {
            w.delete("key", b("a"));
            w.delete("key", b("absent"));
            w.delete("nobucket", b("a"));
            w.commit();
        }
        assertNull(get("key", "a"));
    }

    @Test
    void bucketsAreSeparateKeySpaces() {
        put("one", "k", "1");
        put("two", "k", "2");
        assertEquals("1", get("one", "k"));
        assertEquals("2", get("two", "k"));
    }

    @Test
    void keysAreOrderedAsUnsignedBytes() {
        byte[][] keys = {{(byte) 0xFF}, {0x01}, {(byte) 0x80}, {0x7F}, {0x01, 0x00}, {}};
        try (WriteTxn w = backend.write()) {
            for (byte[] k : keys) {
                w.put("key", k, k);
            }
            w.commit();
        }
        List<byte[]> seen = new ArrayList<>();
        try (ReadTxn r = backend.read()) {
            r.scan("key", new byte[0], null, (k, v) -> seen.add(k));
        }
        byte[][] expected = {{}, {0x01}, {0x01, 0x00}, {0x7F}, {(byte) 0x80}, {(byte) 0xFF}};
        assertEquals(expected.length, seen.size());
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], seen.get(i), "position " + i);
        }
    }

    private void putAll(String bucket, String... keys) {
        try (WriteTxn w = backend.write()) {
            for (String k : keys) {
                w.put(bucket, b(k), b("v" + k));
            }
            w.commit();
        }
    }

    @Test
    void scanIncludesFromAndExcludesTo() {
        putAll("key", "a", "b", "c", "d");
        try (ReadTxn r = backend.read()) {
            assertEquals(List.of("b", "c"), keys(r, "key", b("b"), b("d")));
            assertEquals(List.of("b", "c"), keys(r, "key", b("az"), b("cz")));
            assertEquals(List.of(), keys(r, "key", b("c"), b("c")));
        }
    }

    @Test
    void scanWithNullToRunsToTheEnd() {
        putAll("key", "a", "b", "c");
        try (ReadTxn r = backend.read()) {
            assertEquals(List.of("b", "c"), keys(r, "key", b("b"), null));
        }
    }

    @Test
    void scanPassesValuesWithKeys() {
        putAll("key", "a", "b");
        List<String> pairs = new ArrayList<>();
        try (ReadTxn r = backend.read()) {
            r.scan("key", b("a"), null, (k, v) -> pairs.add(s(k) + "=" + s(v)));
        }
        assertEquals(List.of("a=va", "b=vb"), pairs);
    }

    @Test
    void scanStopsWhenTheVisitorReturnsFalse() {
        putAll("key", "a", "b", "c", "d");
        List<String> seen = new ArrayList<>();
        try (ReadTxn r = backend.read()) {
            r.scan("key", b("a"), null, (k, v) -> seen.add(s(k)) && seen.size() < 2);
        }
        assertEquals(List.of("a", "b"), seen);
    }

    @Test
    void scanOfMissingBucketVisitsNothing() {
        try (ReadTxn r = backend.read()) {
            assertEquals(List.of(), keys(r, "nobucket", new byte[0], null));
        }
    }

    @Test
    void bucketsListsNonEmptyBucketsInOrder() {
        putAll("meta", "x");
        putAll("key", "x");
        putAll("alarm", "x");
        try (WriteTxn w = backend.write()) {
            w.delete("alarm", b("x"));
            w.commit();
        }
        try (ReadTxn r = backend.read()) {
            assertEquals(List.of("key", "meta"), r.buckets());
        }
    }

    @Test
    void countCountsTheEntriesOfABucket() {
        putAll("key", "a", "b", "c");
        putAll("meta", "a");
        try (ReadTxn r = backend.read()) {
            assertEquals(3, r.count("key"));
            assertEquals(1, r.count("meta"));
            assertEquals(0, r.count("nobucket"));
        }
    }

    @Test
    void deleteBucketRemovesAllItsEntries() {
        putAll("key", "a", "b", "c");
        putAll("meta", "a");
        try (WriteTxn w = backend.write()) {
            w.deleteBucket("key");
            w.deleteBucket("nobucket");
            w.commit();
        }
        try (ReadTxn r = backend.read()) {
            assertEquals(0, r.count("key"));
            assertNull(r.get("key", b("a")));
            assertEquals(List.of("meta"), r.buckets());
        }
    }

    @Test
    void bucketCanBeRefilledAfterDeleteInTheSameTxn() {
        putAll("key", "a", "b");
        try (WriteTxn w = backend.write()) {
            w.deleteBucket("key");
            w.put("key", b("c"), b("3"));
            assertEquals(List.of("c"), keys(w, "key", new byte[0], null));
            w.commit();
        }
        try (ReadTxn r = backend.read()) {
            assertEquals(List.of("c"), keys(r, "key", new byte[0], null));
        }
    }

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
        new BackendModelCheck(this, seed).run(3000);
    }

    /** A fixed-width big-endian key so numeric and byte order agree. */
    protected static byte[] key(int i) {
        return String.format("%08d", i).getBytes(UTF_8);
    }

    /** Puts keys 0..n-1 into bucket "key" with values of the given size, in batches. */
    protected final void writeNumbered(int n, int valueSize) {
        for (int start = 0; start < n; start += 1000) {
            try (WriteTxn w = backend.write()) {
                for (int i = start; i < Math.min(n, start + 1000); i++) {
                    w.put("key", key(i), new byte[valueSize]);
                }
                w.commit();
            }
        }
    }
}
