package io.ketch.raft.node;

import io.ketch.raft.transport.PeerDirectory;
import io.ketch.raft.transport.PeerTransport;
import io.ketch.raft.transport.TestPorts;
import io.ketch.raft.transport.TransportConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Real RaftNodes in one JVM, talking over the real peer transport on 127.0.0.1. */
final class LocalCluster implements AutoCloseable {
    /** One member: its node, transport and (durable across restarts) state machine. */
    static final class Member {
        final String name;
        final RaftNodeConfig config;
        final RecordingStateMachine sm = new RecordingStateMachine(0);
        final List<String> listen;
        RaftNode node;
        PeerTransport transport;
        /** Starts with initial-cluster-state=existing (joins a running cluster). */
        boolean join;

        Member(String name, RaftNodeConfig config, List<String> listen) {
            this.name = name;
            this.config = config;
            this.listen = listen;
        }

        void start() throws Exception {
            node = RaftNode.start(config, sm, join);
            RaftNode n = node;
            transport = PeerTransport.start(TransportConfig.of(listen, n.clusterId(), n.memberId()), new PeerDirectory() {
                @Override
                public List<String> peerUrls(long memberId) {
                    return n.peerUrls(memberId);
                }

                @Override
                public boolean allowed(long memberId) {
                    return n.isMember(memberId);
                }

                @Override
                public long clusterId() {
                    return n.clusterId();
                }

                @Override
                public void clusterIdLearned(long clusterId) {
                    n.clusterIdLearned(clusterId);
                }
            }, n::step);
            n.attach(transport::send);
        }

        void stop() {
            if (node != null) {
                transport.close();
                node.close();
                node = null;
            }
        }

        boolean running() {
            return node != null;
        }

        synchronized boolean applied(String command) {
            synchronized (sm) {
                return sm.commands.contains(command);
            }
        }
    }

    final Map<String, Member> members = new LinkedHashMap<>();

    LocalCluster(Path dir, int size) throws Exception {
        this(dir, size, c -> c);
    }

    /** A cluster whose member configs pass through {@code tune} (e.g. a small snapshot count). */
    LocalCluster(Path dir, int size, java.util.function.UnaryOperator<RaftNodeConfig> tune) throws Exception {
        Map<String, List<String>> initial = new LinkedHashMap<>();
        for (int i = 1; i <= size; i++) {
            initial.put("m" + i, List.of("http://127.0.0.1:" + TestPorts.free()));
        }
        for (String name : initial.keySet()) {
            RaftNodeConfig c = RaftNodeConfig.defaults(name, dir.resolve(name), initial, "local-cluster",
                    List.of("http://127.0.0.1:0")).withTiming(20, 10, 1 << 16);
            c = tune.apply(c);
            members.put(name, new Member(name, c, initial.get(name)));
        }
        for (Member m : members.values()) {
            m.start();
        }
    }

    /**
     * A not yet started member that joins this cluster (initial-cluster-state=existing), its initial
     * cluster being the members that run now plus itself, as etcdctl member add prints it.
     */
    Member joiner(Path dir, String name) throws Exception {
        Map<String, List<String>> initial = new LinkedHashMap<>();
        members.values().stream().filter(Member::running).forEach(m -> initial.put(m.name, m.listen));
        List<String> listen = List.of("http://127.0.0.1:" + TestPorts.free());
        initial.put(name, listen);
        RaftNodeConfig c = RaftNodeConfig.defaults(name, dir.resolve(name), initial, "local-cluster",
                List.of("http://127.0.0.1:0")).withTiming(20, 10, 1 << 16);
        Member m = new Member(name, c, listen);
        m.join = true;
        members.put(name, m);
        return m;
    }

    /** Waits (bounded) until every running member knows the same leader; returns it. */
    Member awaitLeader() {
        waitUntil(() -> {
            long lead = -1;
            for (Member m : members.values()) {
                if (m.running()) {
                    long l = m.node.status().leaderId();
                    if (l == 0 || (lead != -1 && l != lead)) {
                        return false;
                    }
                    lead = l;
                }
            }
            long agreed = lead;
            // the leader they agree on must be one of the running members (not one just stopped)
            return members.values().stream().anyMatch(m -> m.running() && m.node.memberId() == agreed);
        }, "a leader all running members agree on");
        return members.values().stream().filter(Member::running).filter(m -> m.node.status().isLeader()).findFirst()
                .orElseThrow(() -> new AssertionError("the agreed leader is not running"));
    }

    Member aFollower() {
        Member leader = awaitLeader();
        return members.values().stream().filter(m -> m.running() && m != leader).findFirst().orElseThrow();
    }

    /** Polls a condition for up to 30 s (a real network and real timers: nothing to latch on). */
    static void waitUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    @Override
    public void close() {
        members.values().forEach(Member::stop);
    }
}
