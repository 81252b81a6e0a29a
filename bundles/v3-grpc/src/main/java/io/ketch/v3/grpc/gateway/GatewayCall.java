package io.ketch.v3.grpc.gateway;

import com.google.protobuf.Message;
import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.Status;

/**
 * A gRPC server call with no transport under it: the gateway starts the service's own (intercepted)
 * call handler with it, so an HTTP request is validated, authorised and answered exactly as the
 * same RPC over gRPC. etcd's gateway dials its own gRPC port for the same reason.
 */
final class GatewayCall<Q, R> extends ServerCall<Q, R> {
    /** Where the call's answers go. */
    interface Sink {
        void message(Message response);

        void close(Status status);

        /** Whether the connection takes more now (streams hold back while it does not). */
        default boolean ready() {
            return true;
        }
    }

    private final MethodDescriptor<Q, R> method;
    private final Sink sink;
    private volatile boolean cancelled;

    GatewayCall(MethodDescriptor<Q, R> method, Sink sink) {
        this.method = method;
        this.sink = sink;
    }

    void cancel() {
        cancelled = true;
    }

    @Override
    public void request(int numMessages) {
        // the gateway hands over the whole (already read) body; no flow control to do
    }

    @Override
    public void sendHeaders(Metadata headers) {
    }

    @Override
    public void sendMessage(R message) {
        sink.message((Message) message);
    }

    @Override
    public void close(Status status, Metadata trailers) {
        sink.close(status);
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public boolean isReady() {
        return !cancelled && sink.ready();
    }

    @Override
    public Attributes getAttributes() {
        return Attributes.EMPTY;
    }

    @Override
    public MethodDescriptor<Q, R> getMethodDescriptor() {
        return method;
    }
}
