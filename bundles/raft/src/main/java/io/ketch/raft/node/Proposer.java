package io.ketch.raft.node;

import io.ketch.proto.raftpb.ConfChange;
import io.ketch.raft.engine.RaftEngine;
import io.ketch.spi.consensus.ConsensusException;
import io.ketch.spi.consensus.ConsensusException.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands the loop's requests to the engine (which forwards them to the leader when this member
 * follows) and registers the futures that the applied entries or confirmed reads complete. Without
 * a leader a request is parked until one is known. Loop thread only.
 */
final class Proposer {
    private final RaftEngine engine;
    private final Waiters waiters;
    private final AwaitingLeader awaitingLeader;
    private final long memberId;
    private final long requestTimeoutNanos;
    /** Sequences start at the clock (as etcd's request ids) so a restart never reuses one still in the log. */
    private long readSeq = System.currentTimeMillis() << 20;
    private long proposalSeq = System.currentTimeMillis() << 20;
    /** ConfChange ids: the member id's low 16 bits on top, so only the proposer finds its waiter (etcd's idutil shape). */
    private long confSeq = System.currentTimeMillis() << 8;

    Proposer(RaftEngine engine, Waiters waiters, AwaitingLeader awaitingLeader, long memberId, long requestTimeoutNanos) {
        this.engine = engine;
        this.waiters = waiters;
        this.awaitingLeader = awaitingLeader;
        this.memberId = memberId;
        this.requestTimeoutNanos = requestTimeoutNanos;
    }

    void propose(List<Request.Propose> proposals) {
        if (proposals.isEmpty()) {
            return;
        }
        long firstSeq = proposalSeq + 1;
        List<byte[]> data = new ArrayList<>(proposals.size());
        proposals.forEach(p -> data.add(Envelope.wrap(memberId, ++proposalSeq, p.data())));
        // a follower forwards to the leader; the entry finds its proposer by (member, seq) when applied
        if (engine.propose(data) < 0) {
            proposals.forEach(this::notLeader);
            return;
        }
        long deadline = System.nanoTime() + requestTimeoutNanos;
        for (int i = 0; i < proposals.size(); i++) {
            waiters.onProposal(firstSeq + i, deadline, proposals.get(i).future());
        }
    }

    /** All reads of one loop round share one ReadIndex confirmation (one heartbeat round). */
    void read(List<Request.Read> reads) {
        if (reads.isEmpty()) {
            return;
        }
        long ctx = ++readSeq;
        long deadline = System.nanoTime() + requestTimeoutNanos;
        if (engine.readIndex(Envelope.readContext(memberId, ctx))) {
            reads.forEach(r -> waiters.onRead(ctx, deadline, r.future()));
        } else {
            reads.forEach(this::notLeader);
        }
    }

    /** A conf change goes to the leader's log (forwarded from a follower); its id finds the proposer's future. */
    void confChange(Request.Conf c) {
        String refusal = c.check() == null ? null : c.check().apply(engine);
        if (refusal != null) {
            c.fail(new ConsensusException(Reason.MEMBERSHIP_REFUSED, refusal));
            return;
        }
        long id = (memberId << 48) | (++confSeq & 0xffff_ffff_ffffL);
        byte[] change;
        try {
            change = ConfChange.parseFrom(c.change()).toBuilder().setId(id).build().toByteArray();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            c.fail(new ConsensusException(Reason.MEMBERSHIP_REFUSED, "undecodable conf change"));
            return;
        }
        long index = engine.proposeConfChange(change);
        if (index == -1) {
            notLeader(c);
        } else if (index == -2) {
            c.fail(new ConsensusException(Reason.MEMBERSHIP_REFUSED, "etcdserver: a configuration change is already in progress"));
        } else {
            waiters.onConf(id, System.nanoTime() + requestTimeoutNanos, c.future(), c.map());
        }
    }

    /** Starts handing leadership to target; done once it leads (etcd's MoveLeader). */
    void transfer(Request.Transfer t) {
        if (!engine.transferLeadership(t.target())) {
            boolean leading = engine.leader() == memberId;
            t.fail(leading ? new ConsensusException(Reason.BAD_TRANSFEREE, "etcdserver: bad leader transferee")
                    : new ConsensusException(Reason.NO_LEADER, "etcdserver: not leader"));
            return;
        }
        waiters.onTransfer(t.target(), System.nanoTime() + requestTimeoutNanos, t.future());
    }

    /** Without a leader (or while it hands over) a request waits for one (until the request timeout). */
    void notLeader(Request r) {
        if (engine.leader() == 0 || engine.transferring()) {
            awaitingLeader.park(r, System.nanoTime() + requestTimeoutNanos);
            return;
        }
        r.fail(new ConsensusException(Reason.NO_LEADER, "etcdserver: not the leader"));
    }
}
