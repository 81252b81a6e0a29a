package io.ketch.raft.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The five safety properties of the Raft paper's Figure 3, checked incrementally as a simulated
 * cluster runs: each violation throws an {@link AssertionError} naming the property and the seed.
 * Committed entries are learnt from what nodes apply; the term a node was in when it applied an
 * entry bounds the term the entry was committed in from above, which is what Leader Completeness
 * needs to know which leaders must hold it.
 */
final class SafetyChecker {
    private record Slot(long index, long term) { }

    private final long seed;
    /** Election Safety: term -> the one leader of that term. */
    private final Map<Long, Long> leaderOfTerm = new HashMap<>();
    /** Log Matching: (index, term) -> term of the entry before it, and its data. */
    private final Map<Slot, Long> prevTermOf = new HashMap<>();
    private final Map<Slot, byte[]> dataOf = new HashMap<>();
    /** State Machine Safety: index -> the entry applied there (null while unknown). */
    private final List<Entry> chosen = new ArrayList<>();
    /** index -> an upper bound of the term the entry at index was committed in. */
    private final List<Long> commitTermBound = new ArrayList<>();
    /** Leader Append-Only: node -> {term, last index, term of last index} while it leads. */
    private final Map<Long, long[]> leaderLog = new HashMap<>();
    /** Leader Completeness: node -> {term, committed index checked up to} while it leads. */
    private final Map<Long, long[]> completeness = new HashMap<>();

    SafetyChecker(long seed) {
        this.seed = seed;
    }

    private AssertionError violation(String property, String detail) {
        return new AssertionError(property + " violated (seed " + seed + "): " + detail);
    }

    /** A node persisted {@code e}; {@code prevTerm} is the term of its predecessor in that node's log (-1 if compacted). */
    void persisted(long node, Entry e, long prevTerm) {
        Slot slot = new Slot(e.index(), e.term());
        byte[] known = dataOf.putIfAbsent(slot, e.data());
        if (known != null && !Arrays.equals(known, e.data())) {
            throw violation("Log Matching", "node " + node + " holds different data at index " + e.index() + " term " + e.term());
        }
        if (prevTerm < 0) {
            return;
        }
        Long knownPrev = prevTermOf.putIfAbsent(slot, prevTerm);
        if (knownPrev != null && knownPrev != prevTerm) {
            throw violation("Log Matching", "node " + node + " has entry " + e.index() + "@" + e.term()
                    + " after term " + prevTerm + ", another log after term " + knownPrev);
        }
    }

    /** A node applied {@code e} while at {@code nodeTerm}. */
    void applied(long node, Entry e, long nodeTerm) {
        int i = (int) e.index();
        while (chosen.size() <= i) {
            chosen.add(null);
            commitTermBound.add(Long.MAX_VALUE);
        }
        Entry known = chosen.get(i);
        if (known == null) {
            chosen.set(i, e);
        } else if (known.term() != e.term() || !Arrays.equals(known.data(), e.data())) {
            throw violation("State Machine Safety", "node " + node + " applied " + e.index() + "@" + e.term()
                    + " where another node applied " + known.index() + "@" + known.term());
        }
        commitTermBound.set(i, Math.min(commitTermBound.get(i), nodeTerm));
    }

    /** A node installed a snapshot: it covers committed entries, so its last entry must be the chosen one. */
    void installedSnapshot(long node, SnapshotMeta meta) {
        if (meta.index() < chosen.size() && chosen.get((int) meta.index()) != null
                && chosen.get((int) meta.index()).term() != meta.term()) {
            throw violation("State Machine Safety", "node " + node + " installed a snapshot at " + meta.index()
                    + "@" + meta.term() + " but " + chosen.get((int) meta.index()).term() + " was applied there");
        }
    }

    /** After a step: Election Safety, Leader Append-Only and Leader Completeness over the running nodes. */
    void afterStep(Map<Long, RaftEngine> running, Map<Long, MemoryStorage> disks) {
        for (RaftEngine e : running.values()) {
            if (e.state() != StateType.LEADER) {
                leaderLog.remove(e.id());
                completeness.remove(e.id());
                continue;
            }
            Long other = leaderOfTerm.putIfAbsent(e.term(), e.id());
            if (other != null && other != e.id()) {
                throw violation("Election Safety", "nodes " + other + " and " + e.id() + " both led term " + e.term());
            }
            long snapIndex = disks.get(e.id()).snapshot().index();
            checkAppendOnly(e, snapIndex);
            checkCompleteness(e, snapIndex);
        }
    }

    private void checkAppendOnly(RaftEngine e, long snapIndex) {
        long[] rec = leaderLog.get(e.id());
        if (rec != null && rec[0] == e.term()) {
            long termThere = e.term(rec[1]);
            boolean compacted = termThere < 0 && rec[1] <= snapIndex;
            if (e.lastIndex() < rec[1] || (!compacted && termThere != rec[2])) {
                throw violation("Leader Append-Only", "leader " + e.id() + " of term " + e.term() + " had "
                        + rec[1] + "@" + rec[2] + ", now last " + e.lastIndex() + " with " + termThere + " there");
            }
        }
        leaderLog.put(e.id(), new long[]{e.term(), e.lastIndex(), e.term(e.lastIndex())});
    }

    private void checkCompleteness(RaftEngine e, long snapIndex) {
        long[] rec = completeness.get(e.id());
        if (rec == null || rec[0] != e.term()) {
            rec = new long[]{e.term(), 0};
            completeness.put(e.id(), rec);
        }
        for (long i = rec[1] + 1; i < chosen.size(); i++) {
            Entry c = chosen.get((int) i);
            if (c == null) {
                return; // not known yet; check again once a node applied it
            }
            if (commitTermBound.get((int) i) < e.term() && i > snapIndex && e.term(i) != c.term()) {
                throw violation("Leader Completeness", "leader " + e.id() + " of term " + e.term() + " lacks "
                        + i + "@" + c.term() + " (has term " + e.term(i) + ", last index " + e.lastIndex() + ")");
            }
            rec[1] = i;
        }
    }

    /** A direct pairwise Log Matching check of whole logs (the incremental one checks links only). */
    static void assertLogsMatch(long seed, Map<Long, RaftEngine> running) {
        List<RaftEngine> nodes = new ArrayList<>(running.values());
        for (int a = 0; a < nodes.size(); a++) {
            for (int b = a + 1; b < nodes.size(); b++) {
                RaftEngine x = nodes.get(a);
                RaftEngine y = nodes.get(b);
                boolean matched = false;
                for (long i = Math.min(x.lastIndex(), y.lastIndex()); i >= 1; i--) {
                    long tx = x.term(i);
                    long ty = y.term(i);
                    if (tx < 0 || ty < 0) {
                        break;
                    }
                    if (matched && tx != ty) {
                        throw new AssertionError("Log Matching violated (seed " + seed + "): nodes " + x.id() + " and "
                                + y.id() + " agree on a later entry but differ at " + i + ": " + terms(x) + " vs " + terms(y));
                    }
                    matched |= tx == ty;
                }
            }
        }
    }

    static String terms(RaftEngine e) {
        StringBuilder b = new StringBuilder();
        for (long i = 1; i <= e.lastIndex(); i++) {
            b.append(e.term(i)).append(i % 10 == 0 ? " | " : " ");
        }
        return "[" + b.toString().trim() + "] commit " + e.commitIndex();
    }

    /** Whether the entry at index is known committed, for the liveness check. */
    Entry chosenAt(long index) {
        return index < chosen.size() ? chosen.get((int) index) : null;
    }

    int chosenCount() {
        return chosen.size();
    }
}
