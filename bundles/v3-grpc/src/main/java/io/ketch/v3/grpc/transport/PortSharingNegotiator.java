package io.ketch.v3.grpc.transport;

import io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.InternalProtocolNegotiators;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.AsciiString;
import java.util.function.Consumer;

/**
 * gRPC's server-side protocol negotiator for a port shared with HTTP/1.1: each connection starts
 * with a {@link ProtocolSniffer}; HTTP/2 connections continue exactly as with gRPC's own plaintext
 * negotiator, the rest get the HTTP/1.1 pipeline the installer adds.
 */
public final class PortSharingNegotiator implements InternalProtocolNegotiator.ProtocolNegotiator {
    private static final AsciiString SCHEME = AsciiString.of("http");

    private final InternalProtocolNegotiator.ProtocolNegotiator plaintext =
            InternalProtocolNegotiators.serverPlaintext();
    private final Consumer<ChannelHandlerContext> http1Installer;

    /** @param http1Installer adds the HTTP/1.1 handlers after the given (sniffer's) context */
    public PortSharingNegotiator(Consumer<ChannelHandlerContext> http1Installer) {
        this.http1Installer = http1Installer;
    }

    @Override
    public AsciiString scheme() {
        return SCHEME;
    }

    @Override
    public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
        return new ProtocolSniffer(plaintext.newHandler(grpcHandler), http1Installer);
    }

    @Override
    public void close() {
        plaintext.close();
    }
}
