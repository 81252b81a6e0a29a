package io.ketch.v3.grpc.gateway;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonStreamParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * grpc-gateway's JSON as etcd 3.4 serves it (its default marshaler, {@code JSONPb{OrigName: true}}):
 * field names as in the .proto, bytes in base64, 64-bit integers as strings, enums by name,
 * default values left out.
 */
public final class GatewayJson {
    private static final JsonFormat.Printer PRINTER =
            JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private GatewayJson() {
    }

    /** A message as one line of JSON. */
    public static String print(Message message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getDescriptorForType().getName(), e);
        }
    }

    /**
     * The requests in a body: one JSON object after another (a stream body may carry several);
     * an empty body is one default request, as grpc-gateway's decoder treats EOF.
     *
     * @throws io.grpc.StatusRuntimeException INVALID_ARGUMENT for a body that is not such JSON
     */
    public static List<Message> parse(String body, Message prototype) {
        List<Message> requests = new ArrayList<>();
        if (body.isBlank()) {
            return List.of(prototype);
        }
        try {
            JsonStreamParser elements = new JsonStreamParser(body);
            while (elements.hasNext()) {
                JsonElement element = elements.next();
                Message.Builder builder = prototype.newBuilderForType();
                PARSER.merge(element.toString(), builder);
                requests.add(builder.build());
            }
        } catch (JsonParseException | InvalidProtocolBufferException e) {
            throw Status.INVALID_ARGUMENT.withDescription(message(e)).asRuntimeException();
        }
        return requests;
    }

    private static String message(Exception e) {
        Throwable cause = e.getCause() != null && e.getMessage() == null ? e.getCause() : e;
        return String.valueOf(cause.getMessage());
    }
}
