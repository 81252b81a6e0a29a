package io.ketch.v3.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.ketch.proto.etcdserverpb.KVGrpc;
import io.ketch.proto.etcdserverpb.RangeRequest;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * DS restarts the component whenever a static reference is replaced (a storage swap); the new
 * listeners must bind the port the old ones served on, while the old connections linger in
 * TIME_WAIT.
 */
class RestartTest {
    @Test
    void stoppedListenerPortCanBeBoundAgainAtOnce() throws Exception {
        InMemoryEtcd etcd = new InMemoryEtcd();
        ClientListeners first = ClientListeners.start(List.of(new InetSocketAddress("127.0.0.1", 0)),
                ListenerOptions.defaults(), etcd, etcd, etcd);
        InetSocketAddress address = first.addresses().get(0);
        ManagedChannel channel = NettyChannelBuilder.forAddress(address).usePlaintext().build();
        range(channel);
        // The server closes first, so the server side of the connection goes to TIME_WAIT.
        first.close();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);

        try (ClientListeners second = ClientListeners.start(List.of(address), ListenerOptions.defaults(),
                etcd, etcd, etcd)) {
            ManagedChannel again = NettyChannelBuilder.forAddress(address).usePlaintext().build();
            try {
                assertEquals(0, range(again));
            } finally {
                again.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    /** An HTTP/1.1 keep-alive connection never finishes gRPC's handshake; stop must still end it. */
    @Test
    void stopClosesIdleHttpConnections() throws Exception {
        InMemoryEtcd etcd = new InMemoryEtcd();
        ClientListeners listeners = ClientListeners.start(List.of(new InetSocketAddress("127.0.0.1", 0)),
                ListenerOptions.defaults(), etcd, etcd, etcd);
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(listeners.addresses().get(0));
            socket.getOutputStream().write("GET /version HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            socket.getInputStream().read(new byte[4096]);
            listeners.close();
            socket.setSoTimeout(10_000);
            assertEquals(-1, socket.getInputStream().read(), "the HTTP/1.1 connection is still open");
        }
    }

    private static long range(ManagedChannel channel) {
        return KVGrpc.newBlockingStub(channel)
                .range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("k")).build()).getCount();
    }
}
