package io.ketch.raft.engine;

/** The role a node plays in its current term. */
public enum StateType {
    FOLLOWER,
    CANDIDATE,
    LEADER
}
