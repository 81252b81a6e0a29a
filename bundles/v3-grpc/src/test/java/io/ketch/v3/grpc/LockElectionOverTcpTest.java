package io.ketch.v3.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.ketch.proto.etcdserverpb.ResponseHeader;
import io.ketch.proto.mvccpb.KeyValue;
import io.ketch.proto.v3electionpb.CampaignRequest;
import io.ketch.proto.v3electionpb.CampaignResponse;
import io.ketch.proto.v3electionpb.ElectionGrpc;
import io.ketch.proto.v3electionpb.LeaderKey;
import io.ketch.proto.v3electionpb.LeaderRequest;
import io.ketch.proto.v3electionpb.LeaderResponse;
import io.ketch.proto.v3electionpb.ProclaimRequest;
import io.ketch.proto.v3electionpb.ProclaimResponse;
import io.ketch.proto.v3electionpb.ResignRequest;
import io.ketch.proto.v3electionpb.ResignResponse;
import io.ketch.proto.v3lockpb.LockGrpc;
import io.ketch.proto.v3lockpb.LockRequest;
import io.ketch.proto.v3lockpb.LockResponse;
import io.ketch.proto.v3lockpb.UnlockRequest;
import io.ketch.proto.v3lockpb.UnlockResponse;
import io.ketch.spi.etcd.Caller;
import io.ketch.spi.etcd.ElectionService;
import io.ketch.spi.etcd.EtcdError;
import io.ketch.spi.etcd.EtcdException;
import io.ketch.spi.etcd.LockService;
import io.ketch.v3.grpc.service.ElectionGrpcService;
import io.ketch.v3.grpc.service.LockGrpcService;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Lock and Election services through a real grpc-java client over TCP. */
class LockElectionOverTcpTest {
    /**
     * A small real lock table: one holder per name, the others wait in a pending future; and an
     * election whose only state is its leader, published to observers.
     */
    static final class InMemoryConcurrency implements LockService, ElectionService {
        final Map<ByteString, CompletableFuture<LockResponse>> pending = new ConcurrentHashMap<>();
        final Map<ByteString, ByteString> held = new ConcurrentHashMap<>();
        final SubmissionPublisher<LeaderResponse> leaders = new SubmissionPublisher<>();
        final CountDownLatch subscribed = new CountDownLatch(1);
        volatile KeyValue leader;

        @Override
        public CompletableFuture<LockResponse> lock(Caller caller, LockRequest r) {
            ByteString key = r.getName().concat(ByteString.copyFromUtf8("/" + Long.toHexString(r.getLease())));
            LockResponse answer = LockResponse.newBuilder().setKey(key).setHeader(ResponseHeader.newBuilder().setRevision(2)).build();
            if (held.putIfAbsent(r.getName(), key) == null) {
                return CompletableFuture.completedFuture(answer);
            }
            CompletableFuture<LockResponse> f = new CompletableFuture<>();
            pending.put(r.getName(), f);
            return f;
        }

        @Override
        public CompletableFuture<UnlockResponse> unlock(Caller caller, UnlockRequest r) {
            held.values().remove(r.getKey());
            return CompletableFuture.completedFuture(UnlockResponse.getDefaultInstance());
        }

        @Override
        public CompletableFuture<CampaignResponse> campaign(Caller caller, CampaignRequest r) {
            ByteString key = r.getName().concat(ByteString.copyFromUtf8("/1"));
            leader = KeyValue.newBuilder().setKey(key).setValue(r.getValue()).setCreateRevision(2).build();
            leaders.submit(LeaderResponse.newBuilder().setKv(leader).build());
            return CompletableFuture.completedFuture(CampaignResponse.newBuilder()
                    .setLeader(LeaderKey.newBuilder().setName(r.getName()).setKey(key).setRev(2).setLease(1)).build());
        }

        @Override
        public CompletableFuture<ProclaimResponse> proclaim(Caller caller, ProclaimRequest r) {
            return CompletableFuture.failedFuture(new EtcdException(EtcdError.Code.UNKNOWN, "election: not leader"));
        }

        @Override
        public CompletableFuture<LeaderResponse> leader(Caller caller, LeaderRequest r) {
            KeyValue kv = leader;
            return kv == null ? CompletableFuture.failedFuture(new EtcdException(EtcdError.Code.UNKNOWN, "election: no leader"))
                    : CompletableFuture.completedFuture(LeaderResponse.newBuilder().setKv(kv).build());
        }

        @Override
        public Flow.Publisher<LeaderResponse> observe(Caller caller, LeaderRequest r) {
            return subscriber -> {
                leaders.subscribe(subscriber);
                subscribed.countDown();
            };
        }

        @Override
        public CompletableFuture<ResignResponse> resign(Caller caller, ResignRequest r) {
            leader = null;
            return CompletableFuture.completedFuture(ResignResponse.getDefaultInstance());
        }
    }

    private final InMemoryEtcd etcd = new InMemoryEtcd();
    private final InMemoryConcurrency service = new InMemoryConcurrency();
    private final ClientListeners listeners = ClientListeners.start(List.of(new InetSocketAddress("127.0.0.1", 0)),
            ListenerOptions.defaults(), etcd, etcd, etcd,
            List.of(new LockGrpcService(service), new ElectionGrpcService(service)));
    private final ManagedChannel channel = NettyChannelBuilder.forAddress(listeners.addresses().get(0))
            .usePlaintext().build();

    @AfterEach
    void stop() throws InterruptedException {
        service.leaders.close();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        listeners.close();
    }

    private static ByteString bs(String s) {
        return ByteString.copyFromUtf8(s);
    }

    @Test
    void lockAnswersWithTheOwnerKey() {
        LockResponse r = LockGrpc.newBlockingStub(channel)
                .lock(LockRequest.newBuilder().setName(bs("mylock")).setLease(0x2a).build());
        assertEquals("mylock/2a", r.getKey().toStringUtf8());
    }

    @Test
    void aLockCallThatTimesOutCancelsTheServiceWait() throws Exception {
        LockGrpc.LockBlockingStub stub = LockGrpc.newBlockingStub(channel);
        stub.lock(LockRequest.newBuilder().setName(bs("mylock")).setLease(1).build());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.withDeadlineAfter(300, TimeUnit.MILLISECONDS)
                .lock(LockRequest.newBuilder().setName(bs("mylock")).setLease(2).build()));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        CompletableFuture<LockResponse> waiter = service.pending.get(bs("mylock"));
        // the server sees the cancellation shortly after the client: wait for it, bounded
        assertThrows(java.util.concurrent.CancellationException.class, () -> waiter.get(10, TimeUnit.SECONDS));
    }

    @Test
    void noLeaderIsUnknownWithEtcdsText() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ElectionGrpc.newBlockingStub(channel)
                .leader(LeaderRequest.newBuilder().setName(bs("e")).build()));
        assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
        assertEquals("election: no leader", e.getStatus().getDescription());
    }

    @Test
    void observeStreamsEachPublishedLeader() {
        Context.CancellableContext ctx = Context.current().withCancellation();
        try {
            Iterator<LeaderResponse> seen = ctx.call(() -> ElectionGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS).observe(LeaderRequest.newBuilder().setName(bs("e")).build()));
            ElectionGrpc.ElectionBlockingStub stub = ElectionGrpc.newBlockingStub(channel);
            // the observer subscribes on the server before the first campaign is published
            assertTrue(service.subscribed.await(10, TimeUnit.SECONDS));
            List<String> values = new ArrayList<>();
            stub.campaign(CampaignRequest.newBuilder().setName(bs("e")).setValue(bs("p1")).build());
            values.add(seen.next().getKv().getValue().toStringUtf8());
            stub.campaign(CampaignRequest.newBuilder().setName(bs("e")).setValue(bs("p2")).build());
            values.add(seen.next().getKv().getValue().toStringUtf8());
            assertEquals(List.of("p1", "p2"), values);
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            ctx.cancel(null);
        }
    }
}
