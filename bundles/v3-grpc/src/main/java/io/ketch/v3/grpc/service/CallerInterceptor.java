package io.ketch.v3.grpc.service;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.ketch.spi.etcd.Caller;

/**
 * Puts who is calling into the gRPC context: the auth token from the {@code token} metadata key,
 * where etcd's clients send it after Authenticate. Client certificates come with TLS later.
 */
public final class CallerInterceptor implements ServerInterceptor {
    /** etcd's rpctypes.TokenFieldNameGRPC. */
    static final Metadata.Key<String> TOKEN = Metadata.Key.of("token", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<Caller> CALLER = Context.keyWithDefault("ketch-caller", Caller.ANONYMOUS);

    /** The caller of the RPC running on this thread. */
    static Caller current() {
        return CALLER.get();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String token = headers.get(TOKEN);
        if (token == null) {
            return next.startCall(call, headers);
        }
        Context context = Context.current().withValue(CALLER, new Caller(token, null));
        return Contexts.interceptCall(context, call, headers, next);
    }
}
