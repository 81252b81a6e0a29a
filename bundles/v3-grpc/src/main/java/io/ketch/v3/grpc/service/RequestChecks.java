package io.ketch.v3.grpc.service;

import io.ketch.proto.etcdserverpb.Compare;
import io.ketch.proto.etcdserverpb.DeleteRangeRequest;
import io.ketch.proto.etcdserverpb.PutRequest;
import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.proto.etcdserverpb.RequestOp;
import io.ketch.proto.etcdserverpb.TxnRequest;
import io.ketch.spi.etcd.EtcdError;
import io.ketch.spi.etcd.EtcdException;

/**
 * etcd's front-end checks of KV requests (etcdserver/api/v3rpc/key.go), done before anything
 * reaches the server. Each returns the error to answer with, or null. The txn operation count and
 * the put/delete overlap check need the server's {@code maxTxnOps} and stay with the server.
 */
final class RequestChecks {
    private final long maxRequestBytes;

    /** @param maxRequestBytes etcd's --max-request-bytes */
    RequestChecks(long maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
    }

    EtcdException range(RangeRequest r) {
        return r.getKey().isEmpty() ? EtcdError.EMPTY_KEY.exception() : null;
    }

    EtcdException put(PutRequest r) {
        if (r.getKey().isEmpty()) {
            return EtcdError.EMPTY_KEY.exception();
        }
        if (r.getIgnoreValue() && !r.getValue().isEmpty()) {
            return EtcdError.VALUE_PROVIDED.exception();
        }
        if (r.getIgnoreLease() && r.getLease() != 0) {
            return EtcdError.LEASE_PROVIDED.exception();
        }
        return tooLarge(r.getSerializedSize());
    }

    EtcdException deleteRange(DeleteRangeRequest r) {
        return r.getKey().isEmpty() ? EtcdError.EMPTY_KEY.exception() : null;
    }

    EtcdException txn(TxnRequest r) {
        EtcdException error = txnKeys(r);
        return error != null ? error : tooLarge(r.getSerializedSize());
    }

    /**
     * etcd rejects a proposal whose encoded raft request exceeds --max-request-bytes; that encoding
     * is a little larger than the request, so this never refuses what etcd would accept and the
     * server's exact check catches the remaining few bytes.
     */
    private EtcdException tooLarge(int serializedSize) {
        return serializedSize > maxRequestBytes ? EtcdError.REQUEST_TOO_LARGE.exception() : null;
    }

    private EtcdException txnKeys(TxnRequest r) {
        for (Compare c : r.getCompareList()) {
            if (c.getKey().isEmpty()) {
                return EtcdError.EMPTY_KEY.exception();
            }
        }
        for (RequestOp op : r.getSuccessList()) {
            EtcdException error = op(op);
            if (error != null) {
                return error;
            }
        }
        for (RequestOp op : r.getFailureList()) {
            EtcdException error = op(op);
            if (error != null) {
                return error;
            }
        }
        return null;
    }

    private EtcdException op(RequestOp op) {
        switch (op.getRequestCase()) {
            case REQUEST_RANGE:
                return range(op.getRequestRange());
            case REQUEST_PUT: {
                PutRequest put = op.getRequestPut();
                // The size limit applies to the whole txn, not to each put inside it.
                if (put.getKey().isEmpty()) {
                    return EtcdError.EMPTY_KEY.exception();
                }
                if (put.getIgnoreValue() && !put.getValue().isEmpty()) {
                    return EtcdError.VALUE_PROVIDED.exception();
                }
                return put.getIgnoreLease() && put.getLease() != 0 ? EtcdError.LEASE_PROVIDED.exception() : null;
            }
            case REQUEST_DELETE_RANGE:
                return deleteRange(op.getRequestDeleteRange());
            case REQUEST_TXN:
                return txnKeys(op.getRequestTxn());
            default:
                return null;
        }
    }
}
