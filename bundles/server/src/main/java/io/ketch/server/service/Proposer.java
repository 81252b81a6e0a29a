package io.ketch.server.service;

import io.ketch.proto.etcdserverpb.InternalRaftRequest;
import io.ketch.proto.etcdserverpb.RequestHeader;
import io.ketch.proto.etcdserverpb.ResponseHeader;
import io.ketch.spi.consensus.Consensus;
import io.ketch.spi.consensus.ConsensusException;
import io.ketch.spi.consensus.ConsensusStatus;
import io.ketch.spi.etcd.EtcdError;
import io.ketch.spi.etcd.EtcdException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns requests into proposals (etcd's processInternalRaftRequestOnce): a unique request id, the
 * size limit, the applied result or the error in etcd's words; and fills response headers.
 */
final class Proposer {
    private final Consensus consensus;
    private final long maxRequestBytes;
    private final AtomicLong nextId;

    Proposer(Consensus consensus, long maxRequestBytes, long memberId, long nowMillis) {
        this.consensus = consensus;
        this.maxRequestBytes = maxRequestBytes;
        // etcd's idutil: the member id's low 16 bits, then a time-seeded counter, unique across restarts
        this.nextId = new AtomicLong(((memberId & 0xffff) << 48) | ((nowMillis & 0xffffffffffL) << 8));
    }

    /** Proposes a request and completes with the response the state machine produced. */
    <T> CompletableFuture<T> propose(InternalRaftRequest.Builder request, Class<T> type) {
        long id = nextRequestId();
        request.setHeader(RequestHeader.newBuilder().setID(id));
        if (request.hasV2()) {
            // etcd identifies v2 requests by their own ID field
            request.setV2(request.getV2().toBuilder().setID(id));
        }
        byte[] data = request.build().toByteArray();
        if (data.length > maxRequestBytes) {
            return CompletableFuture.failedFuture(EtcdError.REQUEST_TOO_LARGE.exception());
        }
        CompletableFuture<Object> proposed;
        try {
            proposed = consensus.propose(data);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(map(e));
        }
        return proposed.handle((result, error) -> {
            if (error != null) {
                throw new CompletionException(map(error));
            }
            if (result instanceof RuntimeException e) {
                throw new CompletionException(map(e));
            }
            return type.cast(result);
        });
    }

    /** The next id of etcd's request id generator (etcd also draws lease ids from it). */
    long nextRequestId() {
        return nextId.incrementAndGet();
    }

    /** Fills the cluster id, member id and term, and the revision when the applier left it 0. */
    ResponseHeader header(ResponseHeader applied, long currentRevision) {
        ConsensusStatus s = consensus.status();
        ResponseHeader.Builder h = applied.toBuilder()
                .setClusterId(s.clusterId()).setMemberId(s.memberId()).setRaftTerm(s.term());
        if (h.getRevision() == 0) {
            h.setRevision(currentRevision);
        }
        return h.build();
    }

    /** A header without a revision, as etcd's cluster service sends. */
    ResponseHeader clusterHeader() {
        ConsensusStatus s = consensus.status();
        return ResponseHeader.newBuilder()
                .setClusterId(s.clusterId()).setMemberId(s.memberId()).setRaftTerm(s.term()).build();
    }

    /** etcd's client-facing error for a failure from the consensus layer or the applier. */
    static Throwable map(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ConsensusException c) {
            return switch (c.reason()) {
                case STOPPED -> EtcdError.STOPPED.exception();
                case NO_LEADER -> EtcdError.NO_LEADER.exception();
                case TIMEOUT -> EtcdError.TIMEOUT.exception();
                case LEADER_CHANGED -> EtcdError.LEADER_CHANGED.exception();
                case BAD_TRANSFEREE -> EtcdError.BAD_LEADER_TRANSFEREE.exception();
                case MEMBERSHIP_REFUSED -> membershipError(c.getMessage());
            };
        }
        return t;
    }

    private static EtcdException membershipError(String message) {
        for (EtcdError e : EtcdError.values()) {
            if (e.message().equals(message)) {
                return e.exception();
            }
        }
        return new EtcdException(EtcdError.Code.FAILED_PRECONDITION, message);
    }
}
