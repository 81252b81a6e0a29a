package io.ketch.server.service;

import io.ketch.proto.etcdserverpb.InternalRaftRequest;
import io.ketch.proto.etcdserverpb.Request;
import io.ketch.server.apply.ClusterState;
import io.ketch.spi.consensus.Consensus;
import io.ketch.spi.consensus.ConsensusStatus;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What etcd proposes once a leader is known: the member's attributes (etcdserver.publish) and, on
 * the leader, the cluster version, both as v2 PUT requests; logged in etcd's words.
 */
final class BootstrapPublisher {
    private static final System.Logger LOG = System.getLogger("etcdserver");
    static final String CLUSTER_VERSION = "3.4.0";

    private final Consensus consensus;
    private final Proposer proposer;
    private final ClusterState cluster;
    private CompletableFuture<Object> publish;
    private CompletableFuture<Object> version;

    BootstrapPublisher(Consensus consensus, Proposer proposer, ClusterState cluster) {
        this.consensus = consensus;
        this.proposer = proposer;
        this.cluster = cluster;
    }

    /**
     * Called periodically until it returns true: proposes what is due once a leader is known, and
     * proposes again what failed. True once this member is published and the version is set.
     */
    synchronized boolean tick(String name, List<String> clientUrls) {
        ConsensusStatus s = consensus.status();
        if (s.leaderId() == 0) {
            return false;
        }
        if (publish == null || publish.isCompletedExceptionally()) {
            ClusterState.Attributes a = new ClusterState.Attributes(name, clientUrls);
            String path = "/0/members/" + Long.toHexString(s.memberId()) + "/attributes";
            publish = propose(path, a.toJson());
            publish.thenRun(() -> LOG.log(System.Logger.Level.INFO, "published {Name:" + name + " ClientURLs:["
                    + String.join(" ", clientUrls) + "]} to cluster " + Long.toHexString(s.clusterId())));
        }
        boolean versionDue = s.isLeader() && cluster.clusterVersion().isEmpty();
        if (versionDue && (version == null || version.isCompletedExceptionally())) {
            LOG.log(System.Logger.Level.INFO, "setting up the initial cluster version to 3.4");
            // every member logs the version once it applies it (ClusterState)
            version = propose("/0/version", CLUSTER_VERSION);
        }
        boolean published = publish.isDone() && !publish.isCompletedExceptionally();
        return published && (cluster.clusterVersion().isPresent() || !s.isLeader());
    }

    private CompletableFuture<Object> propose(String path, String val) {
        Request.Builder v2 = Request.newBuilder().setMethod("PUT").setPath(path).setVal(val);
        return proposer.propose(InternalRaftRequest.newBuilder().setV2(v2), Object.class);
    }
}
