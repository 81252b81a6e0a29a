package io.ketch.v3.grpc;

/**
 * Limits of a client listener, with etcd's flag defaults.
 *
 * @param maxRequestBytes       --max-request-bytes; gRPC accepts this plus etcd's 512 KiB overhead
 * @param maxConcurrentStreams  --max-concurrent-streams per connection (etcd: math.MaxUint32)
 * @param keepaliveMinTimeMs    --grpc-keepalive-min-time: the shortest client ping interval allowed
 * @param keepaliveIntervalMs   --grpc-keepalive-interval: server pings after this idle time (0: off)
 * @param keepaliveTimeoutMs    --grpc-keepalive-timeout: close when a ping is not answered in time
 */
public record ListenerOptions(long maxRequestBytes, long maxConcurrentStreams, long keepaliveMinTimeMs,
        long keepaliveIntervalMs, long keepaliveTimeoutMs) {
    /** etcd's grpcOverheadBytes: room for the gRPC and protobuf framing around a request. */
    public static final int GRPC_OVERHEAD_BYTES = 512 * 1024;

    /** etcd's defaults. */
    public static ListenerOptions defaults() {
        return new ListenerOptions(1572864, 4294967295L, 5_000, 7_200_000, 20_000);
    }

    /** The largest gRPC message accepted, as etcd sets grpc.MaxRecvMsgSize. */
    public int maxInboundMessageBytes() {
        return (int) Math.min(Integer.MAX_VALUE, maxRequestBytes + GRPC_OVERHEAD_BYTES);
    }

    /** grpc-java counts streams in an int; etcd's uint32 default means unlimited. */
    public int maxConcurrentCalls() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, maxConcurrentStreams));
    }
}
