package io.ketch.server.lease;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One lease as the lessor keeps it: id, granted TTL in seconds, when it expires on the primary
 * (never on a member that is not), and the keys attached to it in byte order.
 */
final class Lease {
    /** The expiry of a lease on a member that is not the primary: etcd's forever(). */
    static final long FOREVER = Long.MAX_VALUE;

    final long id;
    final long ttl;
    long expiryMillis = FOREVER;
    /** When an expired lease may be handed out for revocation again (etcd's retry interval). */
    long retryAtMillis;
    final Set<ByteString> keys = new TreeSet<>(ByteString.unsignedLexicographicalComparator());

    Lease(long id, long ttl) {
        this.id = id;
        this.ttl = ttl;
    }

    /** etcd's refresh: expires TTL seconds plus extend from now. */
    void refresh(long nowMillis, long extendMillis) {
        expiryMillis = nowMillis + extendMillis + ttl * 1000;
        retryAtMillis = 0;
    }

    /** etcd's Remaining() in whole seconds, truncated as Go's int64(d.Seconds()) does. */
    long remainingSeconds(long nowMillis) {
        if (expiryMillis == FOREVER) {
            return Long.MAX_VALUE / 1_000_000_000L;
        }
        return (expiryMillis - nowMillis) / 1000;
    }

    boolean expired(long nowMillis) {
        return expiryMillis != FOREVER && nowMillis >= expiryMillis;
    }

    /** A snapshot of what TimeToLive reports. */
    LeaseInfo info(long nowMillis) {
        return new LeaseInfo(id, ttl, remainingSeconds(nowMillis), List.copyOf(keys));
    }
}
