package io.ketch.server.service;

import io.ketch.proto.etcdserverpb.AlarmRequest;
import io.ketch.proto.etcdserverpb.AlarmResponse;
import io.ketch.proto.etcdserverpb.CompactionRequest;
import io.ketch.proto.etcdserverpb.CompactionResponse;
import io.ketch.proto.etcdserverpb.DefragmentRequest;
import io.ketch.proto.etcdserverpb.DefragmentResponse;
import io.ketch.proto.etcdserverpb.DeleteRangeRequest;
import io.ketch.proto.etcdserverpb.DeleteRangeResponse;
import io.ketch.proto.etcdserverpb.HashKVRequest;
import io.ketch.proto.etcdserverpb.HashKVResponse;
import io.ketch.proto.etcdserverpb.HashRequest;
import io.ketch.proto.etcdserverpb.HashResponse;
import io.ketch.proto.etcdserverpb.MemberAddRequest;
import io.ketch.proto.etcdserverpb.MemberAddResponse;
import io.ketch.proto.etcdserverpb.MemberListRequest;
import io.ketch.proto.etcdserverpb.MemberListResponse;
import io.ketch.proto.etcdserverpb.MemberPromoteRequest;
import io.ketch.proto.etcdserverpb.MemberPromoteResponse;
import io.ketch.proto.etcdserverpb.MemberRemoveRequest;
import io.ketch.proto.etcdserverpb.MemberRemoveResponse;
import io.ketch.proto.etcdserverpb.MemberUpdateRequest;
import io.ketch.proto.etcdserverpb.MemberUpdateResponse;
import io.ketch.proto.etcdserverpb.MoveLeaderRequest;
import io.ketch.proto.etcdserverpb.MoveLeaderResponse;
import io.ketch.proto.etcdserverpb.PutRequest;
import io.ketch.proto.etcdserverpb.PutResponse;
import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.proto.etcdserverpb.RangeResponse;
import io.ketch.proto.etcdserverpb.SnapshotResponse;
import io.ketch.proto.etcdserverpb.StatusRequest;
import io.ketch.proto.etcdserverpb.StatusResponse;
import io.ketch.proto.etcdserverpb.TxnRequest;
import io.ketch.proto.etcdserverpb.TxnResponse;
import io.ketch.server.apply.ServerCore;
import io.ketch.server.compactor.AutoCompactor;
import io.ketch.spi.consensus.Consensus;
import io.ketch.spi.etcd.Caller;
import io.ketch.spi.etcd.ClusterService;
import io.ketch.spi.etcd.EtcdError;
import io.ketch.spi.etcd.KvService;
import io.ketch.spi.etcd.MaintenanceService;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Registers etcd's KV, Maintenance and Cluster services of this member, on the consensus layer
 * and the state machine core; publishes the member once a leader is known.
 */
@Component(configurationPid = "io.ketch.server", configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {KvService.class, MaintenanceService.class, ClusterService.class})
public final class ServicesComponent implements KvService, MaintenanceService, ClusterService {
    /** The io.ketch.server configuration. */
    public @interface Config {
        String name() default "default";
        int maxTxnOps() default 128;
        long maxRequestBytes() default 1572864;
        long quotaBackendBytes() default 0;
        String autoCompactionMode() default "periodic";
        String autoCompactionRetention() default "0";
        String[] advertiseClientUrls() default {"http://localhost:2379"};
    }

    private final EtcdServices services;
    private final ExecutorService readers;
    private final ScheduledExecutorService bootstrap;
    private final ScheduledExecutorService compaction;

    /** Wires the services and starts publishing this member. */
    @Activate
    public ServicesComponent(Config config, @Reference Consensus consensus, @Reference ServerCore core) {
        readers = Executors.newCachedThreadPool(r -> new Thread(r, "ketch-reads"));
        services = new EtcdServices(consensus, core.stateMachine(),
                new Limits(config.maxTxnOps(), config.maxRequestBytes(), config.quotaBackendBytes()), readers);
        bootstrap = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "ketch-publish"));
        List<String> urls = List.of(config.advertiseClientUrls());
        bootstrap.scheduleWithFixedDelay(() -> {
            if (services.publisher().tick(config.name(), urls)) {
                bootstrap.shutdown();
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        compaction = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "ketch-compactor"));
        AutoCompactor compactor = AutoCompactor.create(config.autoCompactionMode(), config.autoCompactionRetention(),
                System.currentTimeMillis(), core.stateMachine()::currentRevision, this::compactQuietly,
                () -> consensus.status().isLeader());
        if (compactor != null) {
            long every = compactor.interval().toMillis();
            compaction.scheduleAtFixedRate(() -> compactor.tick(System.currentTimeMillis()), every, every,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** A compaction for the auto-compactor: true when done or already done. */
    private boolean compactQuietly(long revision) {
        try {
            services.kv().compact(Caller.ANONYMOUS, CompactionRequest.newBuilder().setRevision(revision).build()).join();
            return true;
        } catch (RuntimeException e) {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            return cause.getMessage() != null && cause.getMessage().equals(EtcdError.COMPACTED.message());
        }
    }

    @Deactivate
    void deactivate() {
        bootstrap.shutdownNow();
        compaction.shutdownNow();
        readers.shutdownNow();
    }

    @Override public CompletableFuture<RangeResponse> range(Caller c, RangeRequest r) { return services.kv().range(c, r); }
    @Override public CompletableFuture<PutResponse> put(Caller c, PutRequest r) { return services.kv().put(c, r); }
    @Override public CompletableFuture<DeleteRangeResponse> deleteRange(Caller c, DeleteRangeRequest r) { return services.kv().deleteRange(c, r); }
    @Override public CompletableFuture<TxnResponse> txn(Caller c, TxnRequest r) { return services.kv().txn(c, r); }
    @Override public CompletableFuture<CompactionResponse> compact(Caller c, CompactionRequest r) { return services.kv().compact(c, r); }
    @Override public CompletableFuture<StatusResponse> status(Caller c, StatusRequest r) { return services.maintenance().status(c, r); }
    @Override public CompletableFuture<AlarmResponse> alarm(Caller c, AlarmRequest r) { return services.maintenance().alarm(c, r); }
    @Override public CompletableFuture<DefragmentResponse> defragment(Caller c, DefragmentRequest r) { return services.maintenance().defragment(c, r); }
    @Override public CompletableFuture<HashResponse> hash(Caller c, HashRequest r) { return services.maintenance().hash(c, r); }
    @Override public CompletableFuture<HashKVResponse> hashKV(Caller c, HashKVRequest r) { return services.maintenance().hashKV(c, r); }
    @Override public CompletableFuture<MoveLeaderResponse> moveLeader(Caller c, MoveLeaderRequest r) { return services.maintenance().moveLeader(c, r); }
    @Override public Flow.Publisher<SnapshotResponse> snapshot(Caller c) { return services.maintenance().snapshot(c); }
    @Override public CompletableFuture<MemberListResponse> memberList(Caller c, MemberListRequest r) { return services.cluster().memberList(c, r); }
    @Override public CompletableFuture<MemberAddResponse> memberAdd(Caller c, MemberAddRequest r) { return services.cluster().memberAdd(c, r); }
    @Override public CompletableFuture<MemberRemoveResponse> memberRemove(Caller c, MemberRemoveRequest r) { return services.cluster().memberRemove(c, r); }
    @Override public CompletableFuture<MemberUpdateResponse> memberUpdate(Caller c, MemberUpdateRequest r) { return services.cluster().memberUpdate(c, r); }
    @Override public CompletableFuture<MemberPromoteResponse> memberPromote(Caller c, MemberPromoteRequest r) { return services.cluster().memberPromote(c, r); }
}
