package io.ketch.v3.grpc;

import io.grpc.BindableService;
import io.ketch.spi.etcd.ClusterService;
import io.ketch.spi.etcd.ElectionService;
import io.ketch.spi.etcd.KvService;
import io.ketch.spi.etcd.LeaseService;
import io.ketch.spi.etcd.LockService;
import io.ketch.spi.etcd.MaintenanceService;
import io.ketch.spi.etcd.WatchService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import io.ketch.v3.grpc.service.ElectionGrpcService;
import io.ketch.v3.grpc.service.LeaseGrpcService;
import io.ketch.v3.grpc.service.LockGrpcService;
import io.ketch.v3.grpc.service.WatchGrpcService;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Serves etcd's v3 API on every --listen-client-urls address for whichever KV, Maintenance and
 * Cluster services are registered. Wiring only: the listeners are {@link ClientListeners}.
 */
@Component(configurationPid = "io.ketch.v3grpc", configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
public final class V3GrpcComponent {
    /** Configuration (PID io.ketch.v3grpc); names are etcd's flags in camelCase, times in ms. */
    @interface Config {
        String[] listenClientUrls() default {"http://localhost:2379"};

        long maxRequestBytes() default 1572864;

        long maxConcurrentStreams() default 4294967295L;

        long grpcKeepaliveMinTime() default 5_000;

        long grpcKeepaliveInterval() default 7_200_000;

        long grpcKeepaliveTimeout() default 20_000;
    }

    private final ClientListeners listeners;
    private final WatchGrpcService watchStreams;

    /** Starts the listeners; a bind failure fails activation. */
    @Activate
    public V3GrpcComponent(Config config, @Reference KvService kv,
            @Reference MaintenanceService maintenance, @Reference ClusterService cluster,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            LeaseService lease,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            WatchService watch,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            LockService lock,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            ElectionService election) {
        ListenerOptions options = new ListenerOptions(config.maxRequestBytes(), config.maxConcurrentStreams(),
                config.grpcKeepaliveMinTime(), config.grpcKeepaliveInterval(), config.grpcKeepaliveTimeout());
        // optional services: the front end starts without them and restarts when one arrives (greedy)
        List<BindableService> optional = new ArrayList<>();
        if (lease != null) {
            optional.add(new LeaseGrpcService(lease));
        }
        watchStreams = watch != null ? new WatchGrpcService(watch) : null;
        if (watchStreams != null) {
            optional.add(watchStreams);
        }
        if (lock != null) {
            optional.add(new LockGrpcService(lock));
        }
        if (election != null) {
            optional.add(new ElectionGrpcService(election));
        }
        listeners = ClientListeners.start(ClientUrls.bindAddresses(config.listenClientUrls()), options,
                kv, maintenance, cluster, optional);
    }

    @Deactivate
    void stop() {
        if (watchStreams != null) {
            watchStreams.endStreams(); // else open watches hold the graceful stop for its whole grace
        }
        listeners.close();
    }
}
