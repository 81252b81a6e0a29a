package io.ketch.v3.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.CallOptions;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.ketch.v3.grpc.service.GrpcHealthService;
import java.util.Iterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** grpc.health.v1.Health, registered as etcd registers it, with its hand-encoded messages. */
class GrpcHealthOverTcpTest {
    private final ListenerFixture fixture = new ListenerFixture();

    @AfterEach
    void stop() throws InterruptedException {
        fixture.close();
    }

    @Test
    void emptyServiceNameIsServing() {
        assertEquals(GrpcHealthService.SERVING, ClientCalls.blockingUnaryCall(fixture.channel(),
                GrpcHealthService.CHECK, CallOptions.DEFAULT, ""));
    }

    @Test
    void otherServiceNameIsNotFound() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ClientCalls
                .blockingUnaryCall(fixture.channel(), GrpcHealthService.CHECK, CallOptions.DEFAULT, "etcdserverpb.KV"));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertEquals("unknown service", e.getStatus().getDescription());
    }

    @Test
    void watchSendsTheCurrentStatusFirst() {
        Iterator<Integer> updates = ClientCalls.blockingServerStreamingCall(fixture.channel(),
                GrpcHealthService.WATCH, CallOptions.DEFAULT, "");
        assertEquals(GrpcHealthService.SERVING, updates.next());
    }
}
