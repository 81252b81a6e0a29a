package io.ketch.v3.grpc.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.netty.InternalProtocolNegotiationEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolSnifferTest {
    private static final String PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

    /** Stands in for the handlers that get installed: records what reaches it. */
    private static final class Recorder extends ChannelInboundHandlerAdapter {
        final List<Object> seen = new ArrayList<>();
        final StringBuilder bytes = new StringBuilder();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            seen.add(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            seen.add("bytes");
            bytes.append(buf.toString(StandardCharsets.US_ASCII));
            buf.release();
        }
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    @Test
    void prefaceIsHttp2() {
        assertEquals(Boolean.TRUE, ProtocolSniffer.classify(ascii(PREFACE + "rest")));
    }

    @Test
    void httpRequestLineIsNotHttp2() {
        assertEquals(Boolean.FALSE, ProtocolSniffer.classify(ascii("GET /version HTTP/1.1\r\n")));
    }

    @Test
    void partialPrefaceIsUndecided() {
        assertNull(ProtocolSniffer.classify(ascii("PRI * HT")));
    }

    @Test
    void http1BytesGoToTheInstalledPipelineIntact() {
        Recorder http1 = new Recorder();
        EmbeddedChannel channel = new EmbeddedChannel(new ProtocolSniffer(new Recorder(),
                ctx -> ctx.pipeline().addAfter(ctx.name(), null, http1)));
        channel.pipeline().fireUserEventTriggered(InternalProtocolNegotiationEvent.getDefault());
        channel.writeInbound(ascii("GET /vers"));
        channel.writeInbound(ascii("ion HTTP/1.1\r\n\r\n"));
        assertEquals("GET /version HTTP/1.1\r\n\r\n", http1.bytes.toString());
        assertTrue(channel.pipeline().get(ProtocolSniffer.class) == null, "sniffer still installed");
    }

    @Test
    void http2GetsTheHeldNegotiationEventBeforeTheBytes() {
        Recorder grpc = new Recorder();
        EmbeddedChannel channel = new EmbeddedChannel(new ProtocolSniffer(grpc, ctx -> {
            throw new AssertionError("HTTP/1.1 installed for HTTP/2");
        }));
        Object event = InternalProtocolNegotiationEvent.getDefault();
        channel.pipeline().fireUserEventTriggered(event);
        channel.writeInbound(ascii(PREFACE.substring(0, 10)));
        assertTrue(grpc.seen.isEmpty(), "forwarded before the preface was complete");
        channel.writeInbound(ascii(PREFACE.substring(10) + "frames"));
        assertEquals(2, grpc.seen.size());
        assertSame(event, grpc.seen.get(0));
        assertEquals(PREFACE + "frames", grpc.bytes.toString());
    }
}
