package io.ketch.server.lease;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.ketch.proto.mvccpb.KeyValue;
import io.ketch.server.mvcc.LeaseHook;
import io.ketch.spi.etcd.EtcdError;
import io.ketch.spi.storage.ReadTxn;
import io.ketch.spi.storage.WriteTxn;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * etcd 3.4's lessor (lease/lessor.go): the leases, persisted in bucket {@code lease} as
 * {@code leasepb.Lease} under the id's 8 big-endian bytes, the keys attached to each, and their
 * expiry. Only the primary (the leader's lessor) lets leases expire; elsewhere they live forever,
 * and {@link #promote} gives every lease a fresh TTL so an election or a restart expires nothing
 * early. Grant and revoke run in the apply loop; renew, lookups and the expiry scan come from
 * service threads, so every method holds the lessor's monitor (and never calls out while it does).
 */
public final class Lessor implements LeaseHook {
    /** etcd's lease bucket. */
    public static final String LEASE_BUCKET = "lease";
    /** etcd's MaxLeaseTTL, seconds. */
    public static final long MAX_TTL = 9_000_000_000L;
    /** etcd's expiredLeaseRetryInterval: how long a revocation in flight is left alone. */
    static final long RETRY_MILLIS = 3_000;

    private final LongSupplier clock;
    private final long minTtl;
    private final Map<Long, Lease> leases = new HashMap<>();
    private final Map<ByteString, Long> keyLease = new HashMap<>();
    private boolean primary;

    /**
     * @param clock  milliseconds, monotonic enough for expiry (tests pass a fake one)
     * @param minTtl etcd's minLeaseTTL in seconds (see {@link #minTtl(long, long)})
     */
    public Lessor(LongSupplier clock, long minTtl) {
        this.clock = clock;
        this.minTtl = minTtl;
    }

    /** etcd's minTTL: ceil of (3 * electionTicks / 2) heartbeats, in seconds. */
    public static long minTtl(long heartbeatMillis, long electionTimeoutMillis) {
        long electionTicks = electionTimeoutMillis / heartbeatMillis;
        long millis = (3 * electionTicks) / 2 * heartbeatMillis;
        return (millis + 999) / 1000;
    }

    /** Grants a lease in tx; returns the TTL it got (raised to the minimum). */
    public synchronized long grant(WriteTxn tx, long id, long ttl) {
        if (id == 0) {
            throw EtcdError.LEASE_NOT_FOUND.exception();
        }
        if (ttl > MAX_TTL) {
            throw EtcdError.LEASE_TTLTOO_LARGE.exception();
        }
        if (leases.containsKey(id)) {
            throw EtcdError.LEASE_EXIST.exception();
        }
        Lease l = new Lease(id, Math.max(ttl, minTtl));
        if (primary) {
            l.refresh(clock.getAsLong(), 0);
        }
        leases.put(id, l);
        tx.put(LEASE_BUCKET, idBytes(id), io.ketch.proto.leasepb.Lease.newBuilder()
                .setID(id).setTTL(l.ttl).build().toByteArray());
        return l.ttl;
    }

    /** The keys a revoke of the lease deletes, in byte order, as etcd sorts them. */
    public synchronized List<ByteString> keysOf(long id) {
        Lease l = leases.get(id);
        if (l == null) {
            throw EtcdError.LEASE_NOT_FOUND.exception();
        }
        return List.copyOf(l.keys);
    }

    /** Forgets a revoked lease (its keys already deleted) in tx. */
    public synchronized void revoked(WriteTxn tx, long id) {
        Lease l = leases.remove(id);
        if (l != null) {
            l.keys.forEach(keyLease::remove);
        }
        tx.delete(LEASE_BUCKET, idBytes(id));
    }

    /** Whether a lease exists (etcd's Lookup != nil). */
    public synchronized boolean exists(long id) {
        return leases.containsKey(id);
    }

    @Override
    public synchronized void put(byte[] key, long lease) {
        ByteString k = ByteString.copyFrom(key);
        Long old = lease == 0 ? keyLease.remove(k) : keyLease.put(k, lease);
        if (old != null && old != lease && leases.containsKey(old)) {
            leases.get(old).keys.remove(k);
        }
        if (lease != 0 && leases.containsKey(lease)) {
            leases.get(lease).keys.add(k);
        }
    }

    @Override
    public synchronized void deleted(byte[] key) {
        ByteString k = ByteString.copyFrom(key);
        Long old = keyLease.remove(k);
        if (old != null && leases.containsKey(old)) {
            leases.get(old).keys.remove(k);
        }
    }

    /**
     * etcd's Renew: the full TTL again, returning it; -1 when the lease does not exist or has
     * already expired (its revocation is on its way).
     *
     * @throws io.ketch.spi.etcd.EtcdException "not leader" when this is not the primary (etcd forwards instead)
     */
    public synchronized long renew(long id) {
        if (!primary) {
            throw EtcdError.NOT_LEADER.exception();
        }
        Lease l = leases.get(id);
        long now = clock.getAsLong();
        if (l == null || l.expired(now)) {
            return -1;
        }
        l.refresh(now, 0);
        return l.ttl;
    }

    /** etcd's Lookup for TimeToLive; null when the lease does not exist. */
    public synchronized LeaseInfo lookup(long id) {
        Lease l = leases.get(id);
        return l == null ? null : l.info(clock.getAsLong());
    }

    /** Every lease id, soonest expiry first (etcd's Leases()). */
    public synchronized List<Long> leases() {
        return leases.values().stream()
                .sorted(Comparator.comparingLong((Lease l) -> l.expiryMillis).thenComparingLong(l -> l.id))
                .map(l -> l.id).toList();
    }

    /**
     * etcd's findExpiredLeases: expired leases not handed out in the last retry interval, soonest
     * first, at most limit; each is left alone for the retry interval afterwards.
     */
    public synchronized List<Long> expired(int limit) {
        long now = clock.getAsLong();
        List<Lease> due = new ArrayList<>();
        for (Lease l : leases.values()) {
            if (l.expired(now) && l.retryAtMillis <= now) {
                due.add(l);
            }
        }
        due.sort(Comparator.comparingLong((Lease l) -> l.expiryMillis).thenComparingLong(l -> l.id));
        List<Long> out = new ArrayList<>();
        for (Lease l : due.subList(0, Math.min(limit, due.size()))) {
            l.retryAtMillis = now + RETRY_MILLIS;
            out.add(l.id);
        }
        return out;
    }

    /** etcd's Promote: this member leads; every lease expires its full TTL plus extend from now. */
    public synchronized void promote(long extendMillis) {
        primary = true;
        long now = clock.getAsLong();
        for (Lease l : leases.values()) {
            l.refresh(now, extendMillis);
        }
    }

    /** etcd's Demote: no longer the leader; leases stop expiring here. */
    public synchronized void demote() {
        primary = false;
        for (Lease l : leases.values()) {
            l.expiryMillis = Lease.FOREVER;
        }
    }

    /** Whether this lessor lets leases expire. */
    public synchronized boolean isPrimary() {
        return primary;
    }

    /**
     * Rebuilds the leases from the {@code lease} bucket and their keys from the live key-values
     * (etcd's initAndRecover plus the MVCC restore's Attach). A lease known before keeps its expiry,
     * so a rebuild after a failed batch changes nobody's deadline.
     */
    public synchronized void reload(ReadTxn tx, List<KeyValue> live) {
        Map<Long, Lease> before = new HashMap<>(leases);
        leases.clear();
        keyLease.clear();
        long now = clock.getAsLong();
        tx.scan(LEASE_BUCKET, new byte[0], null, (k, v) -> {
            io.ketch.proto.leasepb.Lease lpb = parse(v);
            Lease l = new Lease(lpb.getID(), Math.max(lpb.getTTL(), minTtl));
            Lease old = before.get(l.id);
            if (old != null) {
                l.expiryMillis = old.expiryMillis;
                l.retryAtMillis = old.retryAtMillis;
            } else if (primary) {
                l.refresh(now, 0);
            }
            leases.put(l.id, l);
            return true;
        });
        for (KeyValue kv : live) {
            if (kv.getLease() != 0 && leases.containsKey(kv.getLease())) {
                keyLease.put(kv.getKey(), kv.getLease());
                leases.get(kv.getLease()).keys.add(kv.getKey());
            }
        }
    }

    private static io.ketch.proto.leasepb.Lease parse(byte[] v) {
        try {
            return io.ketch.proto.leasepb.Lease.parseFrom(v);
        } catch (InvalidProtocolBufferException e) {
            throw new UncheckedIOException("corrupt lease record", e);
        }
    }

    /** etcd's int64ToBytes: 8 bytes big-endian. */
    static byte[] idBytes(long id) {
        return ByteBuffer.allocate(8).putLong(id).array();
    }
}
