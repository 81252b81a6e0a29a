package io.ketch.v3.grpc.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.lang.System.Logger.Level;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The HTTP/1.1 side of a client port: routes a request by path to its endpoint, adds the
 * headers etcd's client handler puts on every response (CORS, Date), and answers unknown paths
 * with Go's 404.
 */
public final class HttpFrontHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final System.Logger LOG = System.getLogger("etcdhttp");

    private final Map<String, HttpEndpoint> endpoints;

    /** @param endpoints endpoint per path; a path ending in "/" also serves its subtree */
    public HttpFrontHandler(Map<String, HttpEndpoint> endpoints) {
        this.endpoints = Map.copyOf(endpoints);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            // Not HTTP (a TLS hello on the plain port, say): Go answers 400 and hangs up.
            write(ctx, HttpResponses.text(HttpResponseStatus.BAD_REQUEST, "400 Bad Request"), false);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpEndpoint endpoint = route(new QueryStringDecoder(request.uri()).path());
        if (endpoint instanceof ChannelHttpEndpoint channel) {
            channel.serve(ctx, request); // writes (and may stream) its own response
            return;
        }
        CompletionStage<FullHttpResponse> answer;
        if (endpoint == null) {
            answer = CompletableFuture.completedFuture(HttpResponses.notFound());
        } else {
            request.retain();
            answer = safely(endpoint, request).whenComplete((r, e) -> request.release());
        }
        answer.whenComplete((response, failure) -> {
            if (failure != null) {
                LOG.log(Level.WARNING, "http request " + request.uri() + " failed", failure);
                response = HttpResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                        String.valueOf(failure.getMessage()));
            }
            write(ctx, response, keepAlive);
        });
    }

    /**
     * Go ServeMux's choice: the exact path, else the longest pattern ending in "/" that prefixes
     * it (a subtree, as the JSON gateway and /v2/keys/ will register).
     */
    HttpEndpoint route(String path) {
        HttpEndpoint exact = endpoints.get(path);
        if (exact != null) {
            return exact;
        }
        String best = null;
        for (String pattern : endpoints.keySet()) {
            if (pattern.endsWith("/") && path.startsWith(pattern)
                    && (best == null || pattern.length() > best.length())) {
                best = pattern;
            }
        }
        return best == null ? null : endpoints.get(best);
    }

    private static CompletionStage<FullHttpResponse> safely(HttpEndpoint endpoint, FullHttpRequest request) {
        try {
            return endpoint.handle(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static void write(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        addCommonHeaders(response.headers());
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** etcd's CORS wrapper answers every client request with these. */
    public static void addCommonHeaders(HttpHeaders headers) {
        headers.set("Access-Control-Allow-Headers", "accept, content-type, authorization");
        headers.set("Access-Control-Allow-Methods", "POST, GET, OPTIONS, PUT, DELETE");
        headers.set("Access-Control-Allow-Origin", "*");
        headers.set(HttpHeaderNames.DATE, DateFormatter.format(new Date()));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.DEBUG, "client http connection failed", cause);
        ctx.close();
    }
}
