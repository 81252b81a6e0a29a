package io.ketch.raft.engine;

/**
 * A snapshot: its position and configuration, plus the state machine bytes when it travels to a
 * follower (locally the bytes live in a file and {@code data} is empty).
 */
public record Snapshot(SnapshotMeta meta, byte[] data) {
    public Snapshot {
        data = data == null ? new byte[0] : data;
    }
}
