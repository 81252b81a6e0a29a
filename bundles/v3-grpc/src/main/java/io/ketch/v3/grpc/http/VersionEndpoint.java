package io.ketch.v3.grpc.http;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /version}: the etcd server and cluster versions, byte for byte as etcd 3.4.23 writes
 * them ({@code {"etcdserver":"3.4.23","etcdcluster":"3.4.0"}}).
 */
public final class VersionEndpoint implements HttpEndpoint {
    /** The etcd release whose API Ketch implements; clients gate features on it. */
    public static final String SERVER_VERSION = "3.4.23";
    /** The cluster version a 3.4 cluster settles on. */
    public static final String CLUSTER_VERSION = "3.4.0";

    private final String body;

    /** Reports the fixed 3.4 versions. */
    public VersionEndpoint() {
        this(SERVER_VERSION, CLUSTER_VERSION);
    }

    VersionEndpoint(String server, String cluster) {
        body = "{\"etcdserver\":\"" + server + "\",\"etcdcluster\":\"" + cluster + "\"}";
    }

    @Override
    public CompletionStage<FullHttpResponse> handle(FullHttpRequest request) {
        if (!HttpMethod.GET.equals(request.method())) {
            return CompletableFuture.completedFuture(HttpResponses.methodNotAllowed("GET"));
        }
        return CompletableFuture.completedFuture(
                HttpResponses.of(HttpResponseStatus.OK, "application/json", body));
    }
}
