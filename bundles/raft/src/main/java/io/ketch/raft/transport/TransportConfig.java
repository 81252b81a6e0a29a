package io.ketch.raft.transport;

import java.util.List;

/**
 * How a {@link PeerTransport} runs.
 *
 * @param listenUrls    the {@code listenPeerUrls} to serve (http://host:port; port 0 picks one)
 * @param clusterId     this member's cluster id (checked in every handshake)
 * @param memberId      this member's id
 * @param maxFrameBytes the largest frame accepted (a snapshot travels in one frame for now)
 * @param queueSize     messages queued per peer before new ones are dropped (Raft resends)
 */
public record TransportConfig(List<String> listenUrls, long clusterId, long memberId, int maxFrameBytes, int queueSize) {
    /** The largest frame by default: a snapshot of up to 512 MiB. */
    public static final int DEFAULT_MAX_FRAME = 512 * 1024 * 1024;

    public TransportConfig {
        listenUrls = List.copyOf(listenUrls);
    }

    /** Defaults for the frame limit and queue size. */
    public static TransportConfig of(List<String> listenUrls, long clusterId, long memberId) {
        return new TransportConfig(listenUrls, clusterId, memberId, DEFAULT_MAX_FRAME, 4096);
    }
}
