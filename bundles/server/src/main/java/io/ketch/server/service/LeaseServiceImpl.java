package io.ketch.server.service;

import io.ketch.proto.etcdserverpb.AlarmRequest;
import io.ketch.proto.etcdserverpb.AlarmType;
import io.ketch.proto.etcdserverpb.InternalRaftRequest;
import io.ketch.proto.etcdserverpb.LeaseGrantRequest;
import io.ketch.proto.etcdserverpb.LeaseGrantResponse;
import io.ketch.proto.etcdserverpb.LeaseKeepAliveRequest;
import io.ketch.proto.etcdserverpb.LeaseKeepAliveResponse;
import io.ketch.proto.etcdserverpb.LeaseLeasesRequest;
import io.ketch.proto.etcdserverpb.LeaseLeasesResponse;
import io.ketch.proto.etcdserverpb.LeaseRevokeRequest;
import io.ketch.proto.etcdserverpb.LeaseRevokeResponse;
import io.ketch.proto.etcdserverpb.LeaseStatus;
import io.ketch.proto.etcdserverpb.LeaseTimeToLiveRequest;
import io.ketch.proto.etcdserverpb.LeaseTimeToLiveResponse;
import io.ketch.proto.etcdserverpb.ResponseHeader;
import io.ketch.server.apply.EtcdStateMachine;
import io.ketch.server.lease.LeaseInfo;
import io.ketch.server.lease.Lessor;
import io.ketch.spi.consensus.Consensus;
import io.ketch.spi.etcd.Caller;
import io.ketch.spi.etcd.EtcdError;
import io.ketch.spi.etcd.LeaseService;
import java.util.concurrent.CompletableFuture;

/**
 * etcd's Lease service (v3_server.go + v3rpc/lease.go): grant and revoke go through consensus;
 * keep-alive, time-to-live and the lease list are answered by this member's lessor, which must be
 * the primary (the leader's) for renewals.
 */
public final class LeaseServiceImpl implements LeaseService {
    private final Consensus consensus;
    private final EtcdStateMachine machine;
    private final Lessor lessor;
    private final Proposer proposer;
    private final Quota quota;
    /** etcd's leaseOverhead: what a grant costs against the backend quota. */
    private static final int LEASE_OVERHEAD = 64;

    /** A lease service proposing through consensus to the state machine, which owns the lessor. */
    public LeaseServiceImpl(Consensus consensus, EtcdStateMachine machine, Limits limits) {
        this.consensus = consensus;
        this.machine = machine;
        this.lessor = machine.lessor();
        this.proposer = new Proposer(consensus, limits.maxRequestBytes(), consensus.status().memberId(),
                System.currentTimeMillis());
        this.quota = new Quota(limits.effectiveQuota(), machine::backend);
    }

    @Override
    public CompletableFuture<LeaseGrantResponse> leaseGrant(Caller caller, LeaseGrantRequest request) {
        return KvServiceImpl.guard(() -> {
            checkQuota();
            LeaseGrantRequest.Builder r = request.toBuilder();
            // etcd: no id given? choose one, positive only
            while (r.getID() == 0) {
                r.setID(proposer.nextRequestId() & Long.MAX_VALUE);
            }
            return proposer.propose(InternalRaftRequest.newBuilder().setLeaseGrant(r), LeaseGrantResponse.class)
                    .thenApply(g -> g.toBuilder().setHeader(header(g.getHeader())).build());
        });
    }

    @Override
    public CompletableFuture<LeaseRevokeResponse> leaseRevoke(Caller caller, LeaseRevokeRequest request) {
        return KvServiceImpl.guard(() -> proposer.propose(
                InternalRaftRequest.newBuilder().setLeaseRevoke(request), LeaseRevokeResponse.class)
                .thenApply(r -> r.toBuilder().setHeader(header(r.getHeader())).build()));
    }

    /** Proposes the revocation of an expired lease (the leader's expiry loop). */
    public CompletableFuture<LeaseRevokeResponse> revokeExpired(long id) {
        return leaseRevoke(Caller.ANONYMOUS, LeaseRevokeRequest.newBuilder().setID(id).build());
    }

    @Override
    public CompletableFuture<LeaseKeepAliveResponse> leaseKeepAlive(Caller caller, LeaseKeepAliveRequest request) {
        return KvServiceImpl.guard(() -> {
            LeaseKeepAliveResponse.Builder resp = LeaseKeepAliveResponse.newBuilder().setID(request.getID())
                    .setHeader(header(ResponseHeader.getDefaultInstance()));
            long ttl = lessor.renew(request.getID());
            // etcd answers an unknown lease with TTL 0, not an error
            return CompletableFuture.completedFuture(resp.setTTL(Math.max(ttl, 0)).build());
        });
    }

    @Override
    public CompletableFuture<LeaseTimeToLiveResponse> leaseTimeToLive(Caller caller, LeaseTimeToLiveRequest request) {
        return KvServiceImpl.guard(() -> {
            LeaseTimeToLiveResponse.Builder resp = LeaseTimeToLiveResponse.newBuilder().setID(request.getID())
                    .setHeader(header(ResponseHeader.getDefaultInstance()));
            LeaseInfo info = lessor.lookup(request.getID());
            if (info == null) {
                // etcd's v3rpc turns "not found" into TTL -1
                return CompletableFuture.completedFuture(resp.setTTL(-1).build());
            }
            resp.setTTL(info.remaining()).setGrantedTTL(info.grantedTtl());
            if (request.getKeys()) {
                resp.addAllKeys(info.keys());
            }
            return CompletableFuture.completedFuture(resp.build());
        });
    }

    @Override
    public CompletableFuture<LeaseLeasesResponse> leaseLeases(Caller caller, LeaseLeasesRequest request) {
        return KvServiceImpl.guard(() -> {
            LeaseLeasesResponse.Builder resp = LeaseLeasesResponse.newBuilder()
                    .setHeader(header(ResponseHeader.getDefaultInstance()));
            for (long id : lessor.leases()) {
                resp.addLeases(LeaseStatus.newBuilder().setID(id));
            }
            return CompletableFuture.completedFuture(resp.build());
        });
    }

    /** etcd's quotaLeaseServer: over quota raises the NOSPACE alarm (without waiting) and refuses. */
    private void checkQuota() {
        if (quota.available(LEASE_OVERHEAD)) {
            return;
        }
        AlarmRequest raise = AlarmRequest.newBuilder().setAction(AlarmRequest.AlarmAction.ACTIVATE)
                .setMemberID(consensus.status().memberId()).setAlarm(AlarmType.NOSPACE).build();
        proposer.propose(InternalRaftRequest.newBuilder().setAlarm(raise), Object.class);
        throw EtcdError.NO_SPACE.exception();
    }

    private ResponseHeader header(ResponseHeader applied) {
        return proposer.header(applied, applied.getRevision() == 0 ? machine.currentRevision() : 0);
    }

    /** Whether this member leads (the lessor's primary). */
    boolean isLeader() {
        return consensus.status().isLeader();
    }
}
