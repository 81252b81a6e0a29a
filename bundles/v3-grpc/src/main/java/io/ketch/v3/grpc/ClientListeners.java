package io.ketch.v3.grpc;

import io.grpc.BindableService;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.ketch.spi.etcd.ClusterService;
import io.ketch.spi.etcd.KvService;
import io.ketch.spi.etcd.MaintenanceService;
import io.ketch.v3.grpc.gateway.GatewayEndpoint;
import io.ketch.v3.grpc.http.HealthEndpoint;
import io.ketch.v3.grpc.http.Http1Pipeline;
import io.ketch.v3.grpc.http.HttpEndpoint;
import io.ketch.v3.grpc.http.VersionEndpoint;
import io.ketch.v3.grpc.service.CallerInterceptor;
import io.ketch.v3.grpc.service.ClusterGrpcService;
import io.ketch.v3.grpc.service.GrpcHealthService;
import io.ketch.v3.grpc.service.KvGrpcService;
import io.ketch.v3.grpc.service.MaintenanceGrpcService;
import io.ketch.v3.grpc.service.RequireLeaderInterceptor;
import io.ketch.v3.grpc.transport.EventLoops;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * All client listeners of a member: the same services and HTTP endpoints on every
 * --listen-client-urls address, started together and stopped together.
 */
public final class ClientListeners implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("embed");
    private static final long STOP_GRACE_MILLIS = 10_000;

    private final EventLoops loops;
    private final List<ClientListener> listeners;

    private ClientListeners(EventLoops loops, List<ClientListener> listeners) {
        this.loops = loops;
        this.listeners = listeners;
    }

    /**
     * Binds every address; if one fails, those already bound are stopped again.
     *
     * @throws UncheckedIOException when an address cannot be bound
     */
    public static ClientListeners start(List<InetSocketAddress> addresses, ListenerOptions options,
            KvService kv, MaintenanceService maintenance, ClusterService cluster) {
        return start(addresses, options, kv, maintenance, cluster, List.of());
    }

    /**
     * As {@link #start(List, ListenerOptions, KvService, MaintenanceService, ClusterService)}, also
     * serving the optional services that are present (Lease, Watch, ...).
     */
    public static ClientListeners start(List<InetSocketAddress> addresses, ListenerOptions options,
            KvService kv, MaintenanceService maintenance, ClusterService cluster, List<BindableService> optional) {
        List<BindableService> services = new ArrayList<>(List.of(
                new KvGrpcService(kv, options.maxRequestBytes()),
                new MaintenanceGrpcService(maintenance),
                new ClusterGrpcService(cluster),
                new GrpcHealthService()));
        services.addAll(optional);
        List<ServerInterceptor> interceptors =
                List.of(new CallerInterceptor(), new RequireLeaderInterceptor(maintenance));
        // the JSON gateway calls the same intercepted handlers, as etcd's gateway dials its own port
        GatewayEndpoint gateway = new GatewayEndpoint(services.stream()
                .map(service -> ServerInterceptors.intercept(service, interceptors)).toList());
        Map<String, HttpEndpoint> endpoints = Map.of(
                "/version", new VersionEndpoint(),
                "/health", new HealthEndpoint(kv, maintenance),
                "/v3/", gateway,
                "/v3beta/", gateway);
        Http1Pipeline http1 = new Http1Pipeline(endpoints, options.maxInboundMessageBytes());
        EventLoops loops = EventLoops.create();
        ClientListeners started = new ClientListeners(loops, new ArrayList<>());
        try {
            for (InetSocketAddress address : addresses) {
                started.listeners.add(ClientListener.start(address, services, interceptors, http1,
                        options, loops));
            }
        } catch (IOException e) {
            started.close();
            throw new UncheckedIOException("cannot listen for client requests: " + e.getMessage(), e);
        }
        LOG.log(Level.INFO, "ready to serve client requests");
        for (ClientListener listener : started.listeners) {
            LOG.log(Level.INFO, "serving insecure client requests on "
                    + ClientUrls.format(listener.address()) + ", this is strongly discouraged!");
        }
        return started;
    }

    /** The bound addresses, in --listen-client-urls order. */
    public List<InetSocketAddress> addresses() {
        return listeners.stream().map(ClientListener::address).toList();
    }

    /** Graceful stop of every listener, then the Netty threads. */
    @Override
    public void close() {
        listeners.forEach(listener -> listener.stop(STOP_GRACE_MILLIS));
        listeners.clear();
        loops.close();
    }
}
