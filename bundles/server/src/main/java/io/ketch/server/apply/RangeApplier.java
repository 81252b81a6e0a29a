package io.ketch.server.apply;

import com.google.protobuf.ByteString;
import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.proto.etcdserverpb.RangeResponse;
import io.ketch.proto.etcdserverpb.ResponseHeader;
import io.ketch.proto.mvccpb.KeyValue;
import io.ketch.server.mvcc.KeyRange;
import io.ketch.server.mvcc.KvView;
import io.ketch.server.mvcc.RangeOptions;
import io.ketch.server.mvcc.RangeResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * etcd's applierV3backend.Range: fetch (one extra for {@code more}, or everything when sorting or
 * filtering), prune by mod/create revision, sort, truncate to the limit.
 */
public final class RangeApplier {
    private RangeApplier() {
    }

    /** Runs a range against a view; the header carries only the revision, as etcd's applier sets it. */
    public static RangeResponse range(KvView view, RangeRequest r) {
        long limit = r.getLimit();
        if (r.getSortOrder() != RangeRequest.SortOrder.NONE
                || r.getMinModRevision() != 0 || r.getMaxModRevision() != 0
                || r.getMinCreateRevision() != 0 || r.getMaxCreateRevision() != 0) {
            limit = 0;
        }
        if (limit > 0) {
            limit++;
        }
        RangeResult rr = view.range(r.getKey().toByteArray(), KeyRange.end(r.getRangeEnd()),
                new RangeOptions(limit, r.getRevision(), r.getCountOnly()));
        List<KeyValue> kvs = new ArrayList<>(rr.kvs());
        prune(kvs, r);
        sort(kvs, r);
        RangeResponse.Builder resp = RangeResponse.newBuilder()
                .setHeader(ResponseHeader.newBuilder().setRevision(rr.rev()));
        if (r.getLimit() > 0 && kvs.size() > r.getLimit()) {
            kvs = kvs.subList(0, (int) r.getLimit());
            resp.setMore(true);
        }
        resp.setCount(rr.count());
        for (KeyValue kv : kvs) {
            resp.addKvs(r.getKeysOnly() ? kv.toBuilder().setValue(ByteString.EMPTY).build() : kv);
        }
        return resp.build();
    }

    private static void prune(List<KeyValue> kvs, RangeRequest r) {
        removeIf(kvs, r.getMaxModRevision() != 0, kv -> kv.getModRevision() > r.getMaxModRevision());
        removeIf(kvs, r.getMinModRevision() != 0, kv -> kv.getModRevision() < r.getMinModRevision());
        removeIf(kvs, r.getMaxCreateRevision() != 0, kv -> kv.getCreateRevision() > r.getMaxCreateRevision());
        removeIf(kvs, r.getMinCreateRevision() != 0, kv -> kv.getCreateRevision() < r.getMinCreateRevision());
    }

    private static void removeIf(List<KeyValue> kvs, boolean active, Predicate<KeyValue> drop) {
        if (active) {
            kvs.removeIf(drop);
        }
    }

    private static void sort(List<KeyValue> kvs, RangeRequest r) {
        RangeRequest.SortOrder order = r.getSortOrder();
        // the store returns keys ascending, so only a non-key target needs a default sort
        if (r.getSortTarget() != RangeRequest.SortTarget.KEY && order == RangeRequest.SortOrder.NONE) {
            order = RangeRequest.SortOrder.ASCEND;
        }
        if (order == RangeRequest.SortOrder.NONE || order == RangeRequest.SortOrder.UNRECOGNIZED) {
            return;
        }
        Comparator<KeyValue> c = comparator(r.getSortTarget());
        if (c == null) {
            return;
        }
        // Go's sort.Sort, not a stable sort: ties must come out in etcd's order
        if (order == RangeRequest.SortOrder.DESCEND) {
            GoSort.sort(kvs, (i, j) -> c.compare(kvs.get(j), kvs.get(i)) < 0);
        } else {
            GoSort.sort(kvs, (i, j) -> c.compare(kvs.get(i), kvs.get(j)) < 0);
        }
    }

    private static Comparator<KeyValue> comparator(RangeRequest.SortTarget target) {
        switch (target) {
            case KEY:
                return (a, b) -> ByteString.unsignedLexicographicalComparator().compare(a.getKey(), b.getKey());
            case VERSION:
                return Comparator.comparingLong(KeyValue::getVersion);
            case CREATE:
                return Comparator.comparingLong(KeyValue::getCreateRevision);
            case MOD:
                return Comparator.comparingLong(KeyValue::getModRevision);
            case VALUE:
                return (a, b) -> ByteString.unsignedLexicographicalComparator().compare(a.getValue(), b.getValue());
            default:
                return null;
        }
    }
}
