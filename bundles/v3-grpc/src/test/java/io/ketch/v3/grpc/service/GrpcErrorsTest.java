package io.ketch.v3.grpc.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.Status;
import io.ketch.spi.etcd.EtcdError;
import io.ketch.spi.etcd.EtcdException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class GrpcErrorsTest {
    @Test
    void everyEtcdErrorKeepsItsCodeAndMessage() {
        for (EtcdError error : EtcdError.values()) {
            Status status = GrpcErrors.toStatus(error.exception()).getStatus();
            assertEquals(error.code().name(), status.getCode().name(), error.name());
            assertEquals(error.message(), status.getDescription(), error.name());
        }
    }

    @Test
    void wrappedEtcdExceptionIsUnwrapped() {
        Status status = GrpcErrors.toStatus(new CompletionException(EtcdError.NO_LEADER.exception())).getStatus();
        assertEquals(Status.Code.UNAVAILABLE, status.getCode());
        assertEquals("etcdserver: no leader", status.getDescription());
    }

    @Test
    void runtimeBuiltEtcdExceptionKeepsItsOwnText() {
        Status status = GrpcErrors.toStatus(new EtcdException(EtcdError.Code.ABORTED, "custom")).getStatus();
        assertEquals(Status.Code.ABORTED, status.getCode());
        assertEquals("custom", status.getDescription());
    }

    @Test
    void otherExceptionIsUnknownWithItsMessage() {
        Status status = GrpcErrors.toStatus(new IllegalStateException("boom")).getStatus();
        assertEquals(Status.Code.UNKNOWN, status.getCode());
        assertEquals("boom", status.getDescription());
    }

    @Test
    void timeoutIsDeadlineExceeded() {
        assertEquals(Status.Code.DEADLINE_EXCEEDED,
                GrpcErrors.toStatus(new CompletionException(new TimeoutException())).getStatus().getCode());
    }

    @Test
    void cancellationIsCancelled() {
        assertEquals(Status.Code.CANCELLED, GrpcErrors.toStatus(new CancellationException()).getStatus().getCode());
    }
}
