package io.ketch.server.watch;

import io.ketch.proto.etcdserverpb.WatchResponse;
import io.ketch.proto.mvccpb.Event;
import io.ketch.spi.etcd.WatchListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A client in a test: records responses; its readiness can be switched; waits on a condition. */
final class Recorder implements WatchListener {
    private final List<WatchResponse> responses = new ArrayList<>();
    volatile boolean ready = true;
    private Predicate<List<WatchResponse>> until = r -> false;
    private CountDownLatch done = new CountDownLatch(1);

    @Override
    public synchronized void onResponse(WatchResponse response) {
        responses.add(response);
        if (until.test(responses)) {
            done.countDown();
        }
    }

    @Override
    public boolean isReady() {
        return ready;
    }

    final CountDownLatch closed = new CountDownLatch(1);
    volatile Throwable closedWith;

    @Override
    public void onClose(Throwable error) {
        closedWith = error;
        closed.countDown();
    }

    synchronized List<WatchResponse> responses() {
        return new ArrayList<>(responses);
    }

    /** Every event received, in order. */
    synchronized List<Event> events() {
        return responses.stream().flatMap(r -> r.getEventsList().stream()).toList();
    }

    /** Waits (bounded, for a failing test only) until the responses satisfy the condition. */
    boolean await(Predicate<List<WatchResponse>> condition) throws InterruptedException {
        synchronized (this) {
            until = condition;
            done = new CountDownLatch(1);
            if (condition.test(responses)) {
                return true;
            }
        }
        return done.await(30, TimeUnit.SECONDS);
    }
}
