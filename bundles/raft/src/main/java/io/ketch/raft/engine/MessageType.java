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
    SNAP,
    /** A proposal a follower forwards to its leader (term 0: a local message, etcd's MsgProp). */
    PROP,
    /** A ReadIndex request a follower forwards to its leader (term 0, etcd's MsgReadIndex). */
    READ_INDEX,
    /** The leader's answer to a forwarded ReadIndex: {@code index} confirmed for {@code context}. */
    READ_INDEX_RESP,
    /** A leader handing over tells its caught-up transferee to campaign now (etcd's MsgTimeoutNow). */
    TIMEOUT_NOW
}
