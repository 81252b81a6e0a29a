package io.ketch.raft.snap;

import io.ketch.raft.engine.SnapshotMeta;
import java.nio.file.Path;

/**
 * A raft snapshot on disk.
 *
 * @param path       the file
 * @param meta       its position in the log and configuration
 * @param members    the membership as of the snapshot, in {@code MembershipCodec} form
 * @param dataLength the length of the state machine bytes at the start of the file
 */
public record SnapshotFile(Path path, SnapshotMeta meta, String members, long dataLength) {
}
