package io.ketch.raft.node;

import io.ketch.raft.engine.RaftEngine;
import io.ketch.raft.membership.MemberIds;
import io.ketch.raft.membership.Membership;
import io.ketch.spi.consensus.ConsensusException;
import io.ketch.spi.consensus.ConsensusException.Reason;
import io.ketch.spi.consensus.Member;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Validates membership changes with etcd's checks and messages (etcdserver's mayAddMember,
 * mayRemoveMember, mayPromoteMember), then proposes them as ConfChange entries. The quorum checks
 * run on the raft loop, where a leader sees its followers' progress.
 */
final class MembershipRequests {
    static final String NOT_ENOUGH_STARTED = "etcdserver: re-configuration failed due to not enough started members";
    static final String LEARNER_NOT_READY = "etcdserver: can only promote a learner member which is in sync with leader";
    static final String NOT_LEARNER = "etcdserver: can only promote a learner member";
    static final String TOO_MANY_LEARNERS = "etcdserver: too many learner members in cluster";
    /** etcd 3.4's maxLearners. */
    private static final int MAX_LEARNERS = 1;
    /** etcd's readyPercent: a learner is in sync once its match reaches 90% of the leader's. */
    private static final double READY_PERCENT = 0.9;

    private MembershipRequests() {
    }

    private static <T> CompletableFuture<T> refuse(String message) {
        return CompletableFuture.failedFuture(new ConsensusException(Reason.MEMBERSHIP_REFUSED, message));
    }

    /**
     * The id of a member added at runtime: etcd adds the current time to the hash, but then the new
     * member cannot derive its own id from its flags and must ask the cluster; Ketch hashes peer
     * URLs and token only, as for an initial member, so the joiner computes the same id itself.
     */
    static long addedMemberId(List<String> peerUrls, String token) {
        return MemberIds.memberId(peerUrls, token, null);
    }

    static CompletableFuture<Member> add(RaftNode node, List<String> peerUrls, boolean learner) {
        Membership ms = node.membership();
        if (ms.peerUrlTaken(peerUrls, 0)) {
            return refuse("etcdserver: Peer URLs already exists");
        }
        long id = addedMemberId(peerUrls, node.config().clusterToken());
        if (ms.get(id) != null) {
            return refuse("etcdserver: member ID already exist");
        }
        if (learner && ms.list().stream().filter(Member::learner).count() >= MAX_LEARNERS) {
            return refuse(TOO_MANY_LEARNERS);
        }
        Member m = new Member(id, "", peerUrls, List.of(), learner);
        Function<RaftEngine, String> check = learner || !node.config().strictReconfigCheck() ? null
                : engine -> readyToAddVoter(node, engine) ? null : NOT_ENOUGH_STARTED;
        return node.proposeConfChange(Membership.addChange(m), r -> r, check);
    }

    static CompletableFuture<Void> remove(RaftNode node, long id) {
        Member m = node.membership().get(id);
        if (m == null) {
            return refuse("etcdserver: member not found");
        }
        Function<RaftEngine, String> check = m.learner() || !node.config().strictReconfigCheck() ? null
                : engine -> readyToRemoveVoter(node, engine, id) ? null : NOT_ENOUGH_STARTED;
        return node.proposeConfChange(Membership.removeChange(id), r -> null, check);
    }

    static CompletableFuture<Void> update(RaftNode node, long id, List<String> peerUrls) {
        Member m = node.membership().get(id);
        if (m == null) {
            return refuse("etcdserver: member not found");
        }
        if (node.membership().peerUrlTaken(peerUrls, id)) {
            return refuse("etcdserver: Peer URLs already exists");
        }
        Member updated = new Member(id, m.name(), peerUrls, m.clientUrls(), m.learner());
        return node.proposeConfChange(Membership.updateChange(updated), r -> null, null);
    }

    static CompletableFuture<Void> promote(RaftNode node, long id) {
        Member m = node.membership().get(id);
        if (m == null) {
            return refuse("etcdserver: member not found");
        }
        if (!m.learner()) {
            return refuse(NOT_LEARNER);
        }
        return node.proposeConfChange(Membership.promoteChange(m), r -> null, engine -> learnerReady(engine, id) ? null : LEARNER_NOT_READY);
    }

    /**
     * etcd's isLearnerReady on the leader: the learner's match index is at least 90% of the
     * leader's. A follower cannot see the learner's progress: it lets the change through.
     */
    static boolean learnerReady(RaftEngine engine, long id) {
        long leaderMatch = engine.match(engine.id());
        if (leaderMatch < 0) {
            return true;
        }
        long learnerMatch = engine.match(id);
        return learnerMatch >= 0 && learnerMatch >= leaderMatch * READY_PERCENT;
    }

    /** etcd's IsReadyToAddVotingMember: the started voters must reach the quorum of the grown cluster. */
    static boolean readyToAddVoter(RaftNode node, RaftEngine engine) {
        int members = 1;
        int started = 0;
        for (long voter : engine.voters()) {
            members++;
            if (started(node, engine, voter)) {
                started++;
            }
        }
        // adding a second member to a one-member cluster (restoring data) is allowed as in etcd
        return (started == 1 && members == 2) || started >= members / 2 + 1;
    }

    /** etcd's IsReadyToRemoveVotingMember: the started voters left must reach the shrunk cluster's quorum. */
    static boolean readyToRemoveVoter(RaftNode node, RaftEngine engine, long id) {
        int members = 0;
        int started = 0;
        for (long voter : engine.voters()) {
            if (voter == id) {
                continue;
            }
            members++;
            if (started(node, engine, voter)) {
                started++;
            }
        }
        return started >= members / 2 + 1;
    }

    /**
     * Whether a voter counts as started (etcd: it published its name): a member of the initial
     * cluster (it has a name here), or one this node saw acknowledge entries while leading.
     */
    private static boolean started(RaftNode node, RaftEngine engine, long voter) {
        if (voter == engine.id() || engine.match(voter) > 0 || node.seenStarted(voter)) {
            return true;
        }
        Member m = node.membership().get(voter);
        return m != null && !m.name().isEmpty();
    }
}
