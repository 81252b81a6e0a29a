package io.ketch.raft.engine;

/**
 * What Raft must persist before it answers any message (§5.1, Figure 2 "persistent state").
 *
 * @param term   the current term
 * @param vote   whom this node voted for in that term, 0 if nobody
 * @param commit the highest index known committed (persisted so a restart does not re-derive it)
 */
public record HardState(long term, long vote, long commit) {
    /** The state of a node that never ran. */
    public static final HardState EMPTY = new HardState(0, 0, 0);
}
