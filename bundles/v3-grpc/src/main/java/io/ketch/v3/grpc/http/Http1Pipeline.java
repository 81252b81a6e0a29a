package io.ketch.v3.grpc.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.Map;
import java.util.function.Consumer;

/** Installs the HTTP/1.1 handlers of a client port after the sniffer that decided on them. */
public final class Http1Pipeline implements Consumer<ChannelHandlerContext> {
    private final Map<String, HttpEndpoint> endpoints;
    private final int maxContentLength;

    /**
     * @param endpoints        endpoint per exact path
     * @param maxContentLength the largest request body accepted (413 above it)
     */
    public Http1Pipeline(Map<String, HttpEndpoint> endpoints, int maxContentLength) {
        this.endpoints = Map.copyOf(endpoints);
        this.maxContentLength = maxContentLength;
    }

    @Override
    public void accept(ChannelHandlerContext sniffer) {
        ChannelPipeline pipeline = sniffer.pipeline();
        pipeline.addAfter(sniffer.name(), "http1-codec", new HttpServerCodec());
        pipeline.addAfter("http1-codec", "http1-aggregator", new HttpObjectAggregator(maxContentLength));
        pipeline.addAfter("http1-aggregator", "http1-front", new HttpFrontHandler(endpoints));
    }
}
