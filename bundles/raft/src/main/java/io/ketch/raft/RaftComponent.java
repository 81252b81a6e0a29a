package io.ketch.raft;

import io.ketch.raft.membership.InitialCluster;
import io.ketch.raft.node.RaftNode;
import io.ketch.raft.node.RaftNodeConfig;
import io.ketch.raft.transport.PeerDirectory;
import io.ketch.raft.transport.PeerTransport;
import io.ketch.raft.transport.TransportConfig;
import io.ketch.spi.consensus.Consensus;
import io.ketch.spi.consensus.ConsensusStatus;
import io.ketch.spi.consensus.Member;
import io.ketch.spi.consensus.StateMachine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Registers Raft as the {@link Consensus} service once configuration {@code io.ketch.raft} exists:
 * builds a {@link RaftNode} over the registered {@link StateMachine} and delegates to it. A data
 * dir that already holds a WAL ignores the initial-cluster settings, as etcd does. With
 * {@code initialClusterState=existing} an empty data dir joins a running cluster that added this
 * member (etcd's member add): it waits for the leader's log. A member that applies its own removal
 * stops its raft loop and logs "the member has been permanently removed from the cluster"; the
 * process keeps running (a bundle must not exit the JVM), with Consensus answering "server stopped".
 */
@Component(configurationPid = "io.ketch.raft", configurationPolicy = ConfigurationPolicy.REQUIRE, service = Consensus.class)
public final class RaftComponent implements Consensus {
    /** etcd's flags, camelCase; durations in ms. */
    @interface Config {
        String name() default "default";

        /** The member dir ({@code <data-dir>/member}). */
        String dataDir();

        /** etcd's {@code --initial-cluster}; empty means name=each initial advertise peer URL. */
        String initialCluster() default "";

        String initialClusterState() default "new";

        String initialClusterToken() default "etcd-cluster";

        String[] initialAdvertisePeerUrls() default {"http://localhost:2380"};

        String[] advertiseClientUrls() default {"http://localhost:2379"};

        /** Where the peer transport listens (http only for now). */
        String[] listenPeerUrls() default {"http://localhost:2380"};

        long heartbeatInterval() default 100;

        long electionTimeout() default 1000;

        long snapshotCount() default 100_000;

        /** Entries kept after a snapshot for slow followers (etcd's SnapshotCatchUpEntries). */
        long snapshotCatchUpEntries() default 5000;

        /** Bytes per preallocated WAL segment (not an etcd flag; etcd uses 64 MiB). */
        long walSegmentSize() default 64L * 1024 * 1024;

        boolean forceNewCluster() default false;

        boolean strictReconfigCheck() default true;
    }

    private final RaftNode node;
    private final PeerTransport transport;

    @Activate
    public RaftComponent(Config config, @Reference StateMachine stateMachine) {
        this.node = start(toNodeConfig(config), config, stateMachine);
        this.transport = startTransport(config, node);
    }

    /** The peer transport for a started node; the node's outbound messages go to it from then on. */
    static PeerTransport startTransport(Config config, RaftNode node) {
        try {
            PeerTransport t = PeerTransport.start(TransportConfig.of(List.of(config.listenPeerUrls()), node.clusterId(), node.memberId()),
                    new PeerDirectory() {
                        @Override
                        public List<String> peerUrls(long memberId) {
                            return node.peerUrls(memberId);
                        }

                        @Override
                        public boolean allowed(long memberId) {
                            return node.isMember(memberId);
                        }

                        @Override
                        public long clusterId() {
                            return node.clusterId();
                        }

                        @Override
                        public void clusterIdLearned(long clusterId) {
                            node.clusterIdLearned(clusterId);
                        }
                    }, node::step);
            node.attach(t::send);
            return t;
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    static RaftNodeConfig toNodeConfig(Config config) {
        if (config.electionTimeout() < 5 * config.heartbeatInterval()) {
            throw new IllegalArgumentException(String.format(
                    "--election-timeout[%dms] should be at least as 5 times as --heartbeat-interval[%dms]",
                    config.electionTimeout(), config.heartbeatInterval()));
        }
        Map<String, List<String>> initial = config.initialCluster().isBlank()
                ? new LinkedHashMap<>(Map.of(config.name(), List.of(config.initialAdvertisePeerUrls())))
                : InitialCluster.parse(config.initialCluster());
        int ticks = (int) (config.electionTimeout() / config.heartbeatInterval());
        return new RaftNodeConfig(config.name(), Path.of(config.dataDir()), initial, config.initialClusterToken(),
                List.of(config.advertiseClientUrls()), config.heartbeatInterval(), ticks, config.snapshotCount(),
                config.snapshotCatchUpEntries(), config.walSegmentSize(), config.forceNewCluster(),
                config.strictReconfigCheck(), System.nanoTime());
    }

    private static RaftNode start(RaftNodeConfig nc, Config config, StateMachine sm) {
        try {
            // existing: no bootstrap entries; the leader sends the log (or a snapshot) once it added us
            return RaftNode.start(nc, sm, "existing".equals(config.initialClusterState()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open raft data in " + nc.dataDir() + ": " + e.getMessage(), e);
        }
    }

    @Deactivate
    void deactivate() {
        transport.close();
        node.close();
    }

    @Override
    public CompletableFuture<Object> propose(byte[] command) {
        return node.propose(command);
    }

    @Override
    public CompletableFuture<Long> readIndex() {
        return node.readIndex();
    }

    @Override
    public ConsensusStatus status() {
        return node.status();
    }

    @Override
    public List<Member> members() {
        return node.members();
    }

    @Override
    public CompletableFuture<Member> addMember(List<String> peerUrls, boolean learner) {
        return node.addMember(peerUrls, learner);
    }

    @Override
    public CompletableFuture<Void> removeMember(long memberId) {
        return node.removeMember(memberId);
    }

    @Override
    public CompletableFuture<Void> updateMember(long memberId, List<String> peerUrls) {
        return node.updateMember(memberId, peerUrls);
    }

    @Override
    public CompletableFuture<Void> promoteMember(long memberId) {
        return node.promoteMember(memberId);
    }

    @Override
    public CompletableFuture<Void> transferLeadership(long targetMemberId) {
        return node.transferLeadership(targetMemberId);
    }
}
