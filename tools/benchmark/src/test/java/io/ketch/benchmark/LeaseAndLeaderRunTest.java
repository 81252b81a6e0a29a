package io.ketch.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.ketch.proto.etcdserverpb.KVGrpc;
import io.ketch.proto.etcdserverpb.LeaseGrantRequest;
import io.ketch.proto.etcdserverpb.LeaseGrantResponse;
import io.ketch.proto.etcdserverpb.LeaseGrpc;
import io.ketch.proto.etcdserverpb.LeaseKeepAliveRequest;
import io.ketch.proto.etcdserverpb.LeaseKeepAliveResponse;
import io.ketch.proto.etcdserverpb.MaintenanceGrpc;
import io.ketch.proto.etcdserverpb.PutRequest;
import io.ketch.proto.etcdserverpb.PutResponse;
import io.ketch.proto.etcdserverpb.ResponseHeader;
import io.ketch.proto.etcdserverpb.StatusRequest;
import io.ketch.proto.etcdserverpb.StatusResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code lease-keepalive} and {@code --target-leader} against tiny members on 127.0.0.1. */
class LeaseAndLeaderRunTest {

    /** A member: counts puts and keep-alives; its Status names {@code leader}. */
    private static final class Member {
        final AtomicLong puts = new AtomicLong();
        final AtomicLong keepAlives = new AtomicLong();
        final Server server;

        Member(long id, long leader) throws Exception {
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(new KVGrpc.KVImplBase() {
                        @Override
                        public void put(PutRequest request, StreamObserver<PutResponse> response) {
                            puts.incrementAndGet();
                            response.onNext(PutResponse.newBuilder().setHeader(ResponseHeader.newBuilder().setRevision(2)).build());
                            response.onCompleted();
                        }
                    })
                    .addService(new MaintenanceGrpc.MaintenanceImplBase() {
                        @Override
                        public void status(StatusRequest request, StreamObserver<StatusResponse> response) {
                            response.onNext(StatusResponse.newBuilder().setLeader(leader)
                                    .setHeader(ResponseHeader.newBuilder().setMemberId(id)).build());
                            response.onCompleted();
                        }
                    })
                    .addService(new LeaseGrpc.LeaseImplBase() {
                        @Override
                        public void leaseGrant(LeaseGrantRequest request, StreamObserver<LeaseGrantResponse> response) {
                            response.onNext(LeaseGrantResponse.newBuilder().setID(7).setTTL(request.getTTL()).build());
                            response.onCompleted();
                        }

                        @Override
                        public StreamObserver<LeaseKeepAliveRequest> leaseKeepAlive(
                                StreamObserver<LeaseKeepAliveResponse> response) {
                            return new StreamObserver<>() {
                                @Override
                                public void onNext(LeaseKeepAliveRequest r) {
                                    keepAlives.incrementAndGet();
                                    response.onNext(LeaseKeepAliveResponse.newBuilder().setID(r.getID())
                                            .setTTL(r.getID() == 7 ? 100 : 0).build());
                                }

                                @Override
                                public void onError(Throwable t) {
                                }

                                @Override
                                public void onCompleted() {
                                    response.onCompleted();
                                }
                            };
                        }
                    })
                    .build().start();
        }

        String endpoint() {
            return "127.0.0.1:" + server.getPort();
        }
    }

    private final List<Member> members = new ArrayList<>();

    private Member member(long id, long leader) throws Exception {
        Member m = new Member(id, leader);
        members.add(m);
        return m;
    }

    @AfterEach
    void stop() throws Exception {
        for (Member m : members) {
            m.server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private JsonObject runJson(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = BenchmarkMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
        return JsonParser.parseString(out.toString(StandardCharsets.UTF_8).trim()).getAsJsonObject();
    }

    @Test
    void leaseKeepaliveSendsTotalKeepAlivesOnGrantedLeases() throws Exception {
        Member m = member(1, 1);
        JsonObject json = runJson("--endpoints", m.endpoint(), "--clients", "3", "--json",
                "lease-keepalive", "--total", "50");
        assertEquals(50, json.get("ok").getAsLong());
        assertEquals(0, json.get("errors").getAsLong());
        assertEquals(50, m.keepAlives.get());
    }

    @Test
    void targetLeaderSendsEverythingToTheLeader() throws Exception {
        Member follower = member(1, 2);
        Member leader = member(2, 2);
        JsonObject json = runJson("--endpoints", follower.endpoint() + "," + leader.endpoint(), "--target-leader",
                "--conns", "2", "--clients", "2", "--json", "put", "--total", "20");
        assertEquals(20, json.get("ok").getAsLong());
        assertEquals(20, leader.puts.get());
        assertEquals(0, follower.puts.get());
    }

    @Test
    void withoutTargetLeaderConnectionsSpreadOverEndpointsAndClientsOverConnections() throws Exception {
        Member a = member(1, 2);
        Member b = member(2, 2);
        try (Connections c = new Connections(List.of(a.endpoint(), "http://" + b.endpoint()), 2, 4, false)) {
            assertEquals(a.endpoint(), c.client(0).authority());
            assertEquals(b.endpoint(), c.client(1).authority());
            assertEquals(c.client(0), c.client(2));
            assertEquals(c.client(1), c.client(3));
        }
    }
}
