package io.ketch.raft.node;

import io.ketch.raft.engine.Message;
import io.ketch.raft.engine.RaftConfig;
import io.ketch.raft.engine.RaftEngine;
import io.ketch.raft.engine.ReadState;
import io.ketch.raft.engine.Ready;
import io.ketch.raft.engine.SoftState;
import io.ketch.raft.membership.Membership;
import io.ketch.spi.consensus.Consensus;
import io.ketch.spi.consensus.ConsensusException;
import io.ketch.spi.consensus.ConsensusException.Reason;
import io.ketch.spi.consensus.ConsensusStatus;
import io.ketch.spi.consensus.Member;
import io.ketch.spi.consensus.StateMachine;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The Raft driver: one thread owns the engine and runs etcd's loop: tick on a timer, step inbound
 * messages, take the Ready, append it to the WAL (one fsync for the batch), send, apply committed
 * entries to the {@link StateMachine} in one batch, complete the proposers, advance. Other
 * threads only enqueue requests, so proposals that arrive while the loop is busy form one batch.
 */
public final class RaftNode implements Consensus, AutoCloseable {
    private static final System.Logger RAFT = System.getLogger("raft");

    private final RaftNodeConfig config;
    private final StateMachine sm;
    private final Membership membership = new Membership();
    private final DurableLog log;
    private final RaftEngine engine;
    private final Waiters waiters = new Waiters();
    private final Applier applier;
    private final Proposer proposer;
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    /** Requests that arrived while no leader was known, with their deadline. */
    private final AwaitingLeader awaitingLeader = new AwaitingLeader();
    private final long requestTimeoutNanos;
    private final Thread thread;
    private volatile ConsensusStatus status;
    private volatile Set<Long> voters = Set.of();
    private volatile boolean stopped;
    private volatile Consumer<List<Message>> outbound = msgs -> { };
    private volatile Runnable onRemoved = () -> { };
    private boolean running = true;
    /** Members this node, while leading, saw acknowledge entries (loop thread only): they have started. */
    private final java.util.Set<Long> seenStarted = new java.util.HashSet<>();
    private long knownLeader;

    private RaftNode(RaftNodeConfig config, StateMachine sm, boolean join) throws IOException {
        this.config = config;
        this.sm = sm;
        // etcd's request timeout: 5 s plus two election timeouts
        this.requestTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(5000 + 2 * config.heartbeatMs() * config.electionTicks());
        this.log = DurableLog.open(config, sm, membership);
        try {
            boolean fresh = log.wal.metadata() == null;
            List<byte[]> bootstrap = fresh && !join ? log.bootstrapIdentity(config) : List.of();
            if (fresh && join) {
                log.joinIdentity(config);
            }
            if (!fresh && config.forceNewCluster()) {
                List<String> own = config.initialCluster().getOrDefault(config.name(), List.of());
                log.forceNewCluster(new Member(log.memberId, config.name(), own, List.of(), false));
            }
            RaftConfig rc = new RaftConfig(log.memberId, config.electionTicks(), 1, log.startApplied(sm), 256,
                    new Random(config.seed()), log::snapshotData);
            this.engine = new RaftEngine(rc, log.storage);
            if (fresh && join) {
                // no log: the leader sends it from index 1 (or a snapshot); until it is applied the
                // initial cluster tells where the peers are (they are what the joiner may talk to)
                log.seedJoiningMembership(config, membership);
                System.getLogger("etcdserver").log(Level.INFO, String.format(
                        "starting member %x joining an existing cluster", log.memberId));
            } else if (fresh) {
                engine.bootstrap(bootstrap);
                // known at once (applying them again later is idempotent): peers that connect
                // before the loop applied the bootstrap entries are members already
                bootstrap.forEach(membership::apply);
                System.getLogger("etcdserver").log(Level.INFO, String.format(
                        "starting member %x in cluster %x", log.memberId, log.clusterId));
            } else {
                log.replayMembership(membership, engine.appliedIndex());
                if (log.clusterId == 0) {
                    // restarted before any peer reached it: still joining
                    log.seedJoiningMembership(config, membership);
                }
                System.getLogger("etcdserver").log(Level.INFO, String.format(
                        "restarting member %x in cluster %x at commit index %d", log.memberId, log.clusterId, engine.commitIndex()));
            }
        } catch (IOException | RuntimeException e) {
            log.close();
            throw e;
        }
        this.applier = new Applier(sm, membership, waiters, log.memberId);
        this.proposer = new Proposer(engine, waiters, awaitingLeader, log.memberId, requestTimeoutNanos);
        updateStatus();
        this.thread = new Thread(this::run, "raft-" + config.name());
    }

    /** Opens the data dir (bootstrapping a fresh member from the initial cluster) and starts the loop. */
    public static RaftNode start(RaftNodeConfig config, StateMachine sm) throws IOException {
        return start(config, sm, false);
    }

    /**
     * Starts a member; with {@code join} (etcd's initial-cluster-state=existing) an empty data dir
     * starts with no log and no cluster id: it learns both from the leader, which must have added it
     * with {@link #addMember} first.
     */
    public static RaftNode start(RaftNodeConfig config, StateMachine sm, boolean join) throws IOException {
        RaftNode node = new RaftNode(config, sm, join);
        node.thread.start();
        return node;
    }

    private void run() {
        try {
            // first apply what the restart hands out again (it may hold the conf changes that make us a voter)
            processReady();
            if (engine.voters().equals(Set.of(engine.id()))) {
                // a lone voter need not wait out an election timeout (etcd fast-forwards its ticks)
                engine.campaign();
            }
            processReady();
            long tickNanos = TimeUnit.MILLISECONDS.toNanos(config.heartbeatMs());
            long nextTick = System.nanoTime() + tickNanos;
            List<Request> batch = new ArrayList<>();
            while (running) {
                long wait = nextTick - System.nanoTime();
                Request first = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                batch.clear();
                if (first != null) {
                    batch.add(first);
                }
                queue.drainTo(batch);
                long now = System.nanoTime();
                if (now >= nextTick) {
                    engine.tick();
                    expire(now);
                    nextTick = Math.max(nextTick + tickNanos, now);
                }
                handle(batch);
                processReady();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            RAFT.log(Level.ERROR, "raft loop stopped on an error; the member stops", e);
        } finally {
            shutdown();
        }
    }

    private void expire(long now) {
        waiters.expire(now);
        awaitingLeader.expire(now);
    }

    private void handle(List<Request> batch) {
        List<Request> todo = new ArrayList<>();
        if (engine.leader() != 0) {
            todo.addAll(awaitingLeader.drain());
        }
        todo.addAll(batch);
        List<Request.Propose> proposals = new ArrayList<>();
        List<Request.Read> reads = new ArrayList<>();
        for (Request r : todo) {
            if (r instanceof Request.Propose p) {
                proposals.add(p);
            } else if (r instanceof Request.Read rd) {
                reads.add(rd);
            } else if (r instanceof Request.Conf c) {
                proposer.confChange(c);
            } else if (r instanceof Request.Transfer t) {
                proposer.transfer(t);
            } else if (r instanceof Request.Inbound in) {
                engine.step(in.message());
            } else {
                running = false;
            }
        }
        proposer.propose(proposals);
        proposer.read(reads);
    }

    private void processReady() throws IOException {
        while (engine.hasReady()) {
            Ready rd = engine.ready();
            if (rd.softState() != null) {
                onSoftState(rd.softState());
            }
            log.persist(rd, sm, membership);
            if (!rd.messages().isEmpty()) {
                // after the fsync (Raft's rule for votes and acks); the transport never blocks the loop
                outbound.accept(rd.messages());
            }
            List<Runnable> completions = applier.apply(rd.committedEntries());
            boolean removed = applier.removedSelf();
            for (ReadState rs : rd.readStates()) {
                long seq = Envelope.readSeq(rs.context(), log.memberId);
                if (seq >= 0) {
                    waiters.readConfirmed(seq, rs.index());
                }
            }
            engine.advance(rd);
            // status first, so a proposer that wakes up sees its own entry as applied
            updateStatus();
            completions.forEach(Runnable::run);
            waiters.appliedUpTo(engine.appliedIndex());
            waiters.leaderIs(engine.leader());
            noteStarted();
            log.maybeSnapshot(engine.appliedIndex(), config, sm, membership, engine.voters(), engine.learners());
            if (removed) {
                // etcd stops a member whose removal it applied; a restart would be refused by the peers
                System.getLogger("etcdserver").log(Level.WARNING, String.format(
                        "the member has been permanently removed from the cluster (member %x); stopping", log.memberId));
                running = false;
                onRemoved.run();
                return;
            }
        }
    }

    private void noteStarted() {
        if (engine.leader() == engine.id()) {
            for (long id : membership.ids()) {
                if (engine.match(id) > 0) {
                    seenStarted.add(id);
                }
            }
        }
    }

    /** Whether this node saw member id acknowledge entries while leading (loop thread only). */
    boolean seenStarted(long id) {
        return seenStarted.contains(id);
    }

    private void onSoftState(SoftState soft) {
        if (soft.leader() != knownLeader) {
            if (soft.leader() != 0) {
                RAFT.log(Level.INFO, String.format("raft.node: %x elected leader %x at term %d", engine.id(), soft.leader(), engine.term()));
            } else {
                RAFT.log(Level.INFO, String.format("raft.node: %x lost leader %x at term %d", engine.id(), knownLeader, engine.term()));
            }
            knownLeader = soft.leader();
        }
    }

    private void updateStatus() {
        voters = engine.voters();
        status = new ConsensusStatus(log.clusterId, log.memberId, engine.leader(), engine.term(),
                engine.commitIndex(), engine.appliedIndex(), engine.learners().contains(engine.id()));
    }

    private void shutdown() {
        stopped = true;
        running = false;
        ConsensusException e = new ConsensusException(Reason.STOPPED, "etcdserver: server stopped");
        waiters.failAll(e);
        List<Request> left = awaitingLeader.drain();
        queue.drainTo(left);
        left.forEach(r -> r.fail(e));
        try {
            log.close();
        } catch (IOException ex) {
            RAFT.log(Level.WARNING, "closing the WAL failed", ex);
        }
    }

    // ---- Consensus -------------------------------------------------------------------------

    @Override
    public CompletableFuture<Object> propose(byte[] command) {
        CompletableFuture<Object> f = new CompletableFuture<>();
        return enqueue(new Request.Propose(command.clone(), f), f);
    }

    @Override
    public CompletableFuture<Long> readIndex() {
        CompletableFuture<Long> f = new CompletableFuture<>();
        return enqueue(new Request.Read(f), f);
    }

    private <T> CompletableFuture<T> enqueue(Request r, CompletableFuture<T> f) {
        if (!stopped) {
            queue.add(r);
        }
        // checked after adding: the loop may have drained the queue for the last time meanwhile
        if (stopped) {
            f.completeExceptionally(new ConsensusException(Reason.STOPPED, "etcdserver: server stopped"));
        }
        return f;
    }

    @Override
    public ConsensusStatus status() {
        return status;
    }

    @Override
    public List<Member> members() {
        List<Member> out = new ArrayList<>();
        for (Member m : membership.list()) {
            out.add(m.id() == log.memberId ? new Member(m.id(), config.name(), m.peerUrls(), config.clientUrls(), m.learner()) : m);
        }
        return out;
    }

    @Override
    public CompletableFuture<Member> addMember(List<String> peerUrls, boolean learner) {
        return MembershipRequests.add(this, peerUrls, learner);
    }

    @Override
    public CompletableFuture<Void> removeMember(long memberId) {
        return MembershipRequests.remove(this, memberId);
    }

    @Override
    public CompletableFuture<Void> updateMember(long memberId, List<String> peerUrls) {
        return MembershipRequests.update(this, memberId, peerUrls);
    }

    @Override
    public CompletableFuture<Void> promoteMember(long memberId) {
        return MembershipRequests.promote(this, memberId);
    }

    @Override
    public CompletableFuture<Void> transferLeadership(long targetMemberId) {
        ConsensusStatus s = status;
        if (targetMemberId == s.memberId() && s.isLeader()) {
            return CompletableFuture.completedFuture(null);
        }
        Member m = membership.get(targetMemberId);
        if (m == null || m.learner()) {
            return CompletableFuture.failedFuture(new ConsensusException(Reason.BAD_TRANSFEREE, "etcdserver: bad leader transferee"));
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        return enqueue(new Request.Transfer(targetMemberId, f), f);
    }

    /** Proposes a raftpb ConfChange; the future completes with map(the member it concerns) once applied. */
    <T> CompletableFuture<T> proposeConfChange(byte[] change, Function<Object, Object> map,
                                               Function<RaftEngine, String> check) {
        CompletableFuture<Object> f = new CompletableFuture<>();
        enqueue(new Request.Conf(change, f, map, check), f);
        @SuppressWarnings("unchecked")
        CompletableFuture<T> typed = (CompletableFuture<T>) (CompletableFuture<?>) f;
        return typed;
    }

    Membership membership() {
        return membership;
    }

    RaftNodeConfig config() {
        return config;
    }

    /** Voter count as the loop last published it. */
    int voterCount() {
        return voters.size();
    }

    /** Hands this node's outbound messages to a peer transport (called on the loop thread; must not block). */
    public void attach(Consumer<List<Message>> transport) {
        this.outbound = transport;
    }

    /** Runs (on the loop thread) once this member applied its own removal and stopped. */
    public void onRemoved(Runnable action) {
        this.onRemoved = action;
    }

    /** Whether the loop stopped (closed, failed, or removed from the cluster). */
    public boolean stopped() {
        return stopped;
    }

    /** A joining member learned the cluster id from a peer's handshake: it is kept in the WAL. */
    public void clusterIdLearned(long clusterId) {
        try {
            if (log.learnClusterId(clusterId)) {
                System.getLogger("etcdserver").log(Level.INFO, String.format(
                        "member %x joined cluster %x", log.memberId, clusterId));
            }
        } catch (IOException e) {
            RAFT.log(Level.ERROR, "cannot save the cluster id", e);
        }
    }

    /** A member's peer URLs as the applied configuration knows them (empty if not a member). */
    public List<String> peerUrls(long id) {
        Member m = membership.get(id);
        return m == null ? List.of() : m.peerUrls();
    }

    /** Whether id is a member of the applied configuration (a removed member is not). */
    public boolean isMember(long id) {
        return membership.get(id) != null;
    }

    /** Feeds a message from a peer (the entry point for a peer transport). */
    public void step(Message message) {
        if (!stopped) {
            queue.add(new Request.Inbound(message));
        }
    }

    /** This member's id. */
    public long memberId() {
        return log.memberId;
    }

    /** The cluster id. */
    public long clusterId() {
        return log.clusterId;
    }

    /** How many times the WAL was forced (one per persisted batch): group commit made visible. */
    public long walSyncCount() {
        return log.wal.syncCount();
    }

    /** Stops the loop, fails what is pending with STOPPED and closes the WAL. */
    @Override
    public void close() {
        if (thread.isAlive()) {
            queue.add(new Request.Stop());
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
