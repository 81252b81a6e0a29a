package io.ketch.server.service;

import com.google.protobuf.ByteString;
import io.ketch.proto.etcdserverpb.DeleteRangeRequest;
import io.ketch.proto.etcdserverpb.PutRequest;
import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.proto.etcdserverpb.RequestOp;
import io.ketch.proto.etcdserverpb.TxnRequest;
import io.ketch.spi.etcd.EtcdError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** etcd's request validation in v3rpc/key.go, before anything is proposed or read. */
final class RequestChecks {
    private static final Comparator<ByteString> ORDER = ByteString.unsignedLexicographicalComparator();

    private RequestChecks() {
    }

    static void checkRange(RangeRequest r) {
        if (r.getKey().isEmpty()) {
            throw EtcdError.EMPTY_KEY.exception();
        }
    }

    static void checkPut(PutRequest r) {
        if (r.getKey().isEmpty()) {
            throw EtcdError.EMPTY_KEY.exception();
        }
        if (r.getIgnoreValue() && !r.getValue().isEmpty()) {
            throw EtcdError.VALUE_PROVIDED.exception();
        }
        if (r.getIgnoreLease() && r.getLease() != 0) {
            throw EtcdError.LEASE_PROVIDED.exception();
        }
    }

    static void checkDelete(DeleteRangeRequest r) {
        if (r.getKey().isEmpty()) {
            throw EtcdError.EMPTY_KEY.exception();
        }
    }

    /** checkTxnRequest, then checkIntervals on both branches. */
    static void checkTxn(TxnRequest r, int maxTxnOps) {
        checkTxnRequest(r, maxTxnOps);
        checkIntervals(r.getSuccessList(), new Dels());
        checkIntervals(r.getFailureList(), new Dels());
    }

    private static void checkTxnRequest(TxnRequest r, int maxTxnOps) {
        int opc = Math.max(r.getCompareCount(), Math.max(r.getSuccessCount(), r.getFailureCount()));
        if (opc > maxTxnOps) {
            throw EtcdError.TOO_MANY_OPS.exception();
        }
        for (var c : r.getCompareList()) {
            if (c.getKey().isEmpty()) {
                throw EtcdError.EMPTY_KEY.exception();
            }
        }
        for (RequestOp op : r.getSuccessList()) {
            checkOp(op, maxTxnOps - opc);
        }
        for (RequestOp op : r.getFailureList()) {
            checkOp(op, maxTxnOps - opc);
        }
    }

    private static void checkOp(RequestOp op, int maxTxnOps) {
        switch (op.getRequestCase()) {
            case REQUEST_RANGE -> checkRange(op.getRequestRange());
            case REQUEST_PUT -> checkPut(op.getRequestPut());
            case REQUEST_DELETE_RANGE -> checkDelete(op.getRequestDeleteRange());
            case REQUEST_TXN -> checkTxnRequest(op.getRequestTxn(), maxTxnOps);
            default -> throw EtcdError.KEY_NOT_FOUND.exception();
        }
    }

    /** Deleted intervals [begin, end) or points (end null), compared as etcd's affine strings. */
    private static final class Dels {
        final List<ByteString[]> intervals = new ArrayList<>();

        void add(DeleteRangeRequest d) {
            intervals.add(new ByteString[] {d.getKey(), d.getRangeEnd().isEmpty() ? null : d.getRangeEnd()});
        }

        boolean covers(ByteString k) {
            for (ByteString[] iv : intervals) {
                if (iv[1] == null ? iv[0].equals(k) : ORDER.compare(iv[0], k) <= 0 && ORDER.compare(k, iv[1]) < 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /** etcd's checkIntervals: no key may be put twice, or put and deleted, in one branch path. */
    private static Set<ByteString> checkIntervals(List<RequestOp> reqs, Dels dels) {
        for (RequestOp op : reqs) {
            if (op.hasRequestDeleteRange()) {
                dels.add(op.getRequestDeleteRange());
            }
        }
        Set<ByteString> puts = new HashSet<>();
        for (RequestOp op : reqs) {
            if (!op.hasRequestTxn()) {
                continue;
            }
            Dels thenDels = new Dels();
            Dels elseDels = new Dels();
            Set<ByteString> putsThen = checkIntervals(op.getRequestTxn().getSuccessList(), thenDels);
            Set<ByteString> putsElse = checkIntervals(op.getRequestTxn().getFailureList(), elseDels);
            for (ByteString k : putsThen) {
                if (puts.contains(k) || dels.covers(k)) {
                    throw EtcdError.DUPLICATE_KEY.exception();
                }
                puts.add(k);
            }
            for (ByteString k : putsElse) {
                if (puts.contains(k) && !putsThen.contains(k) || dels.covers(k)) {
                    throw EtcdError.DUPLICATE_KEY.exception();
                }
                puts.add(k);
            }
            dels.intervals.addAll(thenDels.intervals);
            dels.intervals.addAll(elseDels.intervals);
        }
        for (RequestOp op : reqs) {
            if (!op.hasRequestPut()) {
                continue;
            }
            ByteString k = op.getRequestPut().getKey();
            if (puts.contains(k) || dels.covers(k)) {
                throw EtcdError.DUPLICATE_KEY.exception();
            }
            puts.add(k);
        }
        return puts;
    }
}
