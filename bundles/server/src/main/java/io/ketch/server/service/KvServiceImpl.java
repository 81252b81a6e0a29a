package io.ketch.server.service;

import io.ketch.proto.etcdserverpb.AlarmRequest;
import io.ketch.proto.etcdserverpb.AlarmType;
import io.ketch.proto.etcdserverpb.CompactionRequest;
import io.ketch.proto.etcdserverpb.CompactionResponse;
import io.ketch.proto.etcdserverpb.DeleteRangeRequest;
import io.ketch.proto.etcdserverpb.DeleteRangeResponse;
import io.ketch.proto.etcdserverpb.InternalRaftRequest;
import io.ketch.proto.etcdserverpb.PutRequest;
import io.ketch.proto.etcdserverpb.PutResponse;
import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.proto.etcdserverpb.RangeResponse;
import io.ketch.proto.etcdserverpb.RequestOp;
import io.ketch.proto.etcdserverpb.ResponseHeader;
import io.ketch.proto.etcdserverpb.TxnRequest;
import io.ketch.proto.etcdserverpb.TxnResponse;
import io.ketch.server.apply.Applier;
import io.ketch.server.apply.EtcdStateMachine;
import io.ketch.spi.consensus.Consensus;
import io.ketch.spi.etcd.Caller;
import io.ketch.spi.etcd.EtcdError;
import io.ketch.spi.etcd.KvService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * etcd's KV service (v3rpc/key.go + v3_server.go): validate, then propose writes or read locally
 * (after a read index unless serializable), then fill the header.
 */
public final class KvServiceImpl implements KvService {
    private final Consensus consensus;
    private final EtcdStateMachine machine;
    private final Proposer proposer;
    private final Executor readExecutor;
    private final int maxTxnOps;
    private final Quota quota;

    KvServiceImpl(Consensus consensus, EtcdStateMachine machine, Proposer proposer, Executor readExecutor,
            int maxTxnOps, Quota quota) {
        this.quota = quota;
        this.consensus = consensus;
        this.machine = machine;
        this.proposer = proposer;
        this.readExecutor = readExecutor;
        this.maxTxnOps = maxTxnOps;
    }

    @Override
    public CompletableFuture<RangeResponse> range(Caller caller, RangeRequest request) {
        return guard(() -> {
            RequestChecks.checkRange(request);
            return read(request.getSerializable(), () -> {
                RangeResponse r = machine.range(request);
                return r.toBuilder().setHeader(header(r.getHeader())).build();
            });
        });
    }

    @Override
    public CompletableFuture<PutResponse> put(Caller caller, PutRequest request) {
        return guard(() -> {
            // etcd's quota wrapper sits outside the request checks
            checkQuota(Quota.cost(request));
            RequestChecks.checkPut(request);
            return proposer.propose(InternalRaftRequest.newBuilder().setPut(request), PutResponse.class)
                    .thenApply(r -> r.toBuilder().setHeader(header(r.getHeader())).build());
        });
    }

    @Override
    public CompletableFuture<DeleteRangeResponse> deleteRange(Caller caller, DeleteRangeRequest request) {
        return guard(() -> {
            RequestChecks.checkDelete(request);
            return proposer.propose(InternalRaftRequest.newBuilder().setDeleteRange(request), DeleteRangeResponse.class)
                    .thenApply(r -> r.toBuilder().setHeader(header(r.getHeader())).build());
        });
    }

    @Override
    public CompletableFuture<TxnResponse> txn(Caller caller, TxnRequest request) {
        return guard(() -> {
            checkQuota(Quota.cost(request));
            RequestChecks.checkTxn(request, maxTxnOps);
            if (Applier.isReadOnly(request)) {
                return read(isSerializable(request), () -> {
                    TxnResponse r = machine.readOnlyTxn(request);
                    return r.toBuilder().setHeader(header(r.getHeader())).build();
                });
            }
            return proposer.propose(InternalRaftRequest.newBuilder().setTxn(request), TxnResponse.class)
                    .thenApply(r -> r.toBuilder().setHeader(header(r.getHeader())).build());
        });
    }

    @Override
    public CompletableFuture<CompactionResponse> compact(Caller caller, CompactionRequest request) {
        return guard(() -> proposer.propose(InternalRaftRequest.newBuilder().setCompaction(request), CompactionResponse.class)
                // compaction runs inside the apply, so it is physical by the time this completes
                .thenApply(r -> CompactionResponse.newBuilder()
                        .setHeader(proposer.header(ResponseHeader.newBuilder()
                                .setRevision(machine.currentRevision()).build(), 0))
                        .build()));
    }

    /** etcd's quotaAlarmer: over quota raises the NOSPACE alarm (without waiting) and refuses. */
    private void checkQuota(int cost) {
        if (quota.available(cost)) {
            return;
        }
        AlarmRequest raise = AlarmRequest.newBuilder().setAction(AlarmRequest.AlarmAction.ACTIVATE)
                .setMemberID(consensus.status().memberId()).setAlarm(AlarmType.NOSPACE).build();
        proposer.propose(InternalRaftRequest.newBuilder().setAlarm(raise), Object.class);
        throw EtcdError.NO_SPACE.exception();
    }

    /** etcd's isTxnSerializable: every range in the success and failure branches is serializable. */
    private static boolean isSerializable(TxnRequest r) {
        for (RequestOp op : r.getSuccessList()) {
            if (!op.hasRequestRange() || !op.getRequestRange().getSerializable()) {
                return false;
            }
        }
        for (RequestOp op : r.getFailureList()) {
            if (!op.hasRequestRange() || !op.getRequestRange().getSerializable()) {
                return false;
            }
        }
        return true;
    }

    private <T> CompletableFuture<T> read(boolean serializable, Supplier<T> local) {
        if (serializable) {
            return CompletableFuture.supplyAsync(local, readExecutor);
        }
        CompletableFuture<Long> index;
        try {
            index = consensus.readIndex();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(Proposer.map(e));
        }
        return index.handle((i, e) -> {
            if (e != null) {
                throw new java.util.concurrent.CompletionException(Proposer.map(e));
            }
            return i;
        }).thenApplyAsync(i -> local.get(), readExecutor);
    }

    private ResponseHeader header(ResponseHeader applied) {
        return proposer.header(applied, applied.getRevision() == 0 ? machine.currentRevision() : 0);
    }

    /** Validation errors become failed futures, never exceptions thrown at the caller. */
    static <T> CompletableFuture<T> guard(Supplier<CompletableFuture<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
