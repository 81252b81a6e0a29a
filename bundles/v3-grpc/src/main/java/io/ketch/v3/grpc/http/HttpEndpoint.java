package io.ketch.v3.grpc.http;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.util.concurrent.CompletionStage;

/**
 * One HTTP/1.1 path of the client port (/health, /version; later the JSON gateway and /v2). The
 * request is only valid until the returned stage completes.
 */
@FunctionalInterface
public interface HttpEndpoint {
    /** Answers a request; the front handler adds the headers every etcd response carries. */
    CompletionStage<FullHttpResponse> handle(FullHttpRequest request);
}
