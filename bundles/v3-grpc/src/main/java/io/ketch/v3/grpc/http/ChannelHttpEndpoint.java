package io.ketch.v3.grpc.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An endpoint that writes its own response to the channel, so it can stream it in chunks (the
 * JSON gateway's watch and keep-alive streams). It must add {@link HttpFrontHandler#addCommonHeaders}.
 */
public interface ChannelHttpEndpoint extends HttpEndpoint {
    /** Serves a request; the request is released when this returns, so read it here. */
    void serve(ChannelHandlerContext ctx, FullHttpRequest request);

    /** Not used: the front handler calls {@link #serve} instead. */
    @Override
    default CompletionStage<FullHttpResponse> handle(FullHttpRequest request) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("served on the channel"));
    }
}
