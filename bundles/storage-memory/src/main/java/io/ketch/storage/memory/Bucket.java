package io.ketch.storage.memory;

import java.util.Arrays;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A named bucket: its keys in unsigned byte order, each with a version chain, and its entry count
 * as a version chain too so count() is O(1) at any version.
 */
final class Bucket {
    /** Rough bytes a key costs in the skip list besides its own bytes. */
    static final int KEY_OVERHEAD = 64;

    final String name;
    final ConcurrentSkipListMap<byte[], Versioned> entries = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);
    /** Counts as a chain of versions; written only by the writer, before it publishes. */
    volatile CountVersion counts;

    Bucket(String name) {
        this.name = name;
    }

    long count(long version) {
        for (CountVersion c = counts; c != null; c = c.older) {
            if (c.version <= version) {
                return c.count;
            }
        }
        return 0;
    }

    /** Records the count as of version, dropping counts no reader at floor or later can see. */
    void setCount(long version, long count, long floor) {
        counts = new CountVersion(version, count, CountVersion.prune(counts, floor));
    }

    static long keyBytes(byte[] key) {
        return KEY_OVERHEAD + key.length;
    }

    /** An immutable node of the count chain. */
    record CountVersion(long version, long count, CountVersion older, int length) {
        CountVersion(long version, long count, CountVersion older) {
            this(version, count, older, older == null ? 1 : older.length + 1);
        }

        /** As {@link Versioned#prune}: keeps what readers at floor or later can see. */
        static CountVersion prune(CountVersion head, long floor) {
            if (head == null || !(head.length <= 8 || (head.length & (head.length - 1)) == 0)) {
                return head;
            }
            java.util.ArrayList<CountVersion> newer = new java.util.ArrayList<>();
            CountVersion n = head;
            while (n != null && n.version > floor) {
                newer.add(n);
                n = n.older;
            }
            if (n == null || n.older == null) {
                return head;
            }
            CountVersion keep = new CountVersion(n.version, n.count, null);
            for (int i = newer.size() - 1; i >= 0; i--) {
                keep = new CountVersion(newer.get(i).version, newer.get(i).count, keep);
            }
            return keep;
        }
    }
}
