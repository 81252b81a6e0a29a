package io.ketch.raft.engine;

/**
 * A confirmed read barrier: once the node applied up to {@code index}, a read issued with
 * {@code context} may be served locally (§6.4, ReadIndex).
 */
public record ReadState(long index, byte[] context) {
}
