package io.ketch.raft.node;

import io.ketch.spi.consensus.Consensus;
import io.ketch.spi.consensus.ConsensusContract;
import io.ketch.spi.consensus.StateMachine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The consensus contract over a single-member {@link RaftNode} with etcd's default snapshot count,
 * so no snapshot is taken: every restart replays from the WAL alone.
 */
class RaftNodeWalOnlyConsensusContractTest extends ConsensusContract {
    @Override
    protected Consensus open(StateMachine machine, Path dir) throws Exception {
        RaftNodeConfig config = RaftNodeConfig.defaults("default", dir,
                        Map.of("default", List.of("http://localhost:2380")), "etcd-cluster",
                        List.of("http://localhost:2379"))
                .withTiming(5, 10, 64 * 1024 * 1024).withSnapshotCount(100_000, 5000);
        return RaftNode.start(config, machine);
    }

    @Override
    protected boolean durable() {
        return true;
    }
}
