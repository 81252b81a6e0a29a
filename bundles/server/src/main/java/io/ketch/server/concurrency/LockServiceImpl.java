package io.ketch.server.concurrency;

import com.google.protobuf.ByteString;
import io.ketch.proto.etcdserverpb.DeleteRangeRequest;
import io.ketch.proto.etcdserverpb.PutRequest;
import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.proto.etcdserverpb.RangeResponse;
import io.ketch.proto.etcdserverpb.RequestOp;
import io.ketch.proto.etcdserverpb.ResponseHeader;
import io.ketch.proto.etcdserverpb.TxnRequest;
import io.ketch.proto.v3lockpb.LockRequest;
import io.ketch.proto.v3lockpb.LockResponse;
import io.ketch.proto.v3lockpb.UnlockRequest;
import io.ketch.proto.v3lockpb.UnlockResponse;
import io.ketch.spi.etcd.Caller;
import io.ketch.spi.etcd.KvService;
import io.ketch.spi.etcd.LeaseService;
import io.ketch.spi.etcd.LockService;
import io.ketch.spi.etcd.WatchService;
import java.util.concurrent.CompletableFuture;

/**
 * etcd's v3lock server (etcdserver/api/v3lock) on the KV, Lease and Watch services, following
 * clientv3/concurrency's Mutex: the waiter's key is {@code <name>/<lease hex>}, created under the
 * lease in a txn guarded by create_revision == 0; the oldest key under the prefix holds the lock.
 * Cancelling a pending lock future deletes the waiter's key, as the Mutex does when its wait fails.
 */
public final class LockServiceImpl implements LockService {
    private final KvService kv;
    private final Sessions sessions;
    private final KeyWaits waits;

    /** A lock service on these services (the local member's, or any other implementation). */
    public LockServiceImpl(KvService kv, LeaseService leases, WatchService watch) {
        this.kv = kv;
        this.sessions = new Sessions(leases);
        this.waits = new KeyWaits(kv, watch);
    }

    @Override
    public CompletableFuture<LockResponse> lock(Caller caller, LockRequest request) {
        return Recipes.onSession(sessions, caller, request.getLease(),
                (lease, result) -> acquire(caller, request.getName(), lease, result));
    }

    private CompletableFuture<LockResponse> acquire(Caller caller, ByteString name, long lease,
            CompletableFuture<LockResponse> result) {
        ByteString prefix = name.concat(ByteString.copyFromUtf8("/"));
        ByteString key = prefix.concat(ByteString.copyFromUtf8(Long.toHexString(lease)));
        RequestOp getOwner = RequestOp.newBuilder().setRequestRange(KeyWaits.firstCreate(prefix)).build();
        TxnRequest txn = TxnRequest.newBuilder()
                .addCompare(Recipes.createRevisionIs(key, 0))
                .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(key).setLease(lease)))
                .addSuccess(getOwner)
                .addFailure(RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder().setKey(key)))
                .addFailure(getOwner)
                .build();
        return kv.txn(caller, txn).thenCompose(resp -> {
            long myRev = resp.getSucceeded() ? resp.getHeader().getRevision()
                    : resp.getResponses(0).getResponseRange().getKvs(0).getCreateRevision();
            RangeResponse owner = resp.getResponses(1).getResponseRange();
            LockResponse.Builder answer = LockResponse.newBuilder().setKey(key);
            if (owner.getKvsCount() == 0 || owner.getKvs(0).getCreateRevision() == myRev) {
                return CompletableFuture.completedFuture(answer.setHeader(resp.getHeader()).build());
            }
            CompletableFuture<ResponseHeader> waited =
                    waits.waitDeletes(caller, prefix, myRev - 1);
            result.whenComplete((r, e) -> {
                if (result.isCancelled()) {
                    waited.cancel(false);
                }
            });
            return waited.handle((header, failure) -> {
                if (failure != null) {
                    // the Mutex releases its key when the wait fails
                    delete(caller, key);
                    throw Recipes.rethrow(failure);
                }
                return answer.setHeader(header).build();
            }).whenComplete((r, e) -> {
                if (result.isCancelled()) {
                    delete(caller, key);
                }
            });
        });
    }

    private void delete(Caller caller, ByteString key) {
        kv.deleteRange(caller, DeleteRangeRequest.newBuilder().setKey(key).build());
    }

    @Override
    public CompletableFuture<UnlockResponse> unlock(Caller caller, UnlockRequest request) {
        return kv.deleteRange(caller, DeleteRangeRequest.newBuilder().setKey(request.getKey()).build())
                .thenApply(r -> UnlockResponse.newBuilder().setHeader(r.getHeader()).build());
    }
}
