package io.ketch.storage.memory;

import java.util.ArrayList;
import java.util.List;

/**
 * One version of an entry: an immutable node in a newest-first chain. A null value is a
 * tombstone. Readers at version v see the newest node whose version is at most v; nodes are never
 * changed after publication, so readers need no locks.
 */
final class Versioned {
    /** Rough bytes a node costs besides its value: object header, fields, map linkage. */
    static final int NODE_OVERHEAD = 48;

    final long version;
    final byte[] value;
    final Versioned older;
    /** Nodes in this chain, this one included. */
    final int length;

    Versioned(long version, byte[] value, Versioned older) {
        this.version = version;
        this.value = value;
        this.older = older;
        this.length = older == null ? 1 : older.length + 1;
    }

    /**
     * Whether a write should try to prune this chain. A reader pinned at an old version keeps every
     * newer node alive, so pruning on every write would walk an ever longer chain; trying only at
     * short lengths and powers of two keeps the cost amortised O(1) per write.
     */
    boolean worthPruning() {
        return length <= 8 || (length & (length - 1)) == 0;
    }

    /** The value visible at version v, or null if absent or deleted then. */
    static byte[] visible(Versioned head, long v) {
        for (Versioned n = head; n != null; n = n.older) {
            if (n.version <= v) {
                return n.value;
            }
        }
        return null;
    }

    long bytes() {
        return NODE_OVERHEAD + (value == null ? 0 : value.length);
    }

    /**
     * The chain without versions no reader can see any more: every reader is at floor or later, so
     * the newest node at or below floor is the oldest one needed (and not even that if it is a
     * tombstone). Returns head itself when nothing can go; null when nothing is left.
     */
    static Versioned prune(Versioned head, long floor, long[] freedBytes) {
        List<Versioned> newer = new ArrayList<>(2);
        Versioned n = head;
        while (n != null && n.version > floor) {
            newer.add(n);
            n = n.older;
        }
        if (n == null || (n.older == null && n.value != null)) {
            return head;
        }
        // n is the oldest node still needed; its tail (and n itself if a tombstone) goes.
        Versioned keep = n.value == null ? null : new Versioned(n.version, n.value, null);
        for (Versioned dead = n.value == null ? n : n.older; dead != null; dead = dead.older) {
            freedBytes[0] += dead.bytes();
        }
        for (int i = newer.size() - 1; i >= 0; i--) {
            Versioned x = newer.get(i);
            keep = new Versioned(x.version, x.value, keep);
        }
        return keep;
    }
}
