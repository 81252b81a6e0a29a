package io.ketch.raft.node;

import io.ketch.spi.consensus.Consensus;
import io.ketch.spi.consensus.ConsensusContract;
import io.ketch.spi.consensus.StateMachine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The consensus contract over a single-member {@link RaftNode} with its WAL and snapshots in a temp
 * dir. Fast timing, small WAL segments and a small snapshot count, so the restart cases also go
 * through segment rotation, snapshots and restore.
 */
class RaftNodeConsensusContractTest extends ConsensusContract {
    @Override
    protected Consensus open(StateMachine machine, Path dir) throws Exception {
        RaftNodeConfig config = RaftNodeConfig.defaults("default", dir,
                        Map.of("default", List.of("http://localhost:2380")), "etcd-cluster",
                        List.of("http://localhost:2379"))
                .withTiming(5, 10, 4096).withSnapshotCount(10, 0);
        return RaftNode.start(config, machine);
    }

    @Override
    protected boolean durable() {
        return true;
    }
}
