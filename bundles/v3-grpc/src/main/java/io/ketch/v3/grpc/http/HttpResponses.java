package io.ketch.v3.grpc.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Responses shaped as etcd's Go net/http handlers write them. */
public final class HttpResponses {
    private static final String TEXT_PLAIN = "text/plain; charset=utf-8";

    private HttpResponses() {
    }

    /** A body with its content type and length. */
    public static FullHttpResponse of(HttpResponseStatus status, String contentType, String body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        return response;
    }

    /** Go's {@code http.Error}: plain text, nosniff, the message and a newline. */
    public static FullHttpResponse error(HttpResponseStatus status, String message) {
        FullHttpResponse response = of(status, TEXT_PLAIN, message + "\n");
        response.headers().set("X-Content-Type-Options", "nosniff");
        return response;
    }

    /** Go's sniffed type for a body written without a Content-Type: text. */
    public static FullHttpResponse text(HttpResponseStatus status, String body) {
        return of(status, TEXT_PLAIN, body);
    }

    /** etcd's answer to a method a path does not take. */
    public static FullHttpResponse methodNotAllowed(String allowed) {
        FullHttpResponse response = error(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method Not Allowed");
        response.headers().set(HttpHeaderNames.ALLOW, allowed);
        return response;
    }

    /** Go's {@code http.NotFound}. */
    public static FullHttpResponse notFound() {
        return error(HttpResponseStatus.NOT_FOUND, "404 page not found");
    }
}
