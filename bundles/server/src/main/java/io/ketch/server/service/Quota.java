package io.ketch.server.service;

import io.ketch.proto.etcdserverpb.PutRequest;
import io.ketch.proto.etcdserverpb.RequestOp;
import io.ketch.proto.etcdserverpb.TxnRequest;
import io.ketch.spi.storage.Backend;
import java.util.List;
import java.util.function.Supplier;

/** etcd's backendQuota: would a write's cost push the backend past the quota? */
final class Quota {
    private static final int KV_OVERHEAD = 256;

    private final long quotaBytes;
    private final Supplier<Backend> backend;

    Quota(long quotaBytes, Supplier<Backend> backend) {
        this.quotaBytes = quotaBytes;
        this.backend = backend;
    }

    boolean available(int cost) {
        return quotaBytes < 0 || cost == 0 || backend.get().size() + cost < quotaBytes;
    }

    static int cost(PutRequest r) {
        return KV_OVERHEAD + r.getKey().size() + r.getValue().size();
    }

    /** The larger of the branches' put costs; etcd does not look into nested txns. */
    static int cost(TxnRequest r) {
        return Math.max(branchCost(r.getSuccessList()), branchCost(r.getFailureList()));
    }

    private static int branchCost(List<RequestOp> ops) {
        int sum = 0;
        for (RequestOp op : ops) {
            if (op.hasRequestPut()) {
                sum += cost(op.getRequestPut());
            }
        }
        return sum;
    }
}
