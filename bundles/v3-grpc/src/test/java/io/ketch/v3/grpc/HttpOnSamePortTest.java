package io.ketch.v3.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ketch.proto.etcdserverpb.AlarmMember;
import io.ketch.proto.etcdserverpb.AlarmType;
import io.ketch.proto.etcdserverpb.KVGrpc;
import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.spi.etcd.EtcdError;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * java.net.http (HTTP/1.1) against the same port that serves gRPC. Expected bodies, codes and
 * headers are what etcd 3.4.23 answered on this machine.
 */
class HttpOnSamePortTest {
    private final ListenerFixture fixture = new ListenerFixture();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() throws InterruptedException {
        fixture.close();
    }

    private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://" + fixture.endpoint() + path);
        return http.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void versionAnswersAsEtcd() throws Exception {
        HttpResponse<String> response = send("GET", "/version");
        assertEquals(200, response.statusCode());
        assertEquals("{\"etcdserver\":\"3.4.23\",\"etcdcluster\":\"3.4.0\"}", response.body());
        assertEquals("application/json", response.headers().firstValue("content-type").orElse(""));
        assertEquals("*", response.headers().firstValue("access-control-allow-origin").orElse(""));
    }

    @Test
    void healthyMemberAnswersTrueWith200() throws Exception {
        HttpResponse<String> response = send("GET", "/health");
        assertEquals(200, response.statusCode());
        assertEquals("{\"health\":\"true\"}", response.body());
        assertEquals("text/plain; charset=utf-8", response.headers().firstValue("content-type").orElse(""));
    }

    @Test
    void activeAlarmMakesHealthFalseWith503() throws Exception {
        fixture.etcd.alarms.add(AlarmMember.newBuilder().setMemberID(1).setAlarm(AlarmType.NOSPACE).build());
        HttpResponse<String> response = send("GET", "/health");
        assertEquals(503, response.statusCode());
        assertEquals("{\"health\":\"false\"}\n", response.body());
    }

    @Test
    void excludedAlarmKeepsHealthTrue() throws Exception {
        fixture.etcd.alarms.add(AlarmMember.newBuilder().setMemberID(1).setAlarm(AlarmType.NOSPACE).build());
        assertEquals(200, send("GET", "/health?exclude=NOSPACE").statusCode());
    }

    @Test
    void noLeaderMakesHealthFalse() throws Exception {
        fixture.etcd.leader = 0;
        assertEquals(503, send("GET", "/health").statusCode());
    }

    @Test
    void failedReadMakesHealthFalse() throws Exception {
        fixture.etcd.rangeFailure = EtcdError.TIMEOUT.exception();
        assertEquals(503, send("GET", "/health").statusCode());
    }

    @Test
    void unknownPathIsGoNotFound() throws Exception {
        HttpResponse<String> response = send("GET", "/nope");
        assertEquals(404, response.statusCode());
        assertEquals("404 page not found\n", response.body());
    }

    @Test
    void postToVersionIsMethodNotAllowed() throws Exception {
        HttpResponse<String> response = send("POST", "/version");
        assertEquals(405, response.statusCode());
        assertEquals("Method Not Allowed\n", response.body());
        assertEquals("GET", response.headers().firstValue("allow").orElse(""));
    }

    @Test
    void keepAliveConnectionServesSeveralRequests() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals(200, send("GET", "/version").statusCode());
        }
    }

    @Test
    void concurrentHttpAndGrpcClientsAllSucceed() throws Exception {
        long seed = System.nanoTime();
        java.util.Random random = new java.util.Random(seed);
        KVGrpc.KVBlockingStub kv = KVGrpc.newBlockingStub(fixture.channel());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                boolean http = random.nextBoolean();
                String key = "k" + i;
                results.add(pool.submit(() -> {
                    if (http) {
                        return send("GET", "/version").statusCode();
                    }
                    kv.put(io.ketch.proto.etcdserverpb.PutRequest.newBuilder()
                            .setKey(com.google.protobuf.ByteString.copyFromUtf8(key)).build());
                    return 200;
                }));
            }
            for (java.util.concurrent.Future<Integer> result : results) {
                assertEquals(200, result.get(30, java.util.concurrent.TimeUnit.SECONDS), "seed " + seed);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void grpcAndHttpWorkSideBySide() throws Exception {
        KVGrpc.KVBlockingStub kv = KVGrpc.newBlockingStub(fixture.channel());
        kv.range(RangeRequest.newBuilder().setKey(com.google.protobuf.ByteString.copyFromUtf8("k")).build());
        assertEquals(200, send("GET", "/version").statusCode());
        kv.range(RangeRequest.newBuilder().setKey(com.google.protobuf.ByteString.copyFromUtf8("k")).build());
    }
}
