package io.ketch.v3.grpc.gateway;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON gateway's route table, read from the {@code google.api.http} options etcd's .proto
 * files put on each RPC (so the paths are etcd's own, not a hand-written copy).
 */
public final class GatewayRoutes {
    private GatewayRoutes() {
    }

    /** One POST path and the (intercepted) method it calls. */
    public record Route(String path, ServerMethodDefinition<?, ?> method, Message prototype) {
        /** Whether the client sends a stream (Watch, LeaseKeepAlive): the call stays open. */
        boolean clientStreaming() {
            return !method.getMethodDescriptor().getType().clientSendsOneMessage();
        }

        /** Whether the answer is a stream of {"result":...} chunks. */
        boolean serverStreaming() {
            return !method.getMethodDescriptor().getType().serverSendsOneMessage();
        }
    }

    /** Every annotated method of the services, by path; additional bindings included. */
    public static Map<String, Route> of(List<ServerServiceDefinition> services) {
        Map<String, Route> routes = new TreeMap<>();
        for (ServerServiceDefinition service : services) {
            for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
                Descriptors.MethodDescriptor proto = protoDescriptor(method.getMethodDescriptor());
                if (proto == null || !proto.getOptions().hasExtension(AnnotationsProto.http)) {
                    continue;
                }
                HttpRule rule = proto.getOptions().getExtension(AnnotationsProto.http);
                Message prototype = prototype(method.getMethodDescriptor());
                add(routes, rule, method, prototype);
                for (HttpRule extra : rule.getAdditionalBindingsList()) {
                    add(routes, extra, method, prototype);
                }
            }
        }
        return routes;
    }

    private static void add(Map<String, Route> routes, HttpRule rule, ServerMethodDefinition<?, ?> method,
            Message prototype) {
        if (!rule.getPost().isEmpty()) { // etcd's gateway takes POST only
            routes.put(rule.getPost(), new Route(rule.getPost(), method, prototype));
        }
    }

    private static Descriptors.MethodDescriptor protoDescriptor(MethodDescriptor<?, ?> method) {
        return method.getSchemaDescriptor() instanceof ProtoMethodDescriptorSupplier supplier
                ? supplier.getMethodDescriptor() : null;
    }

    private static Message prototype(MethodDescriptor<?, ?> method) {
        return (Message) ((MethodDescriptor.PrototypeMarshaller<?>) method.getRequestMarshaller())
                .getMessagePrototype();
    }
}
