package io.ketch.raft.transport;

/**
 * The first frame on every peer connection: which cluster the sender belongs to, who sends and to
 * whom. The receiver refuses a peer of another cluster (another initial cluster token), a member
 * that is not (or no longer) in its configuration, and a connection meant for another member.
 *
 * @param clusterId the sender's cluster id
 * @param from      the sender's member id
 * @param to        the member id the sender believes it reached
 */
public record Handshake(long clusterId, long from, long to) {
}
