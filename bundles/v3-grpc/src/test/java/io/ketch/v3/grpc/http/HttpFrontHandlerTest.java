package io.ketch.v3.grpc.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class HttpFrontHandlerTest {
    private static final HttpEndpoint OK =
            r -> CompletableFuture.completedFuture(HttpResponses.text(HttpResponseStatus.OK, "ok"));
    private static final HttpEndpoint V2 = r -> CompletableFuture.completedFuture(HttpResponses.text(
            HttpResponseStatus.OK, "v2"));

    @Test
    void exactPathWins() {
        HttpFrontHandler handler = new HttpFrontHandler(Map.of("/version", OK, "/", V2));
        assertSame(OK, handler.route("/version"));
    }

    @Test
    void slashPatternServesItsSubtree() {
        HttpFrontHandler handler = new HttpFrontHandler(Map.of("/v2/keys/", V2, "/version", OK));
        assertSame(V2, handler.route("/v2/keys/a/b"));
        assertNull(handler.route("/v2/other"));
    }

    @Test
    void garbageIsBadRequestAndClosed() {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec(), new HttpObjectAggregator(1024),
                new HttpFrontHandler(Map.of("/x", OK)));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, '\r', '\n', '\r', '\n'}));
        ByteBuf out = channel.readOutbound();
        String response = out.toString(StandardCharsets.US_ASCII);
        out.release();
        assertEquals("HTTP/1.1 400 Bad Request", response.substring(0, response.indexOf('\r')));
        assertEquals(false, channel.isOpen());
    }

    @Test
    void failingEndpointIsAnInternalServerError() {
        HttpEndpoint broken = r -> {
            throw new IllegalStateException("broken");
        };
        EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec(), new HttpObjectAggregator(1024),
                new HttpFrontHandler(Map.of("/x", broken)));
        channel.writeInbound(Unpooled.copiedBuffer("GET /x HTTP/1.1\r\nHost: h\r\n\r\n", StandardCharsets.US_ASCII));
        ByteBuf out = channel.readOutbound();
        String response = out.toString(StandardCharsets.US_ASCII);
        out.release();
        assertEquals("HTTP/1.1 500 Internal Server Error", response.substring(0, response.indexOf('\r')));
    }
}
