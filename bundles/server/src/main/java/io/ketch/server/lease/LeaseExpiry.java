package io.ketch.server.lease;

import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * The lessor's run loop (etcd's runLoop plus the leader hand-over in the apply loop): follows this
 * member's role, promoting the lessor when it leads and demoting it when it does not, and while it
 * leads hands every expired lease to the revoker, which proposes its revocation through consensus.
 * One tick per call; the owner schedules it.
 */
public final class LeaseExpiry {
    /** etcd's leaseRevokeRate: revocations proposed per second at most. */
    static final int REVOKE_RATE = 1000;

    private final Lessor lessor;
    private final BooleanSupplier isLeader;
    private final long extendMillis;
    private final LongConsumer revoker;
    private final int perTick;

    /**
     * @param extendMillis added to every TTL on promotion (etcd: the election timeout)
     * @param ticksPerSecond how often {@link #tick} runs, to keep to etcd's revoke rate
     */
    public LeaseExpiry(Lessor lessor, BooleanSupplier isLeader, long extendMillis, LongConsumer revoker,
            int ticksPerSecond) {
        this.lessor = lessor;
        this.isLeader = isLeader;
        this.extendMillis = extendMillis;
        this.revoker = revoker;
        this.perTick = Math.max(1, REVOKE_RATE / ticksPerSecond);
    }

    /** One round: role change first, then the expired leases if this member leads. */
    public void tick() {
        boolean leader = isLeader.getAsBoolean();
        if (leader && !lessor.isPrimary()) {
            lessor.promote(extendMillis);
        } else if (!leader && lessor.isPrimary()) {
            lessor.demote();
        }
        if (!leader) {
            return;
        }
        for (long id : lessor.expired(perTick)) {
            revoker.accept(id);
        }
    }
}
