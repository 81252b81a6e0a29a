package io.ketch.v3.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import io.ketch.proto.etcdserverpb.WatchCreateRequest;
import io.ketch.proto.etcdserverpb.WatchGrpc;
import io.ketch.proto.etcdserverpb.WatchRequest;
import io.ketch.proto.etcdserverpb.WatchResponse;
import io.ketch.proto.mvccpb.Event;
import io.ketch.proto.mvccpb.KeyValue;
import io.ketch.spi.etcd.Caller;
import io.ketch.spi.etcd.WatchListener;
import io.ketch.spi.etcd.WatchService;
import io.ketch.spi.etcd.WatchStream;
import io.ketch.v3.grpc.service.WatchGrpcService;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Watch stream over TCP against a small real service that answers creates and lets the test push events. */
class WatchOverTcpTest {
    /** Answers each create with created (ids from 0) and records the listener so the test can send more. */
    static final class ScriptedWatch implements WatchService {
        final BlockingQueue<WatchListener> opened = new LinkedBlockingQueue<>();
        final BlockingQueue<WatchRequest> requests = new LinkedBlockingQueue<>();
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public WatchStream open(Caller caller, WatchListener listener) {
            opened.add(listener);
            return new WatchStream() {
                private long next;

                @Override
                public void send(WatchRequest request) {
                    requests.add(request);
                    if (request.hasCreateRequest()) {
                        listener.onResponse(WatchResponse.newBuilder().setCreated(true).setWatchId(next++).build());
                    }
                }

                @Override
                public void close() {
                    closed.countDown();
                }
            };
        }
    }

    private final InMemoryEtcd etcd = new InMemoryEtcd();
    private final ScriptedWatch watch = new ScriptedWatch();
    private final WatchGrpcService service = new WatchGrpcService(watch);
    private final ClientListeners listeners = ClientListeners.start(List.of(new InetSocketAddress("127.0.0.1", 0)),
            ListenerOptions.defaults(), etcd, etcd, etcd, List.of(service));
    private final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
    private final ManagedChannel channel = NettyChannelBuilder.forAddress(listeners.addresses().get(0))
            .usePlaintext().build();
    private final BlockingQueue<WatchResponse> received = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        listeners.close();
    }

    private StreamObserver<WatchRequest> openStream() {
        return WatchGrpc.newStub(channel).watch(new StreamObserver<>() {
            @Override
            public void onNext(WatchResponse r) {
                received.add(r);
            }

            @Override
            public void onError(Throwable t) {
                errors.add(t);
            }

            @Override
            public void onCompleted() {
            }
        });
    }

    @Test
    void endingStreamsClosesThemWithServerStoppedSoClientsResume() throws Exception {
        StreamObserver<WatchRequest> requests = openStream();
        requests.onNext(create("foo"));
        assertTrue(received.poll(10, TimeUnit.SECONDS).getCreated());
        service.endStreams();
        io.grpc.Status status = io.grpc.Status.fromThrowable(errors.poll(10, TimeUnit.SECONDS));
        assertEquals(io.grpc.Status.Code.UNAVAILABLE, status.getCode());
        assertEquals("etcdserver: server stopped", status.getDescription());
        assertTrue(watch.closed.await(10, TimeUnit.SECONDS));
    }

    private static WatchRequest create(String key) {
        return WatchRequest.newBuilder().setCreateRequest(WatchCreateRequest.newBuilder()
                .setKey(ByteString.copyFromUtf8(key))).build();
    }

    private static WatchResponse event(long id, String key) {
        return WatchResponse.newBuilder().setWatchId(id).addEvents(Event.newBuilder()
                .setKv(KeyValue.newBuilder().setKey(ByteString.copyFromUtf8(key)))).build();
    }

    @Test
    void createdResponseAndLaterEventsReachTheClientInOrder() throws Exception {
        StreamObserver<WatchRequest> requests = openStream();
        requests.onNext(create("foo"));
        assertTrue(received.poll(10, TimeUnit.SECONDS).getCreated());
        WatchListener listener = watch.opened.take();
        listener.onResponse(event(0, "foo"));
        listener.onResponse(event(0, "bar"));
        assertEquals("foo", received.poll(10, TimeUnit.SECONDS).getEvents(0).getKv().getKey().toStringUtf8());
        assertEquals("bar", received.poll(10, TimeUnit.SECONDS).getEvents(0).getKv().getKey().toStringUtf8());
    }

    @Test
    void halfCloseKeepsTheStreamOpenAsEtcdDoes() throws Exception {
        StreamObserver<WatchRequest> requests = openStream();
        requests.onNext(create("foo"));
        requests.onCompleted();
        assertTrue(received.poll(10, TimeUnit.SECONDS).getCreated());
        watch.opened.take().onResponse(event(0, "foo"));
        assertEquals(1, received.poll(10, TimeUnit.SECONDS).getEventsCount());
        assertEquals(1, watch.closed.getCount(), "the stream is still open");
    }

    @Test
    void cancellingTheCallClosesTheWatchStream() throws Exception {
        StreamObserver<WatchRequest> requests = openStream();
        requests.onNext(create("foo"));
        assertTrue(received.poll(10, TimeUnit.SECONDS).getCreated());
        requests.onError(new RuntimeException("client gone"));
        assertTrue(watch.closed.await(10, TimeUnit.SECONDS));
    }

    @Test
    void clientThatReadsAgainIsAnnouncedWithAnEmptyRequest() throws Exception {
        java.util.concurrent.atomic.AtomicReference<ClientCallStreamObserver<WatchRequest>> client =
                new java.util.concurrent.atomic.AtomicReference<>();
        WatchListener listener = stalledClient(client);
        WatchResponse big = event(0, "x".repeat(16 * 1024));
        // Fill the client's window until the call stays not ready: while the transport drains
        // what was sent, readiness may flip back once (announcing a kick the test must discard).
        do {
            for (int sent = 0; listener.isReady() && sent < 100_000; sent++) {
                listener.onResponse(big);
            }
            watch.requests.clear();
        } while (listener.isReady());
        client.get().request(Integer.MAX_VALUE);
        WatchRequest kick = watch.requests.poll(10, TimeUnit.SECONDS);
        assertEquals(WatchRequest.RequestUnionCase.REQUESTUNION_NOT_SET, kick.getRequestUnionCase());
    }

    /** A client that reads nothing until the test requests messages through the reference. */
    private WatchListener stalledClient(java.util.concurrent.atomic.AtomicReference<ClientCallStreamObserver<WatchRequest>> ref)
            throws InterruptedException {
        WatchGrpc.newStub(channel).watch(new ClientResponseObserver<WatchRequest, WatchResponse>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<WatchRequest> call) {
                call.disableAutoRequestWithInitial(0);
                ref.set(call);
            }

            @Override
            public void onNext(WatchResponse r) {
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        }).onNext(create("foo"));
        WatchListener listener = watch.opened.take();
        // the create reaches the service after the stream opens: wait for it, or it could land
        // after a test clears the requests and be taken for the kick it waits for
        while (!watch.requests.take().hasCreateRequest()) {
            // an on-ready kick may come first
        }
        return listener;
    }

    @Test
    void clientThatStopsReadingMakesTheListenerNotReady() throws Exception {
        WatchGrpc.newStub(channel).watch(new ClientResponseObserver<WatchRequest, WatchResponse>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<WatchRequest> call) {
                call.disableAutoRequestWithInitial(0); // never reads a response
            }

            @Override
            public void onNext(WatchResponse r) {
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        }).onNext(create("foo"));
        WatchListener listener = watch.opened.take();
        WatchResponse big = event(0, "x".repeat(16 * 1024));
        int sent = 0;
        while (listener.isReady() && sent < 100_000) {
            listener.onResponse(big);
            sent++;
        }
        assertFalse(listener.isReady(), "still ready after " + sent + " responses");
    }
}
