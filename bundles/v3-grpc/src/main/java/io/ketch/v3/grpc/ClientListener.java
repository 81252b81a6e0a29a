package io.ketch.v3.grpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.netty.NettyServerBuilder;
import io.ketch.v3.grpc.http.Http1Pipeline;
import io.ketch.v3.grpc.transport.EventLoops;
import io.ketch.v3.grpc.transport.PortSharingNegotiator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One client port: a Netty gRPC server whose protocol negotiator also serves HTTP/1.1, so gRPC
 * (HTTP/2 with prior knowledge) and /health, /version share the port as they do on etcd.
 */
public final class ClientListener {
    private final Server server;

    private ClientListener(Server server) {
        this.server = server;
    }

    /**
     * Binds and starts serving.
     *
     * @throws IOException when the address cannot be bound
     */
    public static ClientListener start(InetSocketAddress address, List<BindableService> services,
            List<ServerInterceptor> interceptors, Http1Pipeline http1, ListenerOptions options, EventLoops loops)
            throws IOException {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(address)
                .protocolNegotiator(new PortSharingNegotiator(http1))
                .bossEventLoopGroup(loops.boss())
                .workerEventLoopGroup(loops.workers())
                .channelType(loops.serverChannel())
                .maxInboundMessageSize(options.maxInboundMessageBytes())
                .maxConcurrentCallsPerConnection(options.maxConcurrentCalls())
                .permitKeepAliveTime(options.keepaliveMinTimeMs(), TimeUnit.MILLISECONDS)
                .permitKeepAliveWithoutCalls(false)
                // gRPC closes a connection whose HTTP/2 handshake has not finished in time; an
                // HTTP/1.1 connection never finishes it, and etcd puts no such limit on those.
                .handshakeTimeout(Long.MAX_VALUE, TimeUnit.MILLISECONDS);
        interceptors.forEach(builder::intercept);
        if (options.keepaliveIntervalMs() > 0 && options.keepaliveTimeoutMs() > 0) {
            builder.keepAliveTime(options.keepaliveIntervalMs(), TimeUnit.MILLISECONDS)
                    .keepAliveTimeout(options.keepaliveTimeoutMs(), TimeUnit.MILLISECONDS);
        }
        services.forEach(builder::addService);
        return new ClientListener(builder.build().start());
    }

    /** The bound address (the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getListenSockets().get(0);
    }

    /** Stops accepting, lets calls in flight finish for up to the grace period, then cuts them. */
    public void stop(long graceMillis) {
        server.shutdown();
        try {
            if (!server.awaitTermination(graceMillis, TimeUnit.MILLISECONDS)) {
                server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
