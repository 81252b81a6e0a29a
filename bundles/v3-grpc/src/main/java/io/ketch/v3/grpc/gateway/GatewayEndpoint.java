package io.ketch.v3.grpc.gateway;

import com.google.protobuf.Message;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.ketch.v3.grpc.http.ChannelHttpEndpoint;
import io.ketch.v3.grpc.http.HttpResponses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * etcd's gRPC JSON gateway (grpc-gateway v1 as etcd 3.4 mounts it on /v3/, with /v3beta/ rewritten
 * to /v3/): POST a JSON request to an RPC's path, get its JSON answer; streaming RPCs answer with
 * newline-separated {"result":...} chunks.
 */
public final class GatewayEndpoint implements ChannelHttpEndpoint {
    private static final String METADATA_PREFIX = "grpc-metadata-";
    static final Metadata.Key<String> TOKEN = Metadata.Key.of("token", Metadata.ASCII_STRING_MARSHALLER);

    private final Map<String, GatewayRoutes.Route> routes;

    /** @param services the client port's services, already intercepted as the gRPC server has them */
    public GatewayEndpoint(List<ServerServiceDefinition> services) {
        this.routes = GatewayRoutes.of(services);
    }

    /** The paths served (for tests and the log). */
    public Map<String, GatewayRoutes.Route> routes() {
        return routes;
    }

    @Override
    public void serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        GatewayResponder responder = new GatewayResponder(ctx, keepAlive);
        String path = new QueryStringDecoder(request.uri()).path();
        if (path.startsWith("/v3beta/")) {
            path = "/v3/" + path.substring("/v3beta/".length());
        }
        GatewayRoutes.Route route = routes.get(path);
        if (route == null) {
            responder.full(HttpResponses.error(HttpResponseStatus.NOT_FOUND, "Not Found"));
            return;
        }
        if (!HttpMethod.POST.equals(request.method())) {
            responder.full(HttpResponses.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method Not Allowed"));
            return;
        }
        List<Message> requests;
        try {
            requests = GatewayJson.parse(request.content().toString(StandardCharsets.UTF_8), route.prototype());
        } catch (StatusRuntimeException e) {
            responder.error(e.getStatus());
            return;
        }
        start(route, requests, metadata(request), responder);
    }

    /**
     * grpc-gateway's incoming header matcher: {@code Grpc-Metadata-X} becomes metadata {@code x};
     * {@code Authorization} is forwarded, and etcd takes it as the auth token.
     */
    static Metadata metadata(FullHttpRequest request) {
        Metadata headers = new Metadata();
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith(METADATA_PREFIX) && name.length() > METADATA_PREFIX.length()
                    && !name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                headers.put(Metadata.Key.of(name.substring(METADATA_PREFIX.length()), Metadata.ASCII_STRING_MARSHALLER),
                        header.getValue());
            }
        }
        String token = request.headers().get("Authorization");
        if (token != null) {
            headers.put(TOKEN, token);
        }
        return headers;
    }

    @SuppressWarnings("unchecked")
    private static <Q, R> void start(GatewayRoutes.Route route, List<Message> requests, Metadata headers,
            GatewayResponder responder) {
        ServerMethodDefinition<Q, R> method = (ServerMethodDefinition<Q, R>) route.method();
        GatewayCall<Q, R> call = new GatewayCall<>(method.getMethodDescriptor(),
                route.serverStreaming() ? responder.streaming() : responder.unary());
        ServerCall.Listener<Q> listener = method.getServerCallHandler().startCall(call, headers);
        responder.onClientGone(() -> {
            call.cancel();
            listener.onCancel();
        });
        if (route.serverStreaming()) {
            responder.onWritable(listener::onReady);
        }
        listener.onReady();
        for (Message message : requests) {
            listener.onMessage((Q) message);
        }
        if (!route.clientStreaming()) {
            listener.onHalfClose();
        }
        // a client stream (Watch, LeaseKeepAlive) stays open until the HTTP client goes, as in etcd
    }
}
