package io.ketch.raft.engine;

import io.ketch.proto.raftpb.ConfChange;
import io.ketch.proto.raftpb.ConfChangeType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A deterministic in-memory cluster of pure engines: no threads, messages in a queue, links that
 * can be cut, and every node's applied entries recorded for the safety checks.
 */
final class SimNetwork {
    final Map<Long, RaftEngine> engines = new HashMap<>();
    final Map<Long, MemoryStorage> storages = new HashMap<>();
    final Map<Long, List<Entry>> applied = new HashMap<>();
    final Map<Long, List<ReadState>> readStates = new HashMap<>();
    /** term -> leader seen in that term, for §5.2 election safety. */
    final Map<Long, Long> leaders = new HashMap<>();
    private final Deque<Message> inFlight = new ArrayDeque<>();
    private final Set<Long> isolated = new HashSet<>();
    private final Random random;
    final long seed;
    double dropRate;

    SimNetwork(long seed, long... ids) {
        this.seed = seed;
        this.random = new Random(seed);
        for (long id : ids) {
            MemoryStorage storage = new MemoryStorage();
            storages.put(id, storage);
            RaftEngine engine = new RaftEngine(RaftConfig.of(id, 10, 1, new Random(seed * 31 + id)), storage);
            List<byte[]> ccs = new ArrayList<>();
            for (long peer : ids) {
                ccs.add(addNode(peer));
            }
            engine.bootstrap(ccs);
            engines.put(id, engine);
            applied.put(id, new ArrayList<>());
            readStates.put(id, new ArrayList<>());
        }
        settle();
    }

    static byte[] addNode(long id) {
        return ConfChange.newBuilder().setType(ConfChangeType.ConfChangeAddNode).setNodeId(id).build().toByteArray();
    }

    RaftEngine node(long id) {
        return engines.get(id);
    }

    /** Crash and restart: a new engine over the same stable storage, resuming after what it applied. */
    void restart(long id) {
        List<Entry> done = applied.get(id);
        long appliedIndex = done.isEmpty() ? 0 : done.get(done.size() - 1).index();
        RaftConfig config = RaftConfig.of(id, 10, 1, new Random(seed * 17 + id + done.size())).withApplied(appliedIndex);
        engines.put(id, new RaftEngine(config, storages.get(id)));
    }

    void isolate(long id) {
        isolated.add(id);
    }

    void heal() {
        isolated.clear();
    }

    /** Processes every node's Ready as a driver would: persist, queue messages, apply, advance. */
    void processReadies() {
        for (Map.Entry<Long, RaftEngine> e : engines.entrySet()) {
            RaftEngine engine = e.getValue();
            while (engine.hasReady()) {
                Ready rd = engine.ready();
                MemoryStorage storage = storages.get(e.getKey());
                if (rd.snapshot() != null) {
                    storage.applySnapshot(rd.snapshot().meta());
                }
                storage.append(rd.entries());
                if (rd.hardState() != null) {
                    storage.setHardState(rd.hardState());
                }
                inFlight.addAll(rd.messages());
                applied.get(e.getKey()).addAll(rd.committedEntries());
                readStates.get(e.getKey()).addAll(rd.readStates());
                engine.advance(rd);
                if (engine.state() == StateType.LEADER) {
                    Long prev = leaders.putIfAbsent(engine.term(), engine.id());
                    if (prev != null && prev != engine.id()) {
                        throw new AssertionError("§5.2 two leaders in term " + engine.term() + ": " + prev + " and " + engine.id() + " (seed " + seed + ")");
                    }
                }
            }
        }
    }

    /** Delivers messages until none are left (dropping those on cut links or at dropRate). */
    void settle() {
        processReadies();
        while (!inFlight.isEmpty()) {
            Message m = inFlight.poll();
            boolean dropped = isolated.contains(m.from()) || isolated.contains(m.to())
                    || (dropRate > 0 && random.nextDouble() < dropRate);
            if (!dropped && engines.containsKey(m.to())) {
                engines.get(m.to()).step(m);
            }
            processReadies();
        }
    }

    void tickAll(int ticks) {
        for (int i = 0; i < ticks; i++) {
            engines.values().forEach(RaftEngine::tick);
            settle();
        }
    }

    /** Ticks until some node leads; returns it. */
    RaftEngine awaitLeader() {
        for (int i = 0; i < 1000; i++) {
            for (RaftEngine e : engines.values()) {
                if (e.state() == StateType.LEADER && !isolated.contains(e.id())) {
                    return e;
                }
            }
            tickAll(1);
        }
        throw new AssertionError("no leader after 1000 ticks (seed " + seed + ")");
    }
}
