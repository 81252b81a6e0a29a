package io.ketch.v3.grpc;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A started client listener on 127.0.0.1 (port chosen by the OS) over an {@link InMemoryEtcd}. */
final class ListenerFixture implements AutoCloseable {
    /** Small, as in the etcd run these tests were checked against (--max-request-bytes 1024). */
    static final long MAX_REQUEST_BYTES = 1024;

    final InMemoryEtcd etcd = new InMemoryEtcd();
    final ClientListeners listeners;
    final InetSocketAddress address;
    private ManagedChannel channel;

    ListenerFixture() {
        ListenerOptions defaults = ListenerOptions.defaults();
        ListenerOptions options = new ListenerOptions(MAX_REQUEST_BYTES, defaults.maxConcurrentStreams(),
                defaults.keepaliveMinTimeMs(), defaults.keepaliveIntervalMs(), defaults.keepaliveTimeoutMs());
        listeners = ClientListeners.start(List.of(new InetSocketAddress("127.0.0.1", 0)), options,
                etcd, etcd, etcd);
        address = listeners.addresses().get(0);
    }

    /** A plaintext grpc-java Netty channel to the listener (HTTP/2 with prior knowledge). */
    synchronized ManagedChannel channel() {
        if (channel == null) {
            channel = NettyChannelBuilder.forAddress(address).usePlaintext()
                    .maxInboundMessageSize(8 << 20).build();
        }
        return channel;
    }

    /** The listener as an etcdctl --endpoints value. */
    String endpoint() {
        return ClientUrls.format(address);
    }

    @Override
    public void close() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        listeners.close();
    }
}
