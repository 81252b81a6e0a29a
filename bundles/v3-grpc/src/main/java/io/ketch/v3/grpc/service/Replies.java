package io.ketch.v3.grpc.service;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Bridges an SPI call's future to a unary gRPC reply, mapping every failure in one place. */
final class Replies {
    private Replies() {
    }

    /** Runs the call (which may also throw) and completes the observer with its outcome. */
    static <T> void reply(Supplier<CompletableFuture<T>> call, StreamObserver<T> observer) {
        CompletableFuture<T> future;
        try {
            future = call.get();
        } catch (RuntimeException e) {
            observer.onError(GrpcErrors.toStatus(e));
            return;
        }
        future.whenComplete((response, failure) -> {
            if (failure != null) {
                observer.onError(GrpcErrors.toStatus(failure));
            } else {
                observer.onNext(response);
                observer.onCompleted();
            }
        });
    }

    /** Fails the call with the validation error, if there is one; true when it did. */
    static boolean refused(RuntimeException validationError, StreamObserver<?> observer) {
        if (validationError == null) {
            return false;
        }
        observer.onError(GrpcErrors.toStatus(validationError));
        return true;
    }
}
