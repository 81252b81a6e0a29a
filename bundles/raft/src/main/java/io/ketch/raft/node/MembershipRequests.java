package io.ketch.raft.node;

import io.ketch.raft.membership.MemberIds;
import io.ketch.raft.membership.Membership;
import io.ketch.spi.consensus.ConsensusException;
import io.ketch.spi.consensus.ConsensusException.Reason;
import io.ketch.spi.consensus.Member;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Validates membership changes with etcd's checks and messages, then proposes them as ConfChange entries. */
final class MembershipRequests {
    private MembershipRequests() {
    }

    private static <T> CompletableFuture<T> refuse(String message) {
        return CompletableFuture.failedFuture(new ConsensusException(Reason.MEMBERSHIP_REFUSED, message));
    }

    static CompletableFuture<Member> add(RaftNode node, List<String> peerUrls, boolean learner) {
        Membership ms = node.membership();
        if (ms.peerUrlTaken(peerUrls, 0)) {
            return refuse("membership: peerURL exists");
        }
        // strict reconfig check: a new member cannot join yet (initial-cluster-state=existing is
        // refused), so it would never start and a new voter would raise the quorum for nothing
        // (etcd refuses the same way when too few members are started)
        int voters = node.voterCount() + 1;
        if (!learner && node.config().strictReconfigCheck() && 1 < voters / 2 + 1) {
            return refuse("etcdserver: re-configuration failed due to not enough started members");
        }
        long id = MemberIds.memberId(peerUrls, node.config().clusterToken(), System.currentTimeMillis() / 1000);
        Member m = new Member(id, "", peerUrls, List.of(), learner);
        return node.proposeConfChange(Membership.addChange(m), r -> r);
    }

    static CompletableFuture<Void> remove(RaftNode node, long id) {
        Member m = node.membership().get(id);
        if (m == null) {
            return refuse("membership: member not found");
        }
        if (id == node.memberId()) {
            return refuse("not supported yet: removing the local member");
        }
        return node.proposeConfChange(Membership.removeChange(id), r -> null);
    }

    static CompletableFuture<Void> update(RaftNode node, long id, List<String> peerUrls) {
        Member m = node.membership().get(id);
        if (m == null) {
            return refuse("membership: member not found");
        }
        if (node.membership().peerUrlTaken(peerUrls, id)) {
            return refuse("membership: peerURL exists");
        }
        Member updated = new Member(id, m.name(), peerUrls, m.clientUrls(), m.learner());
        return node.proposeConfChange(Membership.updateChange(updated), r -> null);
    }

    static CompletableFuture<Void> promote(RaftNode node, long id) {
        Member m = node.membership().get(id);
        if (m == null) {
            return refuse("membership: member not found");
        }
        if (!m.learner()) {
            return refuse("membership: can only promote a learner member");
        }
        // a learner cannot join yet (initial-cluster-state=existing is refused), so none is in sync
        return refuse("etcdserver: can only promote a learner member which is in sync with leader");
    }
}
