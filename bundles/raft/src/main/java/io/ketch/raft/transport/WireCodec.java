package io.ketch.raft.transport;

import io.ketch.raft.engine.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.MessageToMessageCodec;
import java.io.IOException;
import java.util.List;

/**
 * Frames on a peer connection: a 4-byte length, a kind byte, then either a {@link Handshake}
 * (cluster id, from, to: 8 bytes each) or a {@code raftpb.Message}. Installed after the frame
 * decoder and prepender that {@link #install} adds, so a TLS handler can go in front later.
 */
final class WireCodec extends MessageToMessageCodec<ByteBuf, Object> {
    static final byte HANDSHAKE = 1;
    static final byte MESSAGE = 2;

    /** Adds framing and this codec to a pipeline; frames above maxFrameBytes close the connection. */
    static void install(ChannelPipeline p, int maxFrameBytes) {
        p.addLast("frame-decoder", new LengthFieldBasedFrameDecoder(maxFrameBytes, 0, 4, 0, 4));
        p.addLast("frame-prepender", new LengthFieldPrepender(4));
        p.addLast("wire-codec", new WireCodec());
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) throws IOException {
        ByteBuf buf = ctx.alloc().buffer();
        try {
            if (msg instanceof Handshake h) {
                buf.writeByte(HANDSHAKE).writeLong(h.clusterId()).writeLong(h.from()).writeLong(h.to());
            } else if (msg instanceof Message m) {
                buf.writeByte(MESSAGE);
                MessageCodec.toProto(m).writeTo(new ByteBufOutputStream(buf));
            } else {
                throw new IllegalArgumentException("cannot encode " + msg.getClass());
            }
            out.add(buf.retain());
        } finally {
            buf.release();
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) throws IOException {
        byte kind = frame.readByte();
        if (kind == HANDSHAKE) {
            out.add(new Handshake(frame.readLong(), frame.readLong(), frame.readLong()));
        } else if (kind == MESSAGE) {
            out.add(MessageCodec.fromProto(io.ketch.proto.raftpb.Message.parseFrom(new ByteBufInputStream(frame))));
        } else {
            throw new CorruptedFrameException("unknown peer frame kind " + kind);
        }
    }
}
