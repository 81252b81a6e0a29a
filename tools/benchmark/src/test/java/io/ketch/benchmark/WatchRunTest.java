package io.ketch.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import io.ketch.proto.etcdserverpb.WatchCreateRequest;
import io.ketch.proto.etcdserverpb.WatchGrpc;
import io.ketch.proto.etcdserverpb.WatchRequest;
import io.ketch.proto.etcdserverpb.WatchResponse;
import io.ketch.proto.mvccpb.Event;
import io.ketch.proto.mvccpb.KeyValue;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code benchmark watch} against a tiny server whose puts notify single-key watchers. */
class WatchRunTest {

    /** A watcher: its key, id and stream. */
    private record Watcher(ByteString key, long id, StreamObserver<WatchResponse> stream) {
    }

    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private final AtomicLong revision = new AtomicLong(1);
    private final AtomicLong ids = new AtomicLong();
    private Server server;

    private final class Kv extends KVGrpc.KVImplBase {
        @Override
        public void put(PutRequest request, StreamObserver<PutResponse> response) {
            long rev = revision.incrementAndGet();
            KeyValue kv = KeyValue.newBuilder().setKey(request.getKey()).setValue(request.getValue())
                    .setModRevision(rev).build();
            for (Watcher w : watchers) {
                if (w.key().equals(request.getKey())) {
                    synchronized (w.stream()) {
                        w.stream().onNext(WatchResponse.newBuilder().setWatchId(w.id())
                                .addEvents(Event.newBuilder().setKv(kv)).build());
                    }
                }
            }
            response.onNext(PutResponse.newBuilder().setHeader(ResponseHeader.newBuilder().setRevision(rev)).build());
            response.onCompleted();
        }
    }

    private final class Watch extends WatchGrpc.WatchImplBase {
        @Override
        public StreamObserver<WatchRequest> watch(StreamObserver<WatchResponse> stream) {
            return new StreamObserver<>() {
                @Override
                public void onNext(WatchRequest r) {
                    WatchCreateRequest c = r.getCreateRequest();
                    Watcher w = new Watcher(c.getKey(), ids.incrementAndGet(), stream);
                    // Registered before it is acknowledged: the client puts once all are created.
                    watchers.add(w);
                    synchronized (stream) {
                        stream.onNext(WatchResponse.newBuilder().setWatchId(w.id()).setCreated(true).build());
                    }
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                    stream.onCompleted();
                }
            };
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new Kv()).addService(new Watch()).build().start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void everyPutReachesEveryWatcherOfItsKey() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = BenchmarkMain.run(new String[] {"--endpoints", "127.0.0.1:" + server.getPort(), "--json", "--clients", "3",
                "watch", "--streams", "2", "--watch-per-stream", "3", "--put-total", "10"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
        String[] lines = out.toString(StandardCharsets.UTF_8).trim().split("\n");
        JsonObject creates = JsonParser.parseString(lines[0]).getAsJsonObject();
        JsonObject events = JsonParser.parseString(lines[1]).getAsJsonObject();
        assertEquals(6, creates.get("ok").getAsLong());
        // One key (key space 1): each of the 10 puts reaches all 6 watchers.
        assertEquals(60, events.get("ok").getAsLong());
        assertEquals(0, events.get("errors").getAsLong());
    }
}
