package io.ketch.server.concurrency;

import io.ketch.proto.v3electionpb.CampaignRequest;
import io.ketch.proto.v3electionpb.CampaignResponse;
import io.ketch.proto.v3electionpb.LeaderRequest;
import io.ketch.proto.v3electionpb.LeaderResponse;
import io.ketch.proto.v3electionpb.ProclaimRequest;
import io.ketch.proto.v3electionpb.ProclaimResponse;
import io.ketch.proto.v3electionpb.ResignRequest;
import io.ketch.proto.v3electionpb.ResignResponse;
import io.ketch.proto.v3lockpb.LockRequest;
import io.ketch.proto.v3lockpb.LockResponse;
import io.ketch.proto.v3lockpb.UnlockRequest;
import io.ketch.proto.v3lockpb.UnlockResponse;
import io.ketch.spi.etcd.Caller;
import io.ketch.spi.etcd.ElectionService;
import io.ketch.spi.etcd.KvService;
import io.ketch.spi.etcd.LeaseService;
import io.ketch.spi.etcd.LockService;
import io.ketch.spi.etcd.WatchService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * Registers etcd's v3lock and v3election services of this member. Like etcd, which runs them as
 * clients of its own KV, Lease and Watch API, they use this member's services of those kinds.
 */
@Component(configurationPid = "io.ketch.server", configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {LockService.class, ElectionService.class})
public final class ConcurrencyComponent implements LockService, ElectionService {
    private final LockServiceImpl locks;
    private final ElectionServiceImpl elections;

    /** Wires both recipes on the member's services. */
    @Activate
    public ConcurrencyComponent(@Reference KvService kv, @Reference LeaseService leases, @Reference WatchService watch) {
        locks = new LockServiceImpl(kv, leases, watch);
        elections = new ElectionServiceImpl(kv, leases, watch);
    }

    @Override public CompletableFuture<LockResponse> lock(Caller c, LockRequest r) { return locks.lock(c, r); }
    @Override public CompletableFuture<UnlockResponse> unlock(Caller c, UnlockRequest r) { return locks.unlock(c, r); }
    @Override public CompletableFuture<CampaignResponse> campaign(Caller c, CampaignRequest r) { return elections.campaign(c, r); }
    @Override public CompletableFuture<ProclaimResponse> proclaim(Caller c, ProclaimRequest r) { return elections.proclaim(c, r); }
    @Override public CompletableFuture<LeaderResponse> leader(Caller c, LeaderRequest r) { return elections.leader(c, r); }
    @Override public Flow.Publisher<LeaderResponse> observe(Caller c, LeaderRequest r) { return elections.observe(c, r); }
    @Override public CompletableFuture<ResignResponse> resign(Caller c, ResignRequest r) { return elections.resign(c, r); }
}
