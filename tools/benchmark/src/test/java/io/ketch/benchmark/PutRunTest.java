package io.ketch.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.ketch.proto.etcdserverpb.KVGrpc;
import io.ketch.proto.etcdserverpb.PutRequest;
import io.ketch.proto.etcdserverpb.PutResponse;
import io.ketch.proto.etcdserverpb.ResponseHeader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real, short run of {@code benchmark put} against a tiny KV server on 127.0.0.1. */
class PutRunTest {

    /** Just enough of etcd's KV: puts into a map, one revision per put. */
    private static final class TinyKv extends KVGrpc.KVImplBase {
        final Map<ByteString, ByteString> data = new ConcurrentHashMap<>();
        final AtomicLong revision = new AtomicLong(1);

        @Override
        public void put(PutRequest request, StreamObserver<PutResponse> response) {
            data.put(request.getKey(), request.getValue());
            long rev = revision.incrementAndGet();
            response.onNext(PutResponse.newBuilder().setHeader(ResponseHeader.newBuilder().setRevision(rev)).build());
            response.onCompleted();
        }
    }

    private final TinyKv kv = new TinyKv();
    private Server server;

    @BeforeEach
    void start() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(kv).build().start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = BenchmarkMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void putTotal200SendsExactly200PutsAndReportsThemAsJson() {
        String out = run("--endpoints", "127.0.0.1:" + server.getPort(), "--clients", "4", "--conns", "2",
                "put", "--total", "200", "--key-space-size", "50", "--sequential-keys", "--json");
        JsonObject json = JsonParser.parseString(out.trim()).getAsJsonObject();
        assertEquals(200, json.get("total").getAsLong());
        assertEquals(200, json.get("ok").getAsLong());
        assertEquals(0, json.get("errors").getAsLong());
        assertTrue(json.get("rps").getAsDouble() > 0);
        assertTrue(json.get("p99").getAsDouble() >= json.get("p50").getAsDouble());
        assertEquals(201, kv.revision.get(), "one revision per put");
        assertEquals(50, kv.data.size(), "sequential keys fill the key space");
    }

    @Test
    void textReportCountsEveryRequestInTheHistogram() {
        String out = run("--endpoints", "http://127.0.0.1:" + server.getPort(), "put", "--total", "200");
        assertTrue(out.startsWith("\nSummary:\n"), out);
        long counted = 0;
        for (String line : out.split("\n")) {
            int open = line.indexOf(" [");
            if (line.contains("]\t|") && open > 0) {
                counted += Long.parseLong(line.substring(open + 2, line.indexOf(']')));
            }
        }
        assertEquals(200, counted, out);
    }

    @Test
    void dialTimeoutToAClosedPortIsADialError() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = BenchmarkMain.run(new String[] {"--endpoints", "127.0.0.1:" + closed, "--dial-timeout", "300ms",
                "put", "--total", "5"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, rc);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("dial error"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void watchAgainstAServerWithoutWatchFailsInsteadOfPutting() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = BenchmarkMain.run(new String[] {"--endpoints", "127.0.0.1:" + server.getPort(), "--json", "watch",
                "--streams", "2", "--watch-per-stream", "3", "--put-total", "10"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(1, rc);
        JsonObject json = JsonParser.parseString(out.toString(StandardCharsets.UTF_8).trim()).getAsJsonObject();
        assertEquals("watch-create", json.get("op").getAsString());
        assertEquals(0, json.get("ok").getAsLong());
        assertEquals(1, kv.revision.get(), "no put was sent");
    }

    @Test
    void unimplementedCallsAreCountedAsErrorsAndTheRunStillEnds() {
        String out = run("--endpoints", "127.0.0.1:" + server.getPort(), "range", "foo", "--total", "20", "--json");
        JsonObject json = JsonParser.parseString(out.trim()).getAsJsonObject();
        assertEquals(20, json.get("errors").getAsLong());
        assertTrue(out.contains("code = Unimplemented"), out);
    }
}
