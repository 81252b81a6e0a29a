package io.ketch.server.watch;

import java.util.Arrays;

/**
 * The keys a watcher watches, with etcd's encoding: end null is the one key, an empty end is every
 * key from key on (the client sent "\0"), otherwise the half-open range [key, end).
 */
record KeySpan(byte[] key, byte[] end) {
    /** The span of a create request as etcd's recvLoop normalises it. */
    static KeySpan of(byte[] key, byte[] end) {
        byte[] k = key.length == 0 ? new byte[] {0} : key;
        if (end.length == 0) {
            return new KeySpan(k, null);
        }
        if (end.length == 1 && end[0] == 0) {
            return new KeySpan(k, new byte[0]);
        }
        return new KeySpan(k, end);
    }

    /** etcd's ErrEmptyWatcherRange: a range whose end is not after its key. */
    boolean isEmptyRange() {
        return end != null && end.length != 0 && Arrays.compareUnsigned(key, end) >= 0;
    }

    boolean isSingleKey() {
        return end == null;
    }

    boolean contains(byte[] k) {
        if (end == null) {
            return Arrays.equals(key, k);
        }
        if (Arrays.compareUnsigned(k, key) < 0) {
            return false;
        }
        return end.length == 0 || Arrays.compareUnsigned(k, end) < 0;
    }
}
