package io.ketch.v3.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.ketch.proto.etcdserverpb.SnapshotResponse;
import io.ketch.proto.etcdserverpb.WatchResponse;
import io.ketch.v3.grpc.service.ElectionGrpcService;
import io.ketch.v3.grpc.service.LockGrpcService;
import io.ketch.v3.grpc.service.WatchGrpcService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The JSON gateway on the client port, driven with java.net.http. Expected bodies, codes and
 * headers are what etcd 3.4.23's gateway answered on this machine for the same requests.
 */
class JsonGatewayOverTcpTest {
    private static final String HEADER = "{\"cluster_id\":\"2086585054035315498\",\"member_id\":\"7059456375117371922\"";

    private final InMemoryEtcd etcd = new InMemoryEtcd();
    private final WatchOverTcpTest.ScriptedWatch watch = new WatchOverTcpTest.ScriptedWatch();
    private final LockElectionOverTcpTest.InMemoryConcurrency concurrency = new LockElectionOverTcpTest.InMemoryConcurrency();
    private final ClientListeners listeners = ClientListeners.start(List.of(new InetSocketAddress("127.0.0.1", 0)),
            ListenerOptions.defaults(), etcd, etcd, etcd,
            List.of(new WatchGrpcService(watch), new LockGrpcService(concurrency), new ElectionGrpcService(concurrency)));
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        listeners.close();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://" + ClientUrls.format(listeners.addresses().get(0)) + path));
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void putThenRangeAnswersEtcdsJson() throws Exception {
        HttpResponse<String> put = post("/v3/kv/put", "{\"key\":\"Zm9v\",\"value\":\"YmFy\"}");
        assertEquals(200, put.statusCode());
        assertEquals("{\"header\":" + HEADER + ",\"revision\":\"2\",\"raft_term\":\"2\"}}", put.body());
        HttpResponse<String> range = post("/v3/kv/range", "{\"key\":\"Zm9v\"}");
        assertEquals("{\"header\":" + HEADER + ",\"revision\":\"2\",\"raft_term\":\"2\"},\"kvs\":[{\"key\":\"Zm9v\","
                + "\"create_revision\":\"2\",\"mod_revision\":\"2\",\"version\":\"1\",\"value\":\"YmFy\"}],\"count\":\"1\"}",
                range.body());
        assertEquals("application/json", range.headers().firstValue("content-type").orElse(""));
        assertEquals("*", range.headers().firstValue("access-control-allow-origin").orElse(""));
    }

    @Test
    void v3betaIsRewrittenToV3() throws Exception {
        assertEquals(200, post("/v3beta/maintenance/status", "{}").statusCode());
    }

    @Test
    void etcdErrorIsGatewayErrorJsonWithMappedStatus() throws Exception {
        HttpResponse<String> response = post("/v3/kv/compaction", "{\"revision\":\"1\"}");
        assertEquals(400, response.statusCode());
        assertEquals("{\"error\":\"etcdserver: mvcc: required revision has been compacted\","
                + "\"message\":\"etcdserver: mvcc: required revision has been compacted\",\"code\":11}", response.body());
    }

    @Test
    void malformedJsonIs400WithCodeThree() throws Exception {
        HttpResponse<String> response = post("/v3/kv/range", "{bad");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().endsWith(",\"code\":3}"), response.body());
    }

    @Test
    void unknownGatewayPathIsNotFound() throws Exception {
        HttpResponse<String> response = post("/v3/nope", "{}");
        assertEquals(404, response.statusCode());
        assertEquals("Not Found\n", response.body());
    }

    @Test
    void getIsMethodNotAllowed() throws Exception {
        HttpResponse<String> response = http.send(request("/v3/kv/range").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, response.statusCode());
    }

    @Test
    void authorizationHeaderIsTheCallersToken() throws Exception {
        http.send(request("/v3/kv/range").header("Authorization", "tok.1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"YQ==\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("tok.1", etcd.callers.get(0).token());
    }

    @Test
    void grpcMetadataHeaderBecomesMetadata() throws Exception {
        http.send(request("/v3/kv/range").header("Grpc-Metadata-Token", "tok.2")
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"YQ==\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("tok.2", etcd.callers.get(0).token());
    }

    @Test
    void lockPathServesTheBoundLockService() throws Exception {
        HttpResponse<String> response = post("/v3/lock/lock", "{\"name\":\"bA==\"}");
        assertEquals(200, response.statusCode());
        assertEquals("{\"header\":{\"revision\":\"2\"},\"key\":\"bC8w\"}", response.body());
    }

    @Test
    void electionErrorIsGatewayErrorJson() throws Exception {
        HttpResponse<String> response = post("/v3/election/leader", "{\"name\":\"ZQ==\"}");
        assertEquals(500, response.statusCode());
        assertEquals("{\"error\":\"election: no leader\",\"message\":\"election: no leader\",\"code\":2}",
                response.body());
    }

    @Test
    void snapshotStreamsEachChunkAsAResultLine() throws Exception {
        etcd.snapshotChunks = List.of(
                SnapshotResponse.newBuilder().setRemainingBytes(1).setBlob(ByteString.copyFromUtf8("ab")).build(),
                SnapshotResponse.newBuilder().setBlob(ByteString.copyFromUtf8("c")).build());
        HttpResponse<String> response = post("/v3/maintenance/snapshot", "{}");
        assertEquals(200, response.statusCode());
        assertEquals("{\"result\":{\"remaining_bytes\":\"1\",\"blob\":\"YWI=\"}}\n{\"result\":{\"blob\":\"Yw==\"}}\n",
                response.body());
    }

    @Test
    void watchStreamsResultLinesAsTheyHappen() throws Exception {
        HttpResponse<Stream<String>> response = http.send(request("/v3/watch")
                .POST(HttpRequest.BodyPublishers.ofString("{\"create_request\":{\"key\":\"Zm9v\"}}")).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        Iterator<String> lines = response.body().iterator();
        assertEquals("{\"result\":{\"created\":true}}", lines.next());
        watch.opened.take().onResponse(WatchResponse.newBuilder().setWatchId(0).build());
        assertEquals("{\"result\":{}}", lines.next());
        response.body().close();
    }
}
