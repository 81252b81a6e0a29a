package io.ketch.server.service;

import io.ketch.server.apply.EtcdStateMachine;
import io.ketch.spi.consensus.Consensus;
import java.util.concurrent.Executor;

/** The member's services, built from the consensus layer and the state machine; what tests construct. */
public final class EtcdServices {
    private final KvServiceImpl kv;
    private final MaintenanceServiceImpl maintenance;
    private final ClusterServiceImpl cluster;
    private final BootstrapPublisher publisher;

    /** Services with etcd's limits; local reads run on the executor. */
    public EtcdServices(Consensus consensus, EtcdStateMachine machine, Limits limits, Executor reads) {
        Proposer proposer = new Proposer(consensus, limits.maxRequestBytes(), consensus.status().memberId(),
                System.currentTimeMillis());
        Quota quota = new Quota(limits.effectiveQuota(), machine::backend);
        kv = new KvServiceImpl(consensus, machine, proposer, reads, limits.maxTxnOps(), quota);
        maintenance = new MaintenanceServiceImpl(consensus, machine, proposer, reads);
        cluster = new ClusterServiceImpl(consensus, machine.cluster(), proposer);
        publisher = new BootstrapPublisher(consensus, proposer, machine.cluster());
    }

    /** The KV service. */
    public KvServiceImpl kv() {
        return kv;
    }

    /** The Maintenance service. */
    public MaintenanceServiceImpl maintenance() {
        return maintenance;
    }

    /** The Cluster service. */
    public ClusterServiceImpl cluster() {
        return cluster;
    }

    BootstrapPublisher publisher() {
        return publisher;
    }
}
