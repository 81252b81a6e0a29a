package io.ketch.spi.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Drives a {@link Backend} with a seeded random sequence of puts, deletes, bucket deletes,
 * commits, aborts, read views, syncs (and reopens, for a durable backend) and checks every read
 * against a {@code TreeMap} model ordered as unsigned bytes. Every failure names the seed.
 */
final class BackendModelCheck {
    private static final String[] BUCKETS = {"key", "meta", "lease", "a"};
    private static final byte[] ALPHABET = {0x00, 0x01, 0x61, 0x7F, (byte) 0x80, (byte) 0xFF};

    private record View(ReadTxn txn, TreeMap<String, TreeMap<byte[], byte[]>> model) {}

    private final BackendFixture test;
    private final long seed;
    private final Random random;
    private TreeMap<String, TreeMap<byte[], byte[]>> committed = new TreeMap<>();
    private TreeMap<String, TreeMap<byte[], byte[]>> pending;
    private WriteTxn txn;
    private final List<View> views = new ArrayList<>();

    BackendModelCheck(BackendFixture test, long seed) {
        this.test = test;
        this.seed = seed;
        this.random = new Random(seed);
    }

    void run(int operations) throws Exception {
        int op = 0;
        try {
            for (; op < operations; op++) {
                step();
            }
            if (txn != null) {
                commit();
            }
            for (View v : views) {
                checkAll(v.txn(), v.model());
                v.txn().close();
            }
            views.clear();
            try (ReadTxn r = test.backend.read()) {
                checkAll(r, committed);
            }
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed=" + seed + " (rerun with -Dketch.seed=" + seed + "), operation "
                    + op + ": " + e.getMessage(), e);
        }
    }

    private void step() throws Exception {
        int dice = random.nextInt(100);
        if (dice < 35) {
            String bucket = bucket();
            byte[] key = key();
            byte[] value = value();
            writer().put(bucket, key.clone(), value.clone());
            bucketOf(pending, bucket).put(key, value);
        } else if (dice < 50) {
            String bucket = bucket();
            byte[] key = key();
            writer().delete(bucket, key);
            bucketOf(pending, bucket).remove(key);
        } else if (dice < 52) {
            String bucket = bucket();
            writer().deleteBucket(bucket);
            pending.remove(bucket);
        } else if (dice < 62) {
            if (txn != null) {
                commit();
            }
        } else if (dice < 66) {
            if (txn != null) {
                txn.close();
                txn = null;
                pending = null;
            }
        } else if (dice < 76) {
            if (txn != null) {
                checkSome(txn, pending);
            }
        } else if (dice < 79) {
            if (views.size() < 3) {
                views.add(new View(test.backend.read(), copy(committed)));
            }
        } else if (dice < 90) {
            if (!views.isEmpty()) {
                View v = views.get(random.nextInt(views.size()));
                checkSome(v.txn(), v.model());
            }
        } else if (dice < 95) {
            if (!views.isEmpty()) {
                views.remove(random.nextInt(views.size())).txn().close();
            }
        } else if (dice < 98) {
            if (txn == null) {
                test.backend.sync();
            }
        } else {
            maybeReopen();
        }
    }

    private String bucket() {
        return BUCKETS[random.nextInt(BUCKETS.length)];
    }

    private byte[] key() {
        byte[] k = new byte[random.nextInt(4)];
        for (int i = 0; i < k.length; i++) {
            k[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return k;
    }

    private byte[] value() {
        byte[] v = new byte[random.nextInt(12)];
        random.nextBytes(v);
        return v;
    }

    private WriteTxn writer() {
        if (txn == null) {
            txn = test.backend.write();
            pending = copy(committed);
        }
        return txn;
    }

    private void commit() {
        txn.commit();
        txn = null;
        committed = pending;
        pending = null;
        committed.values().removeIf(Map::isEmpty);
    }

    private void maybeReopen() throws Exception {
        if (!test.durable() || txn != null || !views.isEmpty()) {
            return;
        }
        test.backend.sync();
        test.reopen();
        try (ReadTxn r = test.backend.read()) {
            checkAll(r, committed);
        }
    }

    private void checkSome(ReadTxn r, TreeMap<String, TreeMap<byte[], byte[]>> model) {
        String bucket = bucket();
        byte[] key = key();
        TreeMap<byte[], byte[]> entries = bucketOf(model, bucket);
        assertArrayEquals(entries.get(key), r.get(bucket, key), () -> "get " + bucket + "/" + hex(key));
        assertEquals(entries.size(), r.count(bucket), () -> "count " + bucket);
        byte[] from = key();
        byte[] to = random.nextBoolean() ? null : key();
        checkScan(r, entries, bucket, from, to);
        assertEquals(nonEmpty(model), r.buckets(), "buckets");
    }

    private void checkAll(ReadTxn r, TreeMap<String, TreeMap<byte[], byte[]>> model) {
        assertEquals(nonEmpty(model), r.buckets(), "buckets");
        for (String bucket : BUCKETS) {
            TreeMap<byte[], byte[]> entries = bucketOf(model, bucket);
            assertEquals(entries.size(), r.count(bucket), () -> "count " + bucket);
            checkScan(r, entries, bucket, new byte[0], null);
        }
    }

    private static void checkScan(ReadTxn r, TreeMap<byte[], byte[]> entries, String bucket,
                                  byte[] from, byte[] to) {
        Map<byte[], byte[]> expected = to == null ? entries.tailMap(from, true)
                : Arrays.compareUnsigned(from, to) >= 0 ? Map.of() : entries.subMap(from, true, to, false);
        List<String> want = new ArrayList<>();
        expected.forEach((k, v) -> want.add(hex(k) + "=" + hex(v)));
        List<String> got = new ArrayList<>();
        r.scan(bucket, from, to, (k, v) -> got.add(hex(k) + "=" + hex(v)));
        assertEquals(want, got, () -> "scan " + bucket + " [" + hex(from) + ", " + (to == null ? "end" : hex(to)) + ")");
    }

    private static List<String> nonEmpty(TreeMap<String, TreeMap<byte[], byte[]>> model) {
        List<String> names = new ArrayList<>();
        model.forEach((name, entries) -> {
            if (!entries.isEmpty()) {
                names.add(name);
            }
        });
        return names;
    }

    private static TreeMap<byte[], byte[]> bucketOf(TreeMap<String, TreeMap<byte[], byte[]>> model, String bucket) {
        return model.computeIfAbsent(bucket, b -> new TreeMap<>(Arrays::compareUnsigned));
    }

    private static TreeMap<String, TreeMap<byte[], byte[]>> copy(TreeMap<String, TreeMap<byte[], byte[]>> model) {
        TreeMap<String, TreeMap<byte[], byte[]>> out = new TreeMap<>();
        model.forEach((name, entries) -> out.put(name, new TreeMap<>(entries)));
        return out;
    }

    static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte x : bytes) {
            sb.append(String.format("%02x", x & 0xFF));
        }
        return sb.toString();
    }
}
