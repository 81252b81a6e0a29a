package io.ketch.v3.grpc.gateway;

import com.google.gson.JsonObject;
import io.grpc.Status;
import io.netty.handler.codec.http.HttpResponseStatus;

/** grpc-gateway's error shapes and its gRPC code to HTTP status table (runtime/errors.go). */
public final class GatewayErrors {
    private GatewayErrors() {
    }

    /** grpc-gateway's HTTPStatusFromCode. */
    public static HttpResponseStatus httpStatus(Status.Code code) {
        return switch (code) {
            case OK -> HttpResponseStatus.OK;
            case CANCELLED -> HttpResponseStatus.REQUEST_TIMEOUT;
            case INVALID_ARGUMENT, OUT_OF_RANGE -> HttpResponseStatus.BAD_REQUEST;
            case DEADLINE_EXCEEDED -> HttpResponseStatus.GATEWAY_TIMEOUT;
            case NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
            case ALREADY_EXISTS, ABORTED -> HttpResponseStatus.CONFLICT;
            case PERMISSION_DENIED -> HttpResponseStatus.FORBIDDEN;
            case UNAUTHENTICATED -> HttpResponseStatus.UNAUTHORIZED;
            case RESOURCE_EXHAUSTED -> HttpResponseStatus.TOO_MANY_REQUESTS;
            case FAILED_PRECONDITION -> HttpResponseStatus.PRECONDITION_FAILED;
            case UNIMPLEMENTED -> HttpResponseStatus.NOT_IMPLEMENTED;
            case UNAVAILABLE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
            default -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
        };
    }

    /** DefaultHTTPError's body: {"error":m,"message":m,"code":n}. */
    public static String body(Status status) {
        JsonObject body = new JsonObject();
        String message = status.getDescription() == null ? "" : status.getDescription();
        body.addProperty("error", message);
        body.addProperty("message", message);
        body.addProperty("code", status.getCode().value());
        return body.toString();
    }

    /** A stream's error chunk: {"error":{"grpc_code":n,"http_code":h,"message":m,"http_status":t}}. */
    public static String streamChunk(Status status) {
        HttpResponseStatus http = httpStatus(status.getCode());
        JsonObject error = new JsonObject();
        error.addProperty("grpc_code", status.getCode().value());
        error.addProperty("http_code", http.code());
        error.addProperty("message", status.getDescription() == null ? "" : status.getDescription());
        error.addProperty("http_status", http.reasonPhrase());
        JsonObject chunk = new JsonObject();
        chunk.add("error", error);
        return chunk.toString();
    }
}
