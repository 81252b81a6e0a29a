package io.ketch.v3.grpc.service;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.ketch.proto.v3lockpb.LockGrpc;
import io.ketch.proto.v3lockpb.LockRequest;
import io.ketch.proto.v3lockpb.LockResponse;
import io.ketch.proto.v3lockpb.UnlockRequest;
import io.ketch.proto.v3lockpb.UnlockResponse;
import io.ketch.spi.etcd.LockService;
import java.util.concurrent.CompletableFuture;

/**
 * v3lockpb.Lock over a {@link LockService}. A client that gives up on a pending Lock cancels the
 * service's future, so the service can withdraw its waiter key as etcd does.
 */
public final class LockGrpcService extends LockGrpc.LockImplBase {
    private final LockService locks;

    /** @param locks the Lock implementation (server core or proxy) */
    public LockGrpcService(LockService locks) {
        this.locks = locks;
    }

    @Override
    public void lock(LockRequest request, StreamObserver<LockResponse> observer) {
        Replies.reply(() -> cancelledWithCall(locks.lock(CallerInterceptor.current(), request), observer), observer);
    }

    @Override
    public void unlock(UnlockRequest request, StreamObserver<UnlockResponse> observer) {
        Replies.reply(() -> locks.unlock(CallerInterceptor.current(), request), observer);
    }

    /** Cancels the future when the client cancels the call (or its deadline passes). */
    static <T> CompletableFuture<T> cancelledWithCall(CompletableFuture<T> future, StreamObserver<T> observer) {
        if (observer instanceof ServerCallStreamObserver<T> call) {
            call.setOnCancelHandler(() -> future.cancel(false));
        }
        return future;
    }
}
