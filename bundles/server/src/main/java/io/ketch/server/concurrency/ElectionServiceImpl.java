package io.ketch.server.concurrency;

import com.google.protobuf.ByteString;
import io.ketch.proto.etcdserverpb.DeleteRangeRequest;
import io.ketch.proto.etcdserverpb.PutRequest;
import io.ketch.proto.etcdserverpb.RangeRequest;
import io.ketch.proto.etcdserverpb.RequestOp;
import io.ketch.proto.etcdserverpb.ResponseHeader;
import io.ketch.proto.etcdserverpb.TxnRequest;
import io.ketch.proto.etcdserverpb.TxnResponse;
import io.ketch.proto.v3electionpb.CampaignRequest;
import io.ketch.proto.v3electionpb.CampaignResponse;
import io.ketch.proto.v3electionpb.LeaderKey;
import io.ketch.proto.v3electionpb.LeaderRequest;
import io.ketch.proto.v3electionpb.LeaderResponse;
import io.ketch.proto.v3electionpb.ProclaimRequest;
import io.ketch.proto.v3electionpb.ProclaimResponse;
import io.ketch.proto.v3electionpb.ResignRequest;
import io.ketch.proto.v3electionpb.ResignResponse;
import io.ketch.spi.etcd.Caller;
import io.ketch.spi.etcd.ElectionService;
import io.ketch.spi.etcd.EtcdError;
import io.ketch.spi.etcd.EtcdException;
import io.ketch.spi.etcd.KvService;
import io.ketch.spi.etcd.LeaseService;
import io.ketch.spi.etcd.WatchService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * etcd's v3election server (etcdserver/api/v3election) on the KV, Lease and Watch services,
 * following clientv3/concurrency's Election: a candidate's key is {@code <name>/<lease hex>}; the
 * oldest key under the prefix leads. etcd's errors are plain Go errors, so gRPC sends them as
 * UNKNOWN with the text below.
 */
public final class ElectionServiceImpl implements ElectionService {
    /** concurrency.ErrElectionNotLeader. */
    public static final String NOT_LEADER = "election: not leader";
    /** concurrency.ErrElectionNoLeader. */
    public static final String NO_LEADER = "election: no leader";
    /** v3election.ErrMissingLeaderKey. */
    public static final String MISSING_LEADER_KEY = "\"leader\" field must be provided";

    private final KvService kv;
    private final Sessions sessions;
    private final KeyWaits waits;

    /** An election service on these services. */
    public ElectionServiceImpl(KvService kv, LeaseService leases, WatchService watch) {
        this.kv = kv;
        this.sessions = new Sessions(leases);
        this.waits = new KeyWaits(kv, watch);
    }

    static EtcdException error(String message) {
        return new EtcdException(EtcdError.Code.UNKNOWN, message);
    }

    @Override
    public CompletableFuture<CampaignResponse> campaign(Caller caller, CampaignRequest request) {
        return Recipes.onSession(sessions, caller, request.getLease(),
                (lease, result) -> campaign(caller, request, lease, result));
    }

    private CompletableFuture<CampaignResponse> campaign(Caller caller, CampaignRequest request, long lease,
            CompletableFuture<CampaignResponse> result) {
        ByteString prefix = request.getName().concat(ByteString.copyFromUtf8("/"));
        ByteString key = prefix.concat(ByteString.copyFromUtf8(Long.toHexString(lease)));
        TxnRequest txn = TxnRequest.newBuilder().addCompare(Recipes.createRevisionIs(key, 0))
                .addSuccess(RequestOp.newBuilder().setRequestPut(
                        PutRequest.newBuilder().setKey(key).setValue(request.getValue()).setLease(lease)))
                .addFailure(RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder().setKey(key)))
                .build();
        return kv.txn(caller, txn).thenCompose(resp -> {
            LeaderKey leader = LeaderKey.newBuilder().setName(request.getName()).setKey(key)
                    .setRev(resp.getHeader().getRevision()).setLease(lease).build();
            CompletableFuture<?> ready = CompletableFuture.completedFuture(null);
            if (!resp.getSucceeded()) {
                var existing = resp.getResponses(0).getResponseRange().getKvs(0);
                leader = leader.toBuilder().setRev(existing.getCreateRevision()).build();
                if (!existing.getValue().equals(request.getValue())) {
                    LeaderKey held = leader;
                    ready = proclaim(caller, held, request.getValue()).handle((r, e) -> {
                        if (e != null) {
                            resign(caller, held);
                            throw Recipes.rethrow(e);
                        }
                        return r;
                    });
                }
            }
            LeaderKey held = leader;
            return ready.thenCompose(x -> waitToLead(caller, prefix, held, result))
                    .thenApply(x -> CampaignResponse.newBuilder().setHeader(resp.getHeader()).setLeader(held).build());
        });
    }

    private CompletableFuture<ResponseHeader> waitToLead(Caller caller, ByteString prefix, LeaderKey held,
            CompletableFuture<CampaignResponse> result) {
        CompletableFuture<ResponseHeader> waited = waits.waitDeletes(caller, prefix, held.getRev() - 1);
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                // the client gave up: clientv3 resigns on a cancelled context
                waited.cancel(false);
                resign(caller, held);
            }
        });
        return waited;
    }

    @Override
    public CompletableFuture<ProclaimResponse> proclaim(Caller caller, ProclaimRequest request) {
        if (!request.hasLeader()) {
            return CompletableFuture.failedFuture(error(MISSING_LEADER_KEY));
        }
        return proclaim(caller, request.getLeader(), request.getValue())
                .thenApply(r -> ProclaimResponse.newBuilder().setHeader(r.getHeader()).build());
    }

    private CompletableFuture<TxnResponse> proclaim(Caller caller, LeaderKey leader, ByteString value) {
        TxnRequest txn = TxnRequest.newBuilder().addCompare(Recipes.createRevisionIs(leader.getKey(), leader.getRev()))
                .addSuccess(RequestOp.newBuilder().setRequestPut(
                        PutRequest.newBuilder().setKey(leader.getKey()).setValue(value).setLease(leader.getLease())))
                .build();
        return kv.txn(caller, txn).thenApply(r -> {
            if (!r.getSucceeded()) {
                throw error(NOT_LEADER);
            }
            return r;
        });
    }

    @Override
    public CompletableFuture<LeaderResponse> leader(Caller caller, LeaderRequest request) {
        ByteString prefix = request.getName().concat(ByteString.copyFromUtf8("/"));
        return kv.range(caller, KeyWaits.firstCreate(prefix)).thenApply(r -> {
            if (r.getKvsCount() == 0) {
                throw error(NO_LEADER);
            }
            return LeaderResponse.newBuilder().setHeader(r.getHeader()).setKv(r.getKvs(0)).build();
        });
    }

    @Override
    public Flow.Publisher<LeaderResponse> observe(Caller caller, LeaderRequest request) {
        ByteString prefix = request.getName().concat(ByteString.copyFromUtf8("/"));
        return subscriber -> new Observation(kv, waits, caller, prefix, subscriber).start();
    }

    @Override
    public CompletableFuture<ResignResponse> resign(Caller caller, ResignRequest request) {
        if (!request.hasLeader()) {
            return CompletableFuture.failedFuture(error(MISSING_LEADER_KEY));
        }
        return resign(caller, request.getLeader())
                .thenApply(r -> ResignResponse.newBuilder().setHeader(r.getHeader()).build());
    }

    private CompletableFuture<TxnResponse> resign(Caller caller, LeaderKey leader) {
        TxnRequest txn = TxnRequest.newBuilder().addCompare(Recipes.createRevisionIs(leader.getKey(), leader.getRev()))
                .addSuccess(RequestOp.newBuilder().setRequestDeleteRange(
                        DeleteRangeRequest.newBuilder().setKey(leader.getKey())))
                .build();
        return kv.txn(caller, txn);
    }
}
