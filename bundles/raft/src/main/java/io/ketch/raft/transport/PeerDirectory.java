package io.ketch.raft.transport;

import java.util.List;

/** What the transport asks the membership: where a peer listens, and whether it may talk to us. */
public interface PeerDirectory {
    /** The peer URLs of a member; empty if unknown. */
    List<String> peerUrls(long memberId);

    /** Whether a member may connect (false for a removed or unknown member). */
    boolean allowed(long memberId);

    /**
     * The cluster id as the node knows it now: a member that joins a running cluster (etcd's
     * initial-cluster-state=existing) starts with 0 and learns it from the first peer that connects.
     */
    default long clusterId() {
        return 0;
    }

    /** A joining member learned its cluster id from an accepted handshake. */
    default void clusterIdLearned(long clusterId) {
    }
}
