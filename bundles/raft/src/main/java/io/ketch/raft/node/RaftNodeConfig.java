package io.ketch.raft.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How a {@link RaftNode} runs (etcd's flags, already parsed).
 *
 * @param name                   this member's name
 * @param dataDir                the member dir: WAL in {@code wal/}, raft snapshots in {@code snap/}
 * @param initialCluster         name -> peer URLs of the initial members (ignored once a WAL exists)
 * @param clusterToken           the initial cluster token
 * @param clientUrls             this member's advertised client URLs
 * @param heartbeatMs            the tick: ms between heartbeats
 * @param electionTicks          election timeout in ticks (electionTimeout / heartbeatInterval)
 * @param snapshotCount          applied entries between raft snapshots
 * @param snapshotCatchUpEntries entries kept in the log after a snapshot for slow followers
 * @param walSegmentSize         bytes per preallocated WAL segment
 * @param forceNewCluster        etcd's --force-new-cluster
 * @param strictReconfigCheck    refuse membership changes that would lose quorum
 * @param seed                   seed of the election-jitter random
 */
public record RaftNodeConfig(String name, Path dataDir, Map<String, List<String>> initialCluster, String clusterToken,
                             List<String> clientUrls, long heartbeatMs, int electionTicks, long snapshotCount,
                             long snapshotCatchUpEntries, long walSegmentSize, boolean forceNewCluster,
                             boolean strictReconfigCheck, long seed) {
    public RaftNodeConfig {
        initialCluster = Map.copyOf(initialCluster);
        clientUrls = List.copyOf(clientUrls);
    }

    /** etcd's defaults for a member named {@code name} in dataDir. */
    public static RaftNodeConfig defaults(String name, Path dataDir, Map<String, List<String>> initialCluster,
                                          String token, List<String> clientUrls) {
        return new RaftNodeConfig(name, dataDir, initialCluster, token, clientUrls, 100, 10, 100_000, 5000,
                64L * 1024 * 1024, false, true, System.nanoTime());
    }

    public RaftNodeConfig withSnapshotCount(long count, long catchUp) {
        return new RaftNodeConfig(name, dataDir, initialCluster, clusterToken, clientUrls, heartbeatMs, electionTicks,
                count, catchUp, walSegmentSize, forceNewCluster, strictReconfigCheck, seed);
    }

    public RaftNodeConfig withForceNewCluster(boolean force) {
        return new RaftNodeConfig(name, dataDir, initialCluster, clusterToken, clientUrls, heartbeatMs, electionTicks,
                snapshotCount, snapshotCatchUpEntries, walSegmentSize, force, strictReconfigCheck, seed);
    }

    public RaftNodeConfig withTiming(long heartbeat, int ticks, long segmentSize) {
        return new RaftNodeConfig(name, dataDir, initialCluster, clusterToken, clientUrls, heartbeat, ticks,
                snapshotCount, snapshotCatchUpEntries, segmentSize, forceNewCluster, strictReconfigCheck, seed);
    }
}
