package io.ketch.v3.grpc.service;

import io.grpc.stub.StreamObserver;
import io.ketch.proto.etcdserverpb.CompactionRequest;
import io.ketch.proto.etcdserverpb.CompactionResponse;
import io.ketch.proto.etcdserverpb.DeleteRangeRequest;
import io.ketch.proto.etcdserverpb.DeleteRangeResponse;
import io.ketch.proto.etcdserverpb.KVGrpc;
import io.ketch.proto.etcdserverpb.PutRequest;
import io.ketch.proto.etcdserverpb.PutResponse;
import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.proto.etcdserverpb.RangeResponse;
import io.ketch.proto.etcdserverpb.TxnRequest;
import io.ketch.proto.etcdserverpb.TxnResponse;
import io.ketch.spi.etcd.KvService;

/** etcdserverpb.KV over a {@link KvService}: validate, delegate, map errors, reply. */
public final class KvGrpcService extends KVGrpc.KVImplBase {
    private final KvService kv;
    private final RequestChecks checks;

    /**
     * @param kv              the KV implementation (server core or proxy)
     * @param maxRequestBytes etcd's --max-request-bytes
     */
    public KvGrpcService(KvService kv, long maxRequestBytes) {
        this.kv = kv;
        this.checks = new RequestChecks(maxRequestBytes);
    }

    @Override
    public void range(RangeRequest request, StreamObserver<RangeResponse> observer) {
        if (!Replies.refused(checks.range(request), observer)) {
            Replies.reply(() -> kv.range(CallerInterceptor.current(), request), observer);
        }
    }

    @Override
    public void put(PutRequest request, StreamObserver<PutResponse> observer) {
        if (!Replies.refused(checks.put(request), observer)) {
            Replies.reply(() -> kv.put(CallerInterceptor.current(), request), observer);
        }
    }

    @Override
    public void deleteRange(DeleteRangeRequest request, StreamObserver<DeleteRangeResponse> observer) {
        if (!Replies.refused(checks.deleteRange(request), observer)) {
            Replies.reply(() -> kv.deleteRange(CallerInterceptor.current(), request), observer);
        }
    }

    @Override
    public void txn(TxnRequest request, StreamObserver<TxnResponse> observer) {
        if (!Replies.refused(checks.txn(request), observer)) {
            Replies.reply(() -> kv.txn(CallerInterceptor.current(), request), observer);
        }
    }

    @Override
    public void compact(CompactionRequest request, StreamObserver<CompactionResponse> observer) {
        Replies.reply(() -> kv.compact(CallerInterceptor.current(), request), observer);
    }
}
