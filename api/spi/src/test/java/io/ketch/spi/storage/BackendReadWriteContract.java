package io.ketch.spi.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract's single-transaction part: gets, puts, deletes, order, scans, buckets, counts. */
public abstract class BackendReadWriteContract extends BackendFixture {
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
}
