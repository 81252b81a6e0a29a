package io.ketch.v3.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.ketch.proto.etcdserverpb.LeaseGrantRequest;
import io.ketch.proto.etcdserverpb.LeaseGrantResponse;
import io.ketch.proto.etcdserverpb.LeaseGrpc;
import io.ketch.proto.etcdserverpb.LeaseKeepAliveRequest;
import io.ketch.proto.etcdserverpb.LeaseKeepAliveResponse;
import io.ketch.proto.etcdserverpb.LeaseLeasesRequest;
import io.ketch.proto.etcdserverpb.LeaseLeasesResponse;
import io.ketch.proto.etcdserverpb.LeaseRevokeRequest;
import io.ketch.proto.etcdserverpb.LeaseRevokeResponse;
import io.ketch.proto.etcdserverpb.LeaseStatus;
import io.ketch.proto.etcdserverpb.LeaseTimeToLiveRequest;
import io.ketch.proto.etcdserverpb.LeaseTimeToLiveResponse;
import io.ketch.spi.etcd.Caller;
import io.ketch.spi.etcd.EtcdError;
import io.ketch.spi.etcd.LeaseService;
import io.ketch.v3.grpc.service.LeaseGrpcService;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Lease service through a real grpc-java client over TCP. */
class LeaseOverTcpTest {
    private static final long SEED = 20261122L;

    /**
     * A small real lease table; keep-alives complete after a seeded random delay, so answers come
     * back out of order unless the front end keeps them in order.
     */
    static final class InMemoryLeases implements LeaseService {
        final Map<Long, Long> ttls = new ConcurrentHashMap<>();
        private final AtomicLong nextId = new AtomicLong(0x694d7a7b1c2e3f00L);
        private final Random random = new Random(SEED);

        @Override
        public CompletableFuture<LeaseGrantResponse> leaseGrant(Caller caller, LeaseGrantRequest r) {
            long id = r.getID() == 0 ? nextId.incrementAndGet() : r.getID();
            if (ttls.putIfAbsent(id, r.getTTL()) != null) {
                return CompletableFuture.failedFuture(EtcdError.LEASE_EXIST.exception());
            }
            return CompletableFuture.completedFuture(LeaseGrantResponse.newBuilder().setID(id).setTTL(r.getTTL()).build());
        }

        @Override
        public CompletableFuture<LeaseRevokeResponse> leaseRevoke(Caller caller, LeaseRevokeRequest r) {
            return ttls.remove(r.getID()) == null
                    ? CompletableFuture.failedFuture(EtcdError.LEASE_NOT_FOUND.exception())
                    : CompletableFuture.completedFuture(LeaseRevokeResponse.getDefaultInstance());
        }

        @Override
        public CompletableFuture<LeaseKeepAliveResponse> leaseKeepAlive(Caller caller, LeaseKeepAliveRequest r) {
            if (r.getID() < 0) {
                return CompletableFuture.failedFuture(EtcdError.NOT_LEADER.exception());
            }
            long delay;
            synchronized (random) {
                delay = random.nextInt(20);
            }
            Executor later = CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS);
            return CompletableFuture.supplyAsync(() -> LeaseKeepAliveResponse.newBuilder().setID(r.getID())
                    .setTTL(ttls.getOrDefault(r.getID(), 0L)).build(), later);
        }

        @Override
        public CompletableFuture<LeaseTimeToLiveResponse> leaseTimeToLive(Caller caller, LeaseTimeToLiveRequest r) {
            Long ttl = ttls.get(r.getID());
            return CompletableFuture.completedFuture(LeaseTimeToLiveResponse.newBuilder().setID(r.getID())
                    .setTTL(ttl == null ? -1 : ttl).setGrantedTTL(ttl == null ? 0 : ttl).build());
        }

        @Override
        public CompletableFuture<LeaseLeasesResponse> leaseLeases(Caller caller, LeaseLeasesRequest r) {
            LeaseLeasesResponse.Builder b = LeaseLeasesResponse.newBuilder();
            ttls.keySet().stream().sorted().forEach(id -> b.addLeases(LeaseStatus.newBuilder().setID(id)));
            return CompletableFuture.completedFuture(b.build());
        }
    }

    private final InMemoryEtcd etcd = new InMemoryEtcd();
    private final InMemoryLeases leases = new InMemoryLeases();
    private final ClientListeners listeners = ClientListeners.start(List.of(new InetSocketAddress("127.0.0.1", 0)),
            ListenerOptions.defaults(), etcd, etcd, etcd, List.of(new LeaseGrpcService(leases)));
    private final ManagedChannel channel = NettyChannelBuilder.forAddress(listeners.addresses().get(0))
            .usePlaintext().build();
    private final LeaseGrpc.LeaseBlockingStub stub = LeaseGrpc.newBlockingStub(channel);

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        listeners.close();
    }

    @Test
    void grantTimeToLiveLeasesAndRevokeReachTheService() {
        long id = stub.leaseGrant(LeaseGrantRequest.newBuilder().setTTL(60).build()).getID();
        assertEquals(60, stub.leaseTimeToLive(LeaseTimeToLiveRequest.newBuilder().setID(id).build()).getGrantedTTL());
        assertEquals(List.of(id), stub.leaseLeases(LeaseLeasesRequest.getDefaultInstance()).getLeasesList().stream()
                .map(LeaseStatus::getID).toList());
        stub.leaseRevoke(LeaseRevokeRequest.newBuilder().setID(id).build());
        assertEquals(-1, stub.leaseTimeToLive(LeaseTimeToLiveRequest.newBuilder().setID(id).build()).getTTL());
    }

    @Test
    void revokeOfAnUnknownLeaseIsNotFoundWithEtcdsMessage() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> stub.leaseRevoke(LeaseRevokeRequest.newBuilder().setID(42).build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertEquals("etcdserver: requested lease not found", e.getStatus().getDescription());
    }

    @Test
    void keepAliveAnswersEveryRequestInOrder() throws InterruptedException {
        List<Long> ids = new ArrayList<>();
        for (long i = 1; i <= 40; i++) {
            leases.ttls.put(i, 10 + i);
            ids.add(i);
        }
        List<LeaseKeepAliveResponse> answers = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        StreamObserver<LeaseKeepAliveRequest> requests = LeaseGrpc.newStub(channel).leaseKeepAlive(
                new StreamObserver<>() {
                    @Override
                    public void onNext(LeaseKeepAliveResponse r) {
                        synchronized (answers) {
                            answers.add(r);
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.countDown();
                    }

                    @Override
                    public void onCompleted() {
                        done.countDown();
                    }
                });
        ids.forEach(id -> requests.onNext(LeaseKeepAliveRequest.newBuilder().setID(id).build()));
        requests.onCompleted();
        assertEquals(true, done.await(30, TimeUnit.SECONDS));
        synchronized (answers) {
            assertEquals(ids, answers.stream().map(LeaseKeepAliveResponse::getID).toList(), "seed " + SEED);
            assertEquals(11, answers.get(0).getTTL());
        }
    }

    @Test
    void aFailedRenewalEndsTheKeepAliveStreamWithItsStatus() throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        StreamObserver<LeaseKeepAliveRequest> requests = LeaseGrpc.newStub(channel).leaseKeepAlive(
                new StreamObserver<>() {
                    @Override
                    public void onNext(LeaseKeepAliveResponse r) {
                    }

                    @Override
                    public void onError(Throwable t) {
                        failure.set(t);
                        done.countDown();
                    }

                    @Override
                    public void onCompleted() {
                        done.countDown();
                    }
                });
        requests.onNext(LeaseKeepAliveRequest.newBuilder().setID(-1).build());
        assertEquals(true, done.await(30, TimeUnit.SECONDS));
        Status status = Status.fromThrowable(failure.get());
        assertEquals("etcdserver: not leader", status.getDescription());
        requests.onCompleted();
    }

    @Test
    void withoutALeaseServiceTheFrontEndAnswersUnimplemented() throws InterruptedException {
        try (ListenerFixture plain = new ListenerFixture()) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> LeaseGrpc.newBlockingStub(
                    plain.channel()).leaseLeases(LeaseLeasesRequest.getDefaultInstance()));
            assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
        }
    }
}
