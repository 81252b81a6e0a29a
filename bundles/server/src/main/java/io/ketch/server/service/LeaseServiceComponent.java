package io.ketch.server.service;

import io.ketch.proto.etcdserverpb.LeaseGrantRequest;
import io.ketch.proto.etcdserverpb.LeaseGrantResponse;
import io.ketch.proto.etcdserverpb.LeaseKeepAliveRequest;
import io.ketch.proto.etcdserverpb.LeaseKeepAliveResponse;
import io.ketch.proto.etcdserverpb.LeaseLeasesRequest;
import io.ketch.proto.etcdserverpb.LeaseLeasesResponse;
import io.ketch.proto.etcdserverpb.LeaseRevokeRequest;
import io.ketch.proto.etcdserverpb.LeaseRevokeResponse;
import io.ketch.proto.etcdserverpb.LeaseTimeToLiveRequest;
import io.ketch.proto.etcdserverpb.LeaseTimeToLiveResponse;
import io.ketch.server.apply.ServerCore;
import io.ketch.server.lease.LeaseExpiry;
import io.ketch.spi.consensus.Consensus;
import io.ketch.spi.etcd.Caller;
import io.ketch.spi.etcd.LeaseService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Registers etcd's Lease service of this member and runs the lessor's loop: promotion when this
 * member leads, revocation of expired leases through consensus.
 */
@Component(configurationPid = "io.ketch.server", configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = LeaseService.class)
public final class LeaseServiceComponent implements LeaseService {
    private static final System.Logger LOG = System.getLogger("lease");
    /** The loop's period: role changes are noticed within it, expiries acted on within it. */
    private static final long TICK_MILLIS = 100;

    /** The io.ketch.server keys this component reads. */
    public @interface Config {
        long maxRequestBytes() default 1572864;
        long quotaBackendBytes() default 0;
        long electionTimeout() default 1000;
    }

    private final LeaseServiceImpl leases;
    private final ScheduledExecutorService loop;

    /** Wires the service and starts the lessor's loop. */
    @Activate
    public LeaseServiceComponent(Config config, @Reference Consensus consensus, @Reference ServerCore core) {
        leases = new LeaseServiceImpl(consensus, core.stateMachine(),
                new Limits(0, config.maxRequestBytes(), config.quotaBackendBytes()));
        LeaseExpiry expiry = new LeaseExpiry(core.stateMachine().lessor(), leases::isLeader,
                config.electionTimeout(), this::revoke, (int) (1000 / TICK_MILLIS));
        loop = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "ketch-lessor"));
        loop.scheduleWithFixedDelay(() -> {
            try {
                expiry.tick();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "lease loop failed", e);
            }
        }, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void revoke(long id) {
        leases.revokeExpired(id).whenComplete((r, e) -> {
            if (e != null) {
                // the lease comes up again after etcd's retry interval
                LOG.log(System.Logger.Level.WARNING, "failed to revoke " + Long.toHexString(id) + " (" + e.getMessage() + ")");
            }
        });
    }

    @Deactivate
    void deactivate() {
        loop.shutdownNow();
    }

    @Override public CompletableFuture<LeaseGrantResponse> leaseGrant(Caller c, LeaseGrantRequest r) { return leases.leaseGrant(c, r); }
    @Override public CompletableFuture<LeaseRevokeResponse> leaseRevoke(Caller c, LeaseRevokeRequest r) { return leases.leaseRevoke(c, r); }
    @Override public CompletableFuture<LeaseKeepAliveResponse> leaseKeepAlive(Caller c, LeaseKeepAliveRequest r) { return leases.leaseKeepAlive(c, r); }
    @Override public CompletableFuture<LeaseTimeToLiveResponse> leaseTimeToLive(Caller c, LeaseTimeToLiveRequest r) { return leases.leaseTimeToLive(c, r); }
    @Override public CompletableFuture<LeaseLeasesResponse> leaseLeases(Caller c, LeaseLeasesRequest r) { return leases.leaseLeases(c, r); }
}
