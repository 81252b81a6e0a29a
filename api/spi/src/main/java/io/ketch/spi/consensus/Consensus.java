package io.ketch.spi.consensus;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A replicated log that drives the registered {@link StateMachine}: Raft on a member. Proposals from
 * any member reach the leader; once committed, every member applies them in the same order.
 *
 * <p>Failed futures hold a {@link ConsensusException} whose {@link ConsensusException.Reason} says
 * what to tell the client (stopped, no leader, timed out, ...).
 */
@ProviderType
public interface Consensus {
    /**
     * Proposes a command. The future completes with what {@link StateMachine#apply} returned for it
     * on this member, after this member applied it.
     */
    CompletableFuture<Object> propose(byte[] command);

    /**
     * A linearizable read barrier (Raft's ReadIndex): completes with a commit index the leader
     * confirmed with a quorum after this call, once this member has applied up to it. A read
     * served locally after that sees every write acknowledged before the call. Many concurrent
     * calls share one confirmation round.
     */
    CompletableFuture<Long> readIndex();

    /** This member's view of the cluster and the log, as of now. */
    ConsensusStatus status();

    /** The members of the cluster, voters and learners, in id order. */
    List<Member> members();

    /** Adds a member (a voter, or a learner) with the given peer URLs; completes with it once applied. */
    CompletableFuture<Member> addMember(List<String> peerUrls, boolean learner);

    /** Removes a member; completes once the configuration change is applied. */
    CompletableFuture<Void> removeMember(long memberId);

    /** Replaces a member's peer URLs. */
    CompletableFuture<Void> updateMember(long memberId, List<String> peerUrls);

    /** Promotes a learner that has caught up with the leader to a voter. */
    CompletableFuture<Void> promoteMember(long memberId);

    /** Hands leadership to another voter; completes when it leads or fails when it cannot. */
    CompletableFuture<Void> transferLeadership(long targetMemberId);
}
