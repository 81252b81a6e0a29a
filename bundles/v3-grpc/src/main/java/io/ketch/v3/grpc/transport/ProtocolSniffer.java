package io.ketch.v3.grpc.transport;

import io.grpc.netty.ProtocolNegotiationEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.util.ReferenceCountUtil;
import java.util.function.Consumer;

/**
 * First handler of every accepted connection: reads until the first bytes tell HTTP/2 with prior
 * knowledge (the client connection preface, as gRPC clients send it) from anything else, then
 * installs the matching pipeline in its own place and hands it the bytes read so far.
 *
 * <p>gRPC's transport fires its {@link ProtocolNegotiationEvent} as soon as the connection is set
 * up, before any byte arrives; the sniffer holds that event and replays it into the gRPC handlers
 * once they are installed, so gRPC sees exactly the sequence its own plaintext negotiator gives it.
 */
final class ProtocolSniffer extends ChannelInboundHandlerAdapter {
    private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();

    private final ChannelHandler grpcHandler;
    private final Consumer<ChannelHandlerContext> http1Installer;
    private ByteBuf received;
    private Object negotiationEvent;
    private Boolean http2;

    /**
     * @param grpcHandler    what gRPC's plaintext negotiator would have installed
     * @param http1Installer adds the HTTP/1.1 handlers after the sniffer's context
     */
    ProtocolSniffer(ChannelHandler grpcHandler, Consumer<ChannelHandlerContext> http1Installer) {
        this.grpcHandler = grpcHandler;
        this.http1Installer = http1Installer;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ProtocolNegotiationEvent && negotiationEvent == null) {
            negotiationEvent = evt;
            proceedIfDecided(ctx);
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf bytes = (ByteBuf) msg;
        if (received == null) {
            received = ctx.alloc().buffer(bytes.readableBytes());
        }
        received.writeBytes(bytes);
        ReferenceCountUtil.release(bytes);
        if (http2 == null) {
            http2 = classify(received);
        }
        proceedIfDecided(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (received != null) {
            received.release();
            received = null;
        }
    }

    /**
     * TRUE when the bytes start with the HTTP/2 preface, FALSE as soon as one byte differs, null
     * while a prefix of the preface is all there is.
     */
    static Boolean classify(ByteBuf bytes) {
        int n = Math.min(bytes.readableBytes(), PREFACE.readableBytes());
        if (!ByteBufUtil.equals(bytes, bytes.readerIndex(), PREFACE, PREFACE.readerIndex(), n)) {
            return Boolean.FALSE;
        }
        return n == PREFACE.readableBytes() ? Boolean.TRUE : null;
    }

    private void proceedIfDecided(ChannelHandlerContext ctx) {
        // gRPC's handlers need both the negotiation event and the bytes; wait for both.
        if (http2 == null || (http2 && negotiationEvent == null)) {
            return;
        }
        if (http2) {
            ctx.pipeline().addAfter(ctx.name(), null, grpcHandler);
            ctx.fireUserEventTriggered(negotiationEvent);
        } else {
            http1Installer.accept(ctx);
        }
        ByteBuf bytes = received;
        received = null;
        ctx.pipeline().remove(this);
        // A removed handler's context still forwards to what came after it.
        ctx.fireChannelRead(bytes);
        ctx.fireChannelReadComplete();
    }
}
