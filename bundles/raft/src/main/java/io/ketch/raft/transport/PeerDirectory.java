package io.ketch.raft.transport;

import java.util.List;

/** What the transport asks the membership: where a peer listens, and whether it may talk to us. */
public interface PeerDirectory {
    /** The peer URLs of a member; empty if unknown. */
    List<String> peerUrls(long memberId);

    /** Whether a member may connect (false for a removed or unknown member). */
    boolean allowed(long memberId);
}
