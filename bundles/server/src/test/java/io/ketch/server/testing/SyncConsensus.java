package io.ketch.server.testing;

import io.ketch.spi.consensus.Consensus;
import io.ketch.spi.consensus.ConsensusException;
import io.ketch.spi.consensus.ConsensusStatus;
import io.ketch.spi.consensus.LogEntry;
import io.ketch.spi.consensus.Member;
import io.ketch.spi.consensus.StateMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A one-member consensus that commits every proposal at once and applies it synchronously to the
 * state machine: a real log with indices and a term, without replication. Can be stopped to test
 * error mapping.
 */
public final class SyncConsensus implements Consensus {
    public static final long CLUSTER_ID = 0xcdf818194e3a8c32L;
    public static final long MEMBER_ID = 0x8e9e05c52164694dL;
    public static final long TERM = 2;

    private final StateMachine machine;
    private final List<Member> members = new ArrayList<>();
    private long index;
    private volatile ConsensusException.Reason failure;

    public SyncConsensus(StateMachine machine) {
        this.machine = machine;
        this.index = machine.appliedIndex();
        members.add(new Member(MEMBER_ID, "default", List.of("http://localhost:2380"), List.of(), false));
    }

    /** Makes every later call fail for this reason (null: work again). */
    public void fail(ConsensusException.Reason reason) {
        this.failure = reason;
    }

    @Override
    public synchronized CompletableFuture<Object> propose(byte[] command) {
        if (failure != null) {
            return CompletableFuture.failedFuture(new ConsensusException(failure, "refused"));
        }
        Object result = machine.apply(List.of(new LogEntry(++index, TERM, command))).get(0);
        return result instanceof Exception e ? CompletableFuture.failedFuture(e) : CompletableFuture.completedFuture(result);
    }

    /** Commits an entry the consensus layer makes itself (a leader's empty entry). */
    public synchronized void commitEmpty() {
        machine.apply(List.of(new LogEntry(++index, TERM, null)));
    }

    @Override
    public synchronized CompletableFuture<Long> readIndex() {
        if (failure != null) {
            return CompletableFuture.failedFuture(new ConsensusException(failure, "refused"));
        }
        return CompletableFuture.completedFuture(index);
    }

    @Override
    public synchronized ConsensusStatus status() {
        return new ConsensusStatus(CLUSTER_ID, MEMBER_ID, MEMBER_ID, TERM, index, index, false);
    }

    @Override
    public synchronized List<Member> members() {
        return List.copyOf(members);
    }

    @Override
    public synchronized CompletableFuture<Member> addMember(List<String> peerUrls, boolean learner) {
        Member m = new Member(MEMBER_ID + members.size(), "", peerUrls, List.of(), learner);
        members.add(m);
        return CompletableFuture.completedFuture(m);
    }

    @Override
    public synchronized CompletableFuture<Void> removeMember(long memberId) {
        if (!members.removeIf(m -> m.id() == memberId)) {
            return CompletableFuture.failedFuture(new ConsensusException(
                    ConsensusException.Reason.MEMBERSHIP_REFUSED, "etcdserver: member not found"));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> updateMember(long memberId, List<String> peerUrls) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> promoteMember(long memberId) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> transferLeadership(long targetMemberId) {
        return CompletableFuture.failedFuture(new ConsensusException(ConsensusException.Reason.BAD_TRANSFEREE, "no"));
    }
}
