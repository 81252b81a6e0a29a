package io.ketch.server.apply;

import com.google.protobuf.ByteString;
import io.ketch.proto.etcdserverpb.Compare;
import io.ketch.proto.etcdserverpb.RequestOp;
import io.ketch.proto.etcdserverpb.ResponseHeader;
import io.ketch.proto.etcdserverpb.ResponseOp;
import io.ketch.proto.etcdserverpb.TxnRequest;
import io.ketch.proto.etcdserverpb.TxnResponse;
import io.ketch.proto.mvccpb.KeyValue;
import io.ketch.server.mvcc.KeyRange;
import io.ketch.server.mvcc.KvView;
import io.ketch.server.mvcc.MvccWriter;
import io.ketch.server.mvcc.RangeOptions;
import io.ketch.server.mvcc.RangeResult;
import io.ketch.spi.etcd.EtcdError;
import io.ketch.spi.etcd.EtcdException;
import java.util.ArrayList;
import java.util.List;

/**
 * etcd's applierV3backend.Txn: evaluate every compare (of nested txns too) against the state
 * before the txn, check the chosen branch (put preconditions, range revisions), then run it as one
 * revision.
 */
final class TxnApplier {
    private TxnApplier() {
    }

    /** Whether a txn has no put, delete or writing nested txn in either branch. */
    static boolean isReadOnly(TxnRequest r) {
        return opsReadOnly(r.getSuccessList()) && opsReadOnly(r.getFailureList());
    }

    private static boolean opsReadOnly(List<RequestOp> ops) {
        for (RequestOp op : ops) {
            if (op.hasRequestPut() || op.hasRequestDeleteRange()
                    || op.hasRequestTxn() && !isReadOnly(op.getRequestTxn())) {
                return false;
            }
        }
        return true;
    }

    /** A read-only txn against a read view. */
    static TxnResponse readOnly(KvView view, TxnRequest r) {
        List<Boolean> path = new ArrayList<>();
        comparePath(view, r, path);
        checkRanges(view, r, path, new int[] {0});
        TxnResponse.Builder resp = run(view, null, r, path, new int[] {0});
        return resp.setHeader(ResponseHeader.newBuilder().setRevision(view.rev())).build();
    }

    /** A txn in a write transaction; the revision moves on if it changed anything. */
    static TxnResponse write(MvccWriter w, TxnRequest r, Applier applier) {
        List<Boolean> path = new ArrayList<>();
        comparePath(w, r, path);
        if (!isReadOnly(r)) {
            checkPuts(w, r, path, new int[] {0}, applier);
        }
        checkRanges(w, r, path, new int[] {0});
        TxnResponse.Builder resp = run(w, applier, r, path, new int[] {0});
        long rev = w.changed() ? w.rev() + 1 : w.rev();
        return resp.setHeader(ResponseHeader.newBuilder().setRevision(rev)).build();
    }

    private static void comparePath(KvView view, TxnRequest r, List<Boolean> path) {
        boolean ok = true;
        for (Compare c : r.getCompareList()) {
            if (!applyCompare(view, c)) {
                ok = false;
                break;
            }
        }
        path.add(ok);
        for (RequestOp op : ok ? r.getSuccessList() : r.getFailureList()) {
            if (op.hasRequestTxn()) {
                comparePath(view, op.getRequestTxn(), path);
            }
        }
    }

    private static boolean applyCompare(KvView view, Compare c) {
        RangeResult rr;
        try {
            rr = view.range(c.getKey().toByteArray(), KeyRange.end(c.getRangeEnd()), RangeOptions.ALL);
        } catch (EtcdException e) {
            return false;
        }
        if (rr.kvs().isEmpty()) {
            return c.getTarget() != Compare.CompareTarget.VALUE && compareKv(c, KeyValue.getDefaultInstance());
        }
        for (KeyValue kv : rr.kvs()) {
            if (!compareKv(c, kv)) {
                return false;
            }
        }
        return true;
    }

    private static boolean compareKv(Compare c, KeyValue kv) {
        int result;
        switch (c.getTarget()) {
            case VALUE:
                ByteString v = c.getTargetUnionCase() == Compare.TargetUnionCase.VALUE ? c.getValue() : ByteString.EMPTY;
                result = ByteString.unsignedLexicographicalComparator().compare(kv.getValue(), v);
                break;
            case CREATE:
                result = Long.compare(kv.getCreateRevision(), c.getCreateRevision());
                break;
            case MOD:
                result = Long.compare(kv.getModRevision(), c.getModRevision());
                break;
            case VERSION:
                result = Long.compare(kv.getVersion(), c.getVersion());
                break;
            case LEASE:
                result = Long.compare(kv.getLease(), c.getLease());
                break;
            default:
                result = 0;
        }
        switch (c.getResult()) {
            case EQUAL:
                return result == 0;
            case NOT_EQUAL:
                return result != 0;
            case GREATER:
                return result > 0;
            case LESS:
                return result < 0;
            default:
                return true;
        }
    }

    private static List<RequestOp> branch(TxnRequest r, List<Boolean> path, int[] pos) {
        return path.get(pos[0]) ? r.getSuccessList() : r.getFailureList();
    }

    private static void checkPuts(KvView view, TxnRequest r, List<Boolean> path, int[] pos, Applier applier) {
        for (RequestOp op : branch(r, path, pos)) {
            if (op.hasRequestTxn()) {
                pos[0]++;
                checkPuts(view, op.getRequestTxn(), path, pos, applier);
            } else if (op.hasRequestPut()) {
                applier.checkPut(view, op.getRequestPut());
            }
        }
    }

    private static void checkRanges(KvView view, TxnRequest r, List<Boolean> path, int[] pos) {
        for (RequestOp op : branch(r, path, pos)) {
            if (op.hasRequestTxn()) {
                pos[0]++;
                checkRanges(view, op.getRequestTxn(), path, pos);
            } else if (op.hasRequestRange()) {
                long rev = op.getRequestRange().getRevision();
                if (rev != 0 && rev > view.rev()) {
                    throw EtcdError.FUTURE_REV.exception();
                }
                if (rev != 0 && rev < view.firstRev()) {
                    throw EtcdError.COMPACTED.exception();
                }
            }
        }
    }

    private static TxnResponse.Builder run(KvView view, Applier applier, TxnRequest r, List<Boolean> path, int[] pos) {
        boolean succeeded = path.get(pos[0]);
        TxnResponse.Builder resp = TxnResponse.newBuilder().setSucceeded(succeeded);
        for (RequestOp op : succeeded ? r.getSuccessList() : r.getFailureList()) {
            ResponseOp.Builder out = ResponseOp.newBuilder();
            switch (op.getRequestCase()) {
                case REQUEST_RANGE:
                    out.setResponseRange(RangeApplier.range(view, op.getRequestRange()));
                    break;
                case REQUEST_PUT:
                    out.setResponsePut(applier.put((MvccWriter) view, op.getRequestPut()));
                    break;
                case REQUEST_DELETE_RANGE:
                    out.setResponseDeleteRange(applier.deleteRange((MvccWriter) view, op.getRequestDeleteRange()));
                    break;
                case REQUEST_TXN:
                    pos[0]++;
                    // etcd leaves a nested txn's header empty
                    out.setResponseTxn(run(view, applier, op.getRequestTxn(), path, pos)
                            .setHeader(ResponseHeader.getDefaultInstance()));
                    break;
                default:
                    break;
            }
            resp.addResponses(out);
        }
        return resp;
    }
}
