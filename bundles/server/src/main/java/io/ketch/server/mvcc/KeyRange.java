package io.ketch.server.mvcc;

import com.google.protobuf.ByteString;

/** etcd's key/range_end conventions, turned into a range end for the store. */
public final class KeyRange {
    private static final byte[] ALL_FROM_KEY = new byte[0];

    private KeyRange() {
    }

    /**
     * The store's end for a request's range_end: null for a single key (empty range_end), an empty
     * array for "every key >= key" (range_end "\0", etcd's mkGteRange), else the bytes.
     */
    public static byte[] end(ByteString rangeEnd) {
        if (rangeEnd.isEmpty()) {
            return null;
        }
        if (rangeEnd.size() == 1 && rangeEnd.byteAt(0) == 0) {
            return ALL_FROM_KEY;
        }
        return rangeEnd.toByteArray();
    }
}
