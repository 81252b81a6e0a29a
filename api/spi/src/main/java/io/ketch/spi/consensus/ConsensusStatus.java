package io.ketch.spi.consensus;

/**
 * A member's view of the cluster and its log.
 *
 * @param clusterId    the cluster id, derived from the initial members and the cluster token
 * @param memberId     this member's id
 * @param leaderId     the leader this member knows of, 0 if none
 * @param term         the current term
 * @param commitIndex  the highest index known committed
 * @param appliedIndex the highest index applied to the state machine
 * @param learner      whether this member is a learner
 */
public record ConsensusStatus(long clusterId, long memberId, long leaderId, long term,
                              long commitIndex, long appliedIndex, boolean learner) {
    /** Whether this member is the leader. */
    public boolean isLeader() {
        return leaderId != 0 && leaderId == memberId;
    }
}
