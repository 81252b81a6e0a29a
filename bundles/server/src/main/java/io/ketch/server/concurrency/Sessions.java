package io.ketch.server.concurrency;

import io.ketch.proto.etcdserverpb.LeaseGrantRequest;
import io.ketch.spi.etcd.Caller;
import io.ketch.spi.etcd.LeaseService;
import java.util.concurrent.CompletableFuture;

/**
 * concurrency.NewSession as etcd's lock and election servers use it: the caller's lease, or a new
 * one with the default session TTL when the request names none. The servers orphan the session,
 * so nothing keeps the new lease alive.
 */
final class Sessions {
    /** concurrency's defaultSessionTTL, in seconds. */
    static final long DEFAULT_TTL = 60;

    private final LeaseService leases;

    Sessions(LeaseService leases) {
        this.leases = leases;
    }

    /** The lease id the recipe runs under. */
    CompletableFuture<Long> lease(Caller caller, long requested) {
        if (requested != 0) {
            return CompletableFuture.completedFuture(requested);
        }
        return leases.leaseGrant(caller, LeaseGrantRequest.newBuilder().setTTL(DEFAULT_TTL).build())
                .thenApply(r -> r.getID());
    }
}
