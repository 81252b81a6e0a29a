package io.ketch.raft.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A seeded cluster of pure engines on a hostile simulated network: messages wait in a pool and are
 * delivered in random order (delay, reorder), dropped or duplicated; partitions split the nodes into
 * groups; nodes crash and restart from their "disk". The disk holds exactly what a driver persisted
 * from a {@link Ready} (hard state, entries, snapshot), so work a node had not yet taken out of
 * {@code ready()} is lost with the crash, as an un-fsynced write would be. Applied state is durable
 * (the backend's consistent index), so a restart resumes after it. Every step ends with the
 * {@link SafetyChecker}.
 */
final class FaultySimCluster {
    static final int ELECTION_TICKS = 10;

    final long seed;
    final Random random;
    final SafetyChecker checker;
    final List<Long> ids = new ArrayList<>();
    /** Running engines; a crashed node is absent. */
    final Map<Long, RaftEngine> running = new TreeMap<>();
    final Map<Long, MemoryStorage> disks = new HashMap<>();
    final Map<Long, Long> appliedIndex = new HashMap<>();
    private final Map<Long, Integer> group = new HashMap<>();
    private final List<Message> pool = new ArrayList<>();
    private int restarts;
    private int proposals;
    double dropRate = 0.05;
    double duplicateRate = 0.05;
    double slowDiskRate = 0.15;

    FaultySimCluster(long seed, int size) {
        this.seed = seed;
        this.random = new Random(seed);
        this.checker = new SafetyChecker(seed);
        List<byte[]> ccs = new ArrayList<>();
        for (long id = 1; id <= size; id++) {
            ids.add(id);
            ccs.add(SimNetwork.addNode(id));
        }
        for (long id : ids) {
            MemoryStorage disk = new MemoryStorage();
            disks.put(id, disk);
            appliedIndex.put(id, 0L);
            group.put(id, 0);
            RaftEngine engine = new RaftEngine(RaftConfig.of(id, ELECTION_TICKS, 1, new Random(seed * 31 + id)), disk);
            engine.bootstrap(ccs);
            running.put(id, engine);
        }
    }

    /** One random fault or event, then every node's Ready (unless its disk is slow), then the safety checks. */
    void step() {
        int r = random.nextInt(100);
        if (r < 45) {
            deliver(1 + random.nextInt(4));
        } else if (r < 65) {
            running.values().forEach(RaftEngine::tick);
        } else if (r < 80) {
            proposeAtRandomNode();
        } else if (r < 82) {
            repartition();
        } else if (r < 84) {
            crashOrRestart();
        } else if (r < 87) {
            compactRandomNode();
        } else {
            deliver(pool.size());
        }
        processReadies(slowDiskRate);
        checker.afterStep(running, disks);
    }

    /** Delivers up to n random messages from the pool (random order = delay and reorder). */
    void deliver(int n) {
        for (int k = 0; k < n && !pool.isEmpty(); k++) {
            int i = random.nextInt(pool.size());
            Message m = pool.get(i);
            pool.set(i, pool.get(pool.size() - 1));
            pool.remove(pool.size() - 1);
            if (random.nextDouble() < duplicateRate) {
                pool.add(m);
            }
            RaftEngine to = running.get(m.to());
            boolean cut = !group.get(m.from()).equals(group.get(m.to()));
            if (to != null && !cut && random.nextDouble() >= dropRate) {
                to.step(m);
            }
        }
    }

    void proposeAtRandomNode() {
        List<RaftEngine> up = new ArrayList<>(running.values());
        if (!up.isEmpty()) {
            RaftEngine e = up.get(random.nextInt(up.size()));
            e.propose(List.of(("p" + e.id() + "-" + proposals++).getBytes()));
        }
    }

    private void repartition() {
        List<Long> shuffled = new ArrayList<>(ids);
        Collections.shuffle(shuffled, random);
        int kind = random.nextInt(4);
        ids.forEach(id -> group.put(id, 0));
        if (kind == 0) {
            ids.forEach(id -> group.put(id, random.nextInt(2)));
        } else if (kind == 1) {
            running.values().stream().filter(e -> e.state() == StateType.LEADER).forEach(e -> group.put(e.id(), 1));
        } else if (kind == 2) {
            // a minority cut off from the majority
            int minority = 1 + random.nextInt((ids.size() - 1) / 2);
            shuffled.subList(0, minority).forEach(id -> group.put(id, 1));
        }
        // kind 3: healed
    }

    void heal() {
        ids.forEach(id -> group.put(id, 0));
    }

    private void crashOrRestart() {
        long id = ids.get(random.nextInt(ids.size()));
        if (running.containsKey(id)) {
            running.remove(id);
        } else {
            restart(id);
        }
    }

    /** A new engine over what reached the disk, resuming after the durable applied index. */
    void restart(long id) {
        RaftConfig config = RaftConfig.of(id, ELECTION_TICKS, 1, new Random(seed * 17 + id + 1000L * restarts++))
                .withApplied(appliedIndex.get(id));
        running.put(id, new RaftEngine(config, disks.get(id)));
    }

    void restartAll() {
        ids.stream().filter(id -> !running.containsKey(id)).forEach(this::restart);
    }

    /** A node snapshots its applied state and drops the log before it, as etcd does every snapshot-count entries. */
    private void compactRandomNode() {
        List<RaftEngine> up = new ArrayList<>(running.values());
        if (up.isEmpty()) {
            return;
        }
        RaftEngine e = up.get(random.nextInt(up.size()));
        MemoryStorage disk = disks.get(e.id());
        long to = Math.min(appliedIndex.get(e.id()), disk.lastIndex()) - random.nextInt(3);
        if (to > disk.snapshot().index()) {
            disk.compact(new SnapshotMeta(to, disk.term(to), e.voters(), e.learners()));
        }
    }

    /** Takes and handles each running node's Ready as a driver would; a slow disk leaves it for later. */
    void processReadies(double skipRate) {
        for (RaftEngine e : running.values()) {
            while (e.hasReady() && (skipRate == 0 || random.nextDouble() >= skipRate)) {
                handle(e, e.ready());
            }
        }
    }

    private void handle(RaftEngine e, Ready rd) {
        long id = e.id();
        MemoryStorage disk = disks.get(id);
        if (rd.snapshot() != null) {
            checker.installedSnapshot(id, rd.snapshot().meta());
            disk.applySnapshot(rd.snapshot().meta());
            appliedIndex.put(id, Math.max(appliedIndex.get(id), rd.snapshot().meta().index()));
        }
        for (Entry ent : rd.entries()) {
            checker.persisted(id, ent, ent.index() == 1 ? 0 : e.term(ent.index() - 1));
        }
        disk.append(rd.entries());
        if (rd.hardState() != null) {
            disk.setHardState(rd.hardState());
        }
        // messages leave only after the fsync above (§5.1: persist before answering)
        pool.addAll(rd.messages());
        for (Entry ent : rd.committedEntries()) {
            checker.applied(id, ent, e.term());
            appliedIndex.put(id, ent.index());
        }
        e.advance(rd);
    }

    /** The single leader all running nodes agree on, or null. */
    RaftEngine agreedLeader() {
        RaftEngine leader = null;
        for (RaftEngine e : running.values()) {
            if (e.state() == StateType.LEADER) {
                if (leader != null) {
                    return null;
                }
                leader = e;
            }
        }
        if (leader == null) {
            return null;
        }
        for (RaftEngine e : running.values()) {
            if (e.leader() != leader.id() || e.term() != leader.term()) {
                return null;
            }
        }
        return leader;
    }

    int poolSize() {
        return pool.size();
    }
}
