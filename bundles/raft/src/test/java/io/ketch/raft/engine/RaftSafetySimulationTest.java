package io.ketch.raft.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Randomised, deterministic fault simulation of 3- and 5-node clusters (Raft paper §5, Figure 3):
 * partitions, loss, duplication, delay, reordering, crashes losing un-persisted work and log
 * compaction, with clients proposing throughout; the five safety properties are checked after every
 * step, and liveness once the faults stop. Each seed is reproducible:
 * {@code -Dketch.sim.seed=<seed> -Dketch.sim.seeds=1}. Without {@code ketch.sim.seed} the base seed
 * is drawn from the clock (and printed), so every CI run explores new schedules.
 */
class RaftSafetySimulationTest {
    private static final int STEPS_PER_SEED = 1000;
    /** Rounds (a tick plus full delivery) a healed cluster gets to elect a leader and commit one proposal. */
    private static final int LIVENESS_ROUNDS = 400;

    /** Held so the level sticks: thousands of simulated elections would flood the test output. */
    private static final java.util.logging.Logger RAFT_LOG = java.util.logging.Logger.getLogger("raft");

    @BeforeAll
    static void quietEngineLog() {
        RAFT_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    /** Figure 3 (Election Safety, Leader Append-Only, Log Matching, Leader Completeness, State Machine Safety) and liveness after healing. */
    @Test
    void safetyHoldsUnderPartitionsLossDuplicationReorderingAndCrashes() {
        long base = Long.getLong("ketch.sim.seed", System.nanoTime() % 1_000_000_000L);
        int seeds = Integer.getInteger("ketch.sim.seeds", 10000);
        List<String> failures = new ArrayList<>();
        long committed = 0;
        long start = System.nanoTime();
        for (long seed = base; seed < base + seeds; seed++) {
            try {
                committed += runSeed(seed);
            } catch (AssertionError | RuntimeException e) {
                failures.add("seed " + seed + ": " + e);
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("simulated %d seeds (base %d, %d steps each, %d entries committed, %d ms): %d violations%n",
                seeds, base, STEPS_PER_SEED, committed, ms, failures.size());
        failures.stream().limit(10).forEach(System.out::println);
        assertTrue(failures.isEmpty(), failures.size() + " failing seeds, first: " + (failures.isEmpty() ? "" : failures.get(0)));
    }

    /**
     * Seed 5039627 once failed the end-of-run Log Matching check: a follower had taken a snapshot
     * message but not yet persisted it, and the engine still showed the stale terms below it. Only
     * persisted logs are compared now; the run itself must pass.
     */
    @Test
    void snapshotNotYetPersistedIsNoLogMismatch() {
        runSeed(5039627);
    }

    /** Runs one seed: faults and proposals, then heal and check that the cluster makes progress. */
    static int runSeed(long seed) {
        FaultySimCluster sim = new FaultySimCluster(seed, Math.floorMod(seed, 2) == 0 ? 3 : 5);
        for (int i = 0; i < STEPS_PER_SEED; i++) {
            sim.step();
        }
        // a received snapshot not yet persisted leaves stale terms visible below it: compare persisted logs
        sim.processReadies(0);
        SafetyChecker.assertLogsMatch(seed, sim.running);
        assertLive(sim);
        SafetyChecker.assertLogsMatch(seed, sim.running);
        return sim.checker.chosenCount();
    }

    /** Liveness once the network is healed and every node is back: a leader exists and a new proposal commits everywhere. */
    private static void assertLive(FaultySimCluster sim) {
        sim.heal();
        sim.restartAll();
        sim.dropRate = 0;
        sim.duplicateRate = 0;
        byte[] last = ("final-" + sim.seed).getBytes();
        long index = -1;
        for (int round = 0; round < LIVENESS_ROUNDS; round++) {
            sim.running.values().forEach(RaftEngine::tick);
            settle(sim);
            RaftEngine leader = sim.agreedLeader();
            if (leader == null) {
                continue;
            }
            if (index > 0 && committedEverywhere(sim, index, last)) {
                return;
            }
            if (index <= 0 || round % 30 == 0) {
                index = leader.propose(List.of(last));
                settle(sim);
                if (index > 0 && committedEverywhere(sim, index, last)) {
                    return;
                }
            }
        }
        throw new AssertionError("liveness (seed " + sim.seed + "): after healing no proposal committed on every node within "
                + LIVENESS_ROUNDS + " rounds; leader " + sim.agreedLeader() + ", pool " + sim.poolSize());
    }

    private static void settle(FaultySimCluster sim) {
        for (int i = 0; i < 100; i++) {
            sim.processReadies(0);
            if (sim.poolSize() == 0) {
                break;
            }
            sim.deliver(sim.poolSize());
            sim.checker.afterStep(sim.running, sim.disks);
        }
        sim.processReadies(0);
        sim.checker.afterStep(sim.running, sim.disks);
    }

    private static boolean committedEverywhere(FaultySimCluster sim, long index, byte[] data) {
        Entry e = sim.checker.chosenAt(index);
        if (e == null || !Arrays.equals(e.data(), data)) {
            return false;
        }
        return sim.running.keySet().stream().allMatch(id -> sim.appliedIndex.get(id) >= index);
    }
}
