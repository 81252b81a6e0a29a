package io.ketch.v3.grpc.service;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.ketch.spi.etcd.EtcdException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The one place where failures become gRPC statuses: an {@link EtcdException} keeps its code and
 * exact message (etcdctl prints "Error: " + that message); a cancelled or timed-out future is
 * CANCELLED or DEADLINE_EXCEEDED with Go's context error text; anything else is UNKNOWN with its
 * message, as grpc-go reports a plain Go error.
 */
public final class GrpcErrors {
    private GrpcErrors() {
    }

    /** The status to close a call with. */
    public static StatusRuntimeException toStatus(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof EtcdException etcd) {
            return Status.fromCodeValue(Status.Code.valueOf(etcd.code().name()).value())
                    .withDescription(etcd.getMessage()).asRuntimeException();
        }
        if (cause instanceof StatusRuntimeException status) {
            return status;
        }
        if (cause instanceof StatusException status) {
            return status.getStatus().asRuntimeException(status.getTrailers());
        }
        if (cause instanceof CancellationException) {
            return Status.CANCELLED.withDescription("context canceled").withCause(cause).asRuntimeException();
        }
        if (cause instanceof TimeoutException) {
            return Status.DEADLINE_EXCEEDED.withDescription("context deadline exceeded")
                    .withCause(cause).asRuntimeException();
        }
        String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName();
        return Status.UNKNOWN.withDescription(message).withCause(cause).asRuntimeException();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
