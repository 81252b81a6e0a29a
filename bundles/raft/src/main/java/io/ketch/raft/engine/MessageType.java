package io.ketch.raft.engine;

/** The Raft messages between nodes (names after etcd's raftpb MessageType). */
public enum MessageType {
    /** RequestVote (§5.2). */
    VOTE,
    VOTE_RESP,
    /** AppendEntries carrying entries (§5.3). */
    APP,
    APP_RESP,
    /** AppendEntries without entries: keeps leadership, carries commit and read-index context. */
    HEARTBEAT,
    HEARTBEAT_RESP,
    /** InstallSnapshot (§7). */
    SNAP
}
