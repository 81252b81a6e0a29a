package io.ketch.v3.grpc.gateway;

import com.google.protobuf.Message;
import io.grpc.Status;
import io.ketch.v3.grpc.http.HttpFrontHandler;
import io.ketch.v3.grpc.http.HttpResponses;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.NoSuchElementException;

/**
 * Writes one gateway answer to the channel as grpc-gateway does: a unary reply with its length, or
 * a chunked stream of {"result":...} lines ended by the call's close (an error becomes a last
 * {"error":{...}} chunk).
 */
final class GatewayResponder {
    private static final String JSON = "application/json";
    private static final String WRITABILITY = "gateway-writability";

    private final ChannelHandlerContext ctx;
    private final boolean keepAlive;
    private boolean headerWritten;
    private boolean finished;

    GatewayResponder(ChannelHandlerContext ctx, boolean keepAlive) {
        this.ctx = ctx;
        this.keepAlive = keepAlive;
    }

    /** Runs when the client hangs up before the call ended (a curl watch stopped with ^C). */
    void onClientGone(Runnable action) {
        ctx.channel().closeFuture().addListener(f -> {
            if (!isFinished()) {
                action.run();
            }
        });
    }

    /**
     * Runs the action each time the connection becomes writable again, so a stream held back for
     * a slow reader (gRPC's onReady) resumes; removed when the response ends.
     */
    void onWritable(Runnable action) {
        ctx.pipeline().addLast(WRITABILITY, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelWritabilityChanged(ChannelHandlerContext c) {
                if (c.channel().isWritable() && !isFinished()) {
                    action.run();
                }
                c.fireChannelWritabilityChanged();
            }
        });
    }

    private synchronized boolean isFinished() {
        return finished;
    }

    /** A complete response (404, 405). */
    synchronized void full(FullHttpResponse response) {
        finished = true;
        HttpFrontHandler.addCommonHeaders(response.headers());
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** grpc-gateway's DefaultHTTPError. */
    void error(Status status) {
        full(HttpResponses.of(GatewayErrors.httpStatus(status.getCode()), JSON, GatewayErrors.body(status)));
    }

    /** The sink of a unary call: one message, then the close. */
    GatewayCall.Sink unary() {
        return new GatewayCall.Sink() {
            private Message reply;

            @Override
            public synchronized void message(Message response) {
                reply = response;
            }

            @Override
            public synchronized void close(Status status) {
                if (!status.isOk() || reply == null) {
                    error(status.isOk() ? Status.INTERNAL.withDescription("no response") : status);
                    return;
                }
                FullHttpResponse response = HttpResponses.of(HttpResponseStatus.OK, JSON, GatewayJson.print(reply));
                response.headers().set("Grpc-Metadata-Content-Type", "application/grpc");
                full(response);
            }
        };
    }

    /** The sink of a streaming call: each message is a chunk. */
    GatewayCall.Sink streaming() {
        return new GatewayCall.Sink() {
            @Override
            public void message(Message response) {
                chunk(HttpResponseStatus.OK, "{\"result\":" + GatewayJson.print(response) + "}\n");
            }

            @Override
            public boolean ready() {
                return ctx.channel().isWritable();
            }

            @Override
            public void close(Status status) {
                if (!status.isOk()) {
                    chunk(GatewayErrors.httpStatus(status.getCode()), GatewayErrors.streamChunk(status));
                }
                end();
            }
        };
    }

    private synchronized void chunk(HttpResponseStatus status, String text) {
        if (finished) {
            return;
        }
        if (!headerWritten) {
            headerWritten = true;
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
            HttpFrontHandler.addCommonHeaders(head.headers());
            head.headers().set(HttpHeaderNames.CONTENT_TYPE, JSON);
            head.headers().set("Grpc-Metadata-Content-Type", "application/grpc");
            head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            HttpUtil.setKeepAlive(head, keepAlive);
            ctx.write(head);
        }
        ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
    }

    private synchronized void end() {
        if (finished) {
            return;
        }
        if (!headerWritten) {
            chunk(HttpResponseStatus.OK, ""); // an empty stream still answers 200
        }
        finished = true;
        try {
            ctx.pipeline().remove(WRITABILITY);
        } catch (NoSuchElementException e) {
            // not a stream, or the closed channel's pipeline is already torn down
        }
        var written = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
