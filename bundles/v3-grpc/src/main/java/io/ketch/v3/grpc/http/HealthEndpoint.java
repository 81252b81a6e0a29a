package io.ketch.v3.grpc.http;

import com.google.protobuf.ByteString;
import io.ketch.proto.etcdserverpb.AlarmMember;
import io.ketch.proto.etcdserverpb.AlarmRequest;
import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.proto.etcdserverpb.StatusRequest;
import io.ketch.spi.etcd.Caller;
import io.ketch.spi.etcd.KvService;
import io.ketch.spi.etcd.MaintenanceService;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /health} as etcd 3.4.23 answers it: unhealthy on any alarm not excluded by an
 * {@code exclude=} query parameter, without a leader, or when a linearizable read fails within a
 * second (etcd reads through raft with a v2 QGET; a linearizable range is the v3 equivalent).
 * Healthy: 200 {@code {"health":"true"}}; unhealthy: 503 {@code {"health":"false"}} plus newline.
 */
public final class HealthEndpoint implements HttpEndpoint {
    private static final System.Logger LOG = System.getLogger("etcdhttp");
    private static final String HEALTHY = "{\"health\":\"true\"}";
    private static final String UNHEALTHY = "{\"health\":\"false\"}";
    private static final RangeRequest PROBE =
            RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("health")).build();

    private final KvService kv;
    private final MaintenanceService maintenance;

    /** Checks through the given services. */
    public HealthEndpoint(KvService kv, MaintenanceService maintenance) {
        this.kv = kv;
        this.maintenance = maintenance;
    }

    @Override
    public CompletionStage<FullHttpResponse> handle(FullHttpRequest request) {
        if (!HttpMethod.GET.equals(request.method())) {
            LOG.log(Level.WARNING, "/health error (status code 405)");
            return CompletableFuture.completedFuture(HttpResponses.methodNotAllowed("GET"));
        }
        Set<String> excluded = Set.copyOf(new QueryStringDecoder(request.uri()).parameters()
                .getOrDefault("exclude", List.of()));
        return check(excluded).handle((healthy, failure) -> Boolean.TRUE.equals(healthy)
                ? HttpResponses.text(HttpResponseStatus.OK, HEALTHY)
                : HttpResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, UNHEALTHY));
    }

    /** True when healthy; each step runs only if the previous one passed, as in etcd. */
    CompletableFuture<Boolean> check(Set<String> excludedAlarms) {
        AlarmRequest listAlarms = AlarmRequest.newBuilder()
                .setAction(AlarmRequest.AlarmAction.GET).build();
        return maintenance.alarm(Caller.ANONYMOUS, listAlarms).thenCompose(alarms -> {
            for (AlarmMember alarm : alarms.getAlarmsList()) {
                if (!excludedAlarms.contains(alarm.getAlarm().name())) {
                    LOG.log(Level.WARNING, "/health error due to " + alarm.getAlarm().name());
                    return CompletableFuture.completedFuture(false);
                }
            }
            return maintenance.status(Caller.ANONYMOUS, StatusRequest.getDefaultInstance())
                    .thenCompose(status -> {
                        if (status.getLeader() == 0) {
                            LOG.log(Level.WARNING, "/health error; no leader (status code 503)");
                            return CompletableFuture.completedFuture(false);
                        }
                        return kv.range(Caller.ANONYMOUS, PROBE)
                                .orTimeout(1, TimeUnit.SECONDS)
                                .handle((ok, error) -> {
                                    if (error != null) {
                                        LOG.log(Level.WARNING, "/health error; QGET failed "
                                                + error.getMessage() + " (status code 503)");
                                    }
                                    return error == null;
                                });
                    });
        });
    }
}
