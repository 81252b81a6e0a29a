package io.ketch.v3.grpc.service;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.ketch.proto.etcdserverpb.StatusRequest;
import io.ketch.spi.etcd.Caller;
import io.ketch.spi.etcd.EtcdError;
import io.ketch.spi.etcd.MaintenanceService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * etcd's "hasleader" guard: a call whose metadata carries {@code hasleader: true} (clientv3's
 * WithRequireLeader, used by watches and the grpc-proxy) fails with "etcdserver: no leader" while
 * the member knows no leader. Calls without it are not touched.
 *
 * <p>gRPC runs interceptors on its call executor, not on Netty's threads, so waiting briefly for
 * the member's status here blocks no I/O.
 */
public final class RequireLeaderInterceptor implements ServerInterceptor {
    static final Metadata.Key<String> REQUIRE_LEADER =
            Metadata.Key.of("hasleader", Metadata.ASCII_STRING_MARSHALLER);
    private static final long STATUS_TIMEOUT_MS = 5_000;

    private final MaintenanceService maintenance;

    /** @param maintenance where the member's current leader comes from */
    public RequireLeaderInterceptor(MaintenanceService maintenance) {
        this.maintenance = maintenance;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        if (!"true".equals(headers.get(REQUIRE_LEADER))) {
            return next.startCall(call, headers);
        }
        RuntimeException refusal = leaderMissing();
        if (refusal != null) {
            call.close(GrpcErrors.toStatus(refusal).getStatus(), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        return next.startCall(call, headers);
    }

    private RuntimeException leaderMissing() {
        try {
            long leader = maintenance.status(Caller.ANONYMOUS, StatusRequest.getDefaultInstance())
                    .get(STATUS_TIMEOUT_MS, TimeUnit.MILLISECONDS).getLeader();
            return leader == 0 ? EtcdError.NO_LEADER.exception() : null;
        } catch (ExecutionException e) {
            return new RuntimeException(e.getCause());
        } catch (TimeoutException e) {
            return EtcdError.TIMEOUT.exception();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EtcdError.STOPPED.exception();
        }
    }
}
