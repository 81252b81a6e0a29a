package io.ketch.raft.engine;

/** Volatile state worth reporting: the known leader (0 if none) and this node's role. */
public record SoftState(long leader, StateType state) {
}
