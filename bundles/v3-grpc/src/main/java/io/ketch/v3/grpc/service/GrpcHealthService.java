package io.ketch.v3.grpc.service;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The standard gRPC health service (grpc.health.v1.Health) as etcd registers it: the empty service
 * name, which stands for all of etcd's services, is SERVING; any other name is unknown. Its two
 * messages have one field each, so they are encoded here rather than generated.
 */
public final class GrpcHealthService implements BindableService {
    /** HealthCheckResponse.ServingStatus SERVING. */
    public static final int SERVING = 1;
    /** HealthCheckResponse.ServingStatus SERVICE_UNKNOWN (Watch only). */
    public static final int SERVICE_UNKNOWN = 3;

    /** Health/Check: service name in, serving status out. */
    public static final MethodDescriptor<String, Integer> CHECK =
            method("Check", MethodDescriptor.MethodType.UNARY);
    /** Health/Watch: the status now and on every change. */
    public static final MethodDescriptor<String, Integer> WATCH =
            method("Watch", MethodDescriptor.MethodType.SERVER_STREAMING);

    @Override
    public ServerServiceDefinition bindService() {
        return ServerServiceDefinition.builder("grpc.health.v1.Health")
                .addMethod(CHECK, ServerCalls.asyncUnaryCall(this::check))
                .addMethod(WATCH, ServerCalls.asyncServerStreamingCall(this::watch))
                .build();
    }

    private void check(String service, StreamObserver<Integer> observer) {
        if (!service.isEmpty()) {
            observer.onError(Status.NOT_FOUND.withDescription("unknown service").asRuntimeException());
            return;
        }
        observer.onNext(SERVING);
        observer.onCompleted();
    }

    /** Sends the current status and keeps the stream open: the status never changes here. */
    private void watch(String service, StreamObserver<Integer> observer) {
        observer.onNext(service.isEmpty() ? SERVING : SERVICE_UNKNOWN);
    }

    static MethodDescriptor<String, Integer> method(String name, MethodDescriptor.MethodType type) {
        return MethodDescriptor.<String, Integer>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName("grpc.health.v1.Health", name))
                .setRequestMarshaller(new ServiceNameMarshaller())
                .setResponseMarshaller(new StatusMarshaller())
                .build();
    }

    /** HealthCheckRequest: {@code string service = 1}. */
    static final class ServiceNameMarshaller implements MethodDescriptor.Marshaller<String> {
        @Override
        public InputStream stream(String service) {
            return encode(out -> out.writeString(1, service), service.isEmpty());
        }

        @Override
        public String parse(InputStream stream) {
            try {
                CodedInputStream in = CodedInputStream.newInstance(stream);
                String service = "";
                for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                    if (tag == ((1 << 3) | 2)) {
                        service = in.readString();
                    } else if (!in.skipField(tag)) {
                        break;
                    }
                }
                return service;
            } catch (IOException e) {
                throw Status.INTERNAL.withDescription("bad HealthCheckRequest").withCause(e).asRuntimeException();
            }
        }
    }

    /** HealthCheckResponse: {@code ServingStatus status = 1}. */
    static final class StatusMarshaller implements MethodDescriptor.Marshaller<Integer> {
        @Override
        public InputStream stream(Integer status) {
            return encode(out -> out.writeEnum(1, status), status == 0);
        }

        @Override
        public Integer parse(InputStream stream) {
            try {
                CodedInputStream in = CodedInputStream.newInstance(stream);
                int status = 0;
                for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                    if (tag == (1 << 3)) {
                        status = in.readEnum();
                    } else if (!in.skipField(tag)) {
                        break;
                    }
                }
                return status;
            } catch (IOException e) {
                throw Status.INTERNAL.withDescription("bad HealthCheckResponse").withCause(e).asRuntimeException();
            }
        }
    }

    private interface FieldWriter {
        void write(CodedOutputStream out) throws IOException;
    }

    /** proto3 leaves a default value off the wire. */
    private static InputStream encode(FieldWriter field, boolean isDefault) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!isDefault) {
            try {
                CodedOutputStream out = CodedOutputStream.newInstance(bytes);
                field.write(out);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
