package io.ketch.benchmark;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.ketch.proto.etcdserverpb.WatchCreateRequest;
import io.ketch.proto.etcdserverpb.WatchGrpc;
import io.ketch.proto.etcdserverpb.WatchRequest;
import io.ketch.proto.etcdserverpb.WatchResponse;
import io.ketch.proto.mvccpb.Event;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One Watch stream carrying many watchers. Creates are answered in the order they were sent on a
 * stream, so the time of each create is matched to its {@code created} response by a FIFO.
 */
final class WatchStream {

    private final StreamObserver<WatchRequest> requests;
    private volatile boolean failed;
    private final ConcurrentLinkedQueue<Long> pendingCreates = new ConcurrentLinkedQueue<>();

    /**
     * @param created called with the create latency in nanos for each created watcher
     * @param event called for each event received, with the time it arrived
     * @param failed called when the stream fails, a watcher is cancelled, or the stream ends
     */
    WatchStream(ManagedChannel ch, Consumer<Long> created, EventSink event, Consumer<Throwable> failed) {
        requests = WatchGrpc.newStub(ch).watch(new StreamObserver<>() {
            @Override
            public void onNext(WatchResponse r) {
                long now = System.nanoTime();
                if (r.getCreated()) {
                    Long sent = pendingCreates.poll();
                    created.accept(sent == null ? 0 : now - sent);
                }
                if (r.getCanceled()) {
                    failed.accept(new IllegalStateException("watch canceled: " + r.getCancelReason()));
                }
                for (Event e : r.getEventsList()) {
                    event.accept(e, now);
                }
            }

            @Override
            public void onError(Throwable t) {
                WatchStream.this.failed = true;
                failed.accept(t);
            }

            @Override
            public void onCompleted() {
                WatchStream.this.failed = true;
                failed.accept(new IllegalStateException("watch stream closed"));
            }
        });
    }

    /** Sends a create request; synchronized because a gRPC request stream is not thread safe. */
    synchronized void create(WatchCreateRequest create) {
        pendingCreates.add(System.nanoTime());
        requests.onNext(WatchRequest.newBuilder().setCreateRequest(create).build());
    }

    /** Whether the stream has ended (failed, or closed by the server). */
    boolean failed() {
        return failed;
    }

    /**
     * Waits for the latch, at most {@code seconds}, and no longer once every stream has ended
     * (a server without Watch must not make the run wait out its timeout).
     *
     * @return whether the latch reached zero
     */
    static boolean await(CountDownLatch latch, java.util.List<WatchStream> streams, long seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (latch.await(50, TimeUnit.MILLISECONDS)) {
                return true;
            }
            if (streams.stream().allMatch(WatchStream::failed)) {
                return latch.getCount() == 0;
            }
        }
        return latch.getCount() == 0;
    }

    /** Closes the stream from this side. */
    synchronized void close() {
        requests.onCompleted();
    }

    /** Receives events. */
    @FunctionalInterface
    interface EventSink {
        void accept(Event event, long arrivedNanos);
    }
}
