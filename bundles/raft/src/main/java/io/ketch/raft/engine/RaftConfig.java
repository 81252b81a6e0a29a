package io.ketch.raft.engine;

import java.util.Random;
import java.util.function.Function;

/**
 * How an engine is built.
 *
 * @param id                   this node's id (non-zero)
 * @param electionTicks        ticks without a leader before an election (randomised up to twice that)
 * @param heartbeatTicks       ticks between a leader's heartbeats
 * @param applied              the index the state machine already applied (committed entries after it are handed out)
 * @param maxEntriesPerMessage how many entries one AppendEntries carries at most
 * @param random               the source of election jitter (seeded in tests)
 * @param snapshotSource       the snapshot to send a follower whose entries were compacted away: given the
 *                             log's compaction point, a snapshot covering at least that index, labelled
 *                             with the index and term its data was taken at
 */
public record RaftConfig(long id, int electionTicks, int heartbeatTicks, long applied, int maxEntriesPerMessage,
                         Random random, Function<SnapshotMeta, Snapshot> snapshotSource) {
    public RaftConfig {
        if (id == 0) {
            throw new IllegalArgumentException("id must not be 0");
        }
        if (heartbeatTicks <= 0 || electionTicks <= heartbeatTicks) {
            throw new IllegalArgumentException("need 0 < heartbeatTicks < electionTicks");
        }
    }

    /** A config with defaults for the rest. */
    public static RaftConfig of(long id, int electionTicks, int heartbeatTicks, Random random) {
        return new RaftConfig(id, electionTicks, heartbeatTicks, 0, 256, random, meta -> new Snapshot(meta, new byte[0]));
    }

    /** The same config with another applied index. */
    public RaftConfig withApplied(long index) {
        return new RaftConfig(id, electionTicks, heartbeatTicks, index, maxEntriesPerMessage, random, snapshotSource);
    }

    /** The same config with a source of snapshots for lagging followers. */
    public RaftConfig withSnapshotSource(Function<SnapshotMeta, Snapshot> source) {
        return new RaftConfig(id, electionTicks, heartbeatTicks, applied, maxEntriesPerMessage, random, source);
    }
}
