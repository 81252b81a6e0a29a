package io.ketch.server.mvcc;

/**
 * An MVCC revision as etcd defines it: the main revision of a write transaction and the sub
 * revision of one change inside it. Encoded in the {@code key} bucket as 8 bytes of main (big
 * endian), '_', 8 bytes of sub, plus a trailing 't' for a tombstone.
 */
public record Revision(long main, long sub) implements Comparable<Revision> {
    /** Length of an encoded revision without the tombstone mark. */
    public static final int BYTES = 17;
    private static final byte TOMBSTONE = 't';

    /** The encoded bucket key; a tombstone gets etcd's trailing 't'. */
    public byte[] toBytes(boolean tombstone) {
        byte[] b = new byte[tombstone ? BYTES + 1 : BYTES];
        putLong(b, 0, main);
        b[8] = '_';
        putLong(b, 9, sub);
        if (tombstone) {
            b[BYTES] = TOMBSTONE;
        }
        return b;
    }

    /** The revision in an encoded bucket key (the tombstone mark is ignored). */
    public static Revision fromBytes(byte[] b) {
        return new Revision(getLong(b, 0), getLong(b, 9));
    }

    /** Whether an encoded bucket key marks a tombstone. */
    public static boolean isTombstone(byte[] b) {
        return b.length == BYTES + 1 && b[BYTES] == TOMBSTONE;
    }

    /** The smallest encoded key of a main revision: a scan bound. */
    public static byte[] lowerBound(long main) {
        byte[] b = new byte[8];
        putLong(b, 0, main);
        return b;
    }

    @Override
    public int compareTo(Revision o) {
        int c = Long.compare(main, o.main);
        return c != 0 ? c : Long.compare(sub, o.sub);
    }

    static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }
}
