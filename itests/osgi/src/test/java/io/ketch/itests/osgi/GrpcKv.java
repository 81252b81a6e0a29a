package io.ketch.itests.osgi;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.ketch.proto.etcdserverpb.KVGrpc;
import io.ketch.proto.etcdserverpb.PutRequest;
import java.util.concurrent.TimeUnit;

/** A gRPC client of the v3 KV API on a client URL: puts go through v3-grpc, as etcdctl's do. */
final class GrpcKv implements AutoCloseable {
    private final ManagedChannel channel;
    private final KVGrpc.KVBlockingStub stub;

    GrpcKv(int port) {
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        stub = KVGrpc.newBlockingStub(channel);
    }

    /** Waits for the connection (the listener may start after KvService registers), then puts. */
    void put(String key, String value) {
        stub.withWaitForReady().withDeadlineAfter(30, TimeUnit.SECONDS).put(PutRequest.newBuilder()
                .setKey(ByteString.copyFromUtf8(key))
                .setValue(ByteString.copyFromUtf8(value))
                .build());
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
}
