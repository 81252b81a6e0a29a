package io.ketch.v3.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.ketch.proto.etcdserverpb.ClusterGrpc;
import io.ketch.proto.etcdserverpb.CompactionRequest;
import io.ketch.proto.etcdserverpb.KVGrpc;
import io.ketch.proto.etcdserverpb.MaintenanceGrpc;
import io.ketch.proto.etcdserverpb.MemberListRequest;
import io.ketch.proto.etcdserverpb.PutRequest;
import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.proto.etcdserverpb.RangeResponse;
import io.ketch.proto.etcdserverpb.SnapshotRequest;
import io.ketch.proto.etcdserverpb.SnapshotResponse;
import io.ketch.proto.etcdserverpb.StatusRequest;
import io.ketch.proto.etcdserverpb.StatusResponse;
import io.ketch.proto.etcdserverpb.WatchGrpc;
import io.ketch.proto.etcdserverpb.WatchRequest;
import io.ketch.proto.etcdserverpb.WatchResponse;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import io.ketch.spi.etcd.Caller;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real grpc-java client over TCP against the client listener. */
class GrpcOverTcpTest {
    private final ListenerFixture fixture = new ListenerFixture();
    private final KVGrpc.KVBlockingStub kv = KVGrpc.newBlockingStub(fixture.channel());

    @AfterEach
    void stop() throws InterruptedException {
        fixture.close();
    }

    private static ByteString bytes(String s) {
        return ByteString.copyFromUtf8(s);
    }

    @Test
    void putThenRangeReturnsTheValue() {
        kv.put(PutRequest.newBuilder().setKey(bytes("k")).setValue(bytes("v")).build());
        RangeResponse response = kv.range(RangeRequest.newBuilder().setKey(bytes("k")).build());
        assertEquals(1, response.getCount());
        assertEquals("v", response.getKvs(0).getValue().toStringUtf8());
        assertEquals(InMemoryEtcd.CLUSTER_ID, response.getHeader().getClusterId());
    }

    @Test
    void statusComesFromTheMaintenanceService() {
        StatusResponse status = MaintenanceGrpc.newBlockingStub(fixture.channel())
                .status(StatusRequest.getDefaultInstance());
        assertEquals("3.4.23", status.getVersion());
        assertEquals(InMemoryEtcd.MEMBER_ID, status.getLeader());
    }

    @Test
    void memberListComesFromTheClusterService() {
        assertEquals("m1", ClusterGrpc.newBlockingStub(fixture.channel())
                .memberList(MemberListRequest.getDefaultInstance()).getMembers(0).getName());
    }

    @Test
    void etcdExceptionKeepsItsCodeAndExactMessage() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> kv.compact(CompactionRequest.newBuilder().setRevision(1).build()));
        assertEquals(Status.Code.OUT_OF_RANGE, e.getStatus().getCode());
        assertEquals("etcdserver: mvcc: required revision has been compacted", e.getStatus().getDescription());
    }

    @Test
    void otherExceptionIsUnknownWithItsMessage() {
        fixture.etcd.failure = new IllegalStateException("disk on fire");
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> kv.range(RangeRequest.newBuilder().setKey(bytes("k")).build()));
        assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
        assertEquals("disk on fire", e.getStatus().getDescription());
    }

    @Test
    void emptyKeyIsRefusedBeforeReachingTheService() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> kv.put(PutRequest.newBuilder().setValue(bytes("v")).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("etcdserver: key is not provided", e.getStatus().getDescription());
        assertTrue(fixture.etcd.callers.isEmpty(), "the service was called");
    }

    @Test
    void putOverMaxRequestBytesIsRequestTooLarge() {
        String value = "a".repeat(2000);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> kv.put(PutRequest.newBuilder().setKey(bytes("k")).setValue(bytes(value)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("etcdserver: request is too large", e.getStatus().getDescription());
    }

    @Test
    void messageOverTheGrpcLimitIsResourceExhausted() {
        // etcd accepts maxRequestBytes + 512 KiB of gRPC message; above that gRPC itself refuses.
        String value = "a".repeat(600_000);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> kv.put(PutRequest.newBuilder().setKey(bytes("k2")).setValue(bytes(value)).build()));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), e.getStatus().toString());
        assertTrue(fixture.etcd.keys.isEmpty());
    }

    @Test
    void tokenMetadataBecomesTheCaller() {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("token", Metadata.ASCII_STRING_MARSHALLER), "abc.123");
        kv.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .range(RangeRequest.newBuilder().setKey(bytes("k")).build());
        assertEquals(new Caller("abc.123", null), fixture.etcd.callers.get(0));
    }

    @Test
    void requireLeaderCallFailsWithoutALeader() {
        fixture.etcd.leader = 0;
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("hasleader", Metadata.ASCII_STRING_MARSHALLER), "true");
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> kv.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                        .range(RangeRequest.newBuilder().setKey(bytes("k")).build()));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertEquals("etcdserver: no leader", e.getStatus().getDescription());
    }

    @Test
    void callWithoutRequireLeaderIgnoresTheMissingLeader() {
        fixture.etcd.leader = 0;
        assertEquals(0, kv.range(RangeRequest.newBuilder().setKey(bytes("k")).build()).getCount());
    }

    @Test
    void callWithoutTokenIsAnonymous() {
        kv.range(RangeRequest.newBuilder().setKey(bytes("k")).build());
        assertEquals(Caller.ANONYMOUS, fixture.etcd.callers.get(0));
    }

    @Test
    void watchIsUnimplementedForNow() throws Exception {
        CompletableFuture<Throwable> closed = new CompletableFuture<>();
        StreamObserver<WatchRequest> requests = WatchGrpc.newStub(fixture.channel())
                .watch(new StreamObserver<WatchResponse>() {
                    @Override
                    public void onNext(WatchResponse value) {
                        closed.completeExceptionally(new AssertionError("unexpected " + value));
                    }

                    @Override
                    public void onError(Throwable t) {
                        closed.complete(t);
                    }

                    @Override
                    public void onCompleted() {
                        closed.completeExceptionally(new AssertionError("completed"));
                    }
                });
        requests.onNext(WatchRequest.getDefaultInstance());
        assertEquals(Status.Code.UNIMPLEMENTED, Status.fromThrowable(closed.get(10, TimeUnit.SECONDS)).getCode());
    }

    @Test
    void snapshotStreamsEveryChunkInOrder() {
        List<SnapshotResponse> chunks = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            chunks.add(SnapshotResponse.newBuilder().setBlob(bytes("chunk" + i))
                    .setRemainingBytes(49 - i).build());
        }
        fixture.etcd.snapshotChunks = chunks;
        List<SnapshotResponse> received = new ArrayList<>();
        MaintenanceGrpc.newBlockingStub(fixture.channel()).snapshot(SnapshotRequest.getDefaultInstance())
                .forEachRemaining(received::add);
        assertEquals(chunks, received);
    }
}
