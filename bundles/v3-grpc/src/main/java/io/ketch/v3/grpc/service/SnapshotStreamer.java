package io.ketch.v3.grpc.service;

import io.grpc.stub.ServerCallStreamObserver;
import io.ketch.proto.etcdserverpb.SnapshotResponse;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Streams a snapshot publisher to a gRPC call one chunk at a time: the next chunk is requested only
 * when the call can take it (gRPC's onReady), so a slow client paces the backend's reads instead of
 * filling memory. A cancelled call cancels the subscription.
 */
final class SnapshotStreamer implements Flow.Subscriber<SnapshotResponse> {
    private final ServerCallStreamObserver<SnapshotResponse> call;
    private final AtomicBoolean outstanding = new AtomicBoolean();
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;

    /** Must be built while the service method runs: gRPC takes its handlers only then. */
    SnapshotStreamer(ServerCallStreamObserver<SnapshotResponse> call) {
        this.call = call;
        call.setOnReadyHandler(this::pull);
        call.setOnCancelHandler(() -> {
            cancelled = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        });
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (cancelled) {
            s.cancel();
            return;
        }
        pull();
    }

    @Override
    public void onNext(SnapshotResponse chunk) {
        outstanding.set(false);
        if (!cancelled) {
            call.onNext(chunk);
            pull();
        }
    }

    @Override
    public void onError(Throwable failure) {
        if (!cancelled) {
            call.onError(GrpcErrors.toStatus(failure));
        }
    }

    @Override
    public void onComplete() {
        if (!cancelled) {
            call.onCompleted();
        }
    }

    private void pull() {
        Flow.Subscription s = subscription;
        if (s != null && !cancelled && call.isReady() && outstanding.compareAndSet(false, true)) {
            s.request(1);
        }
    }
}
