package io.ketch.raft.engine;

/** The leader's view of one follower's log (§5.3 nextIndex / matchIndex). */
final class Progress {
    long match;
    long next;

    Progress(long match, long next) {
        this.match = match;
        this.next = next;
    }

    /** A successful append up to index; returns whether it moved anything. */
    boolean maybeUpdate(long index) {
        boolean updated = false;
        if (match < index) {
            match = index;
            updated = true;
        }
        next = Math.max(next, index + 1);
        return updated;
    }

    /**
     * A rejected append at {@code rejected}: back next up, at once to just past the follower's
     * last index when it told us (fast log back-tracking, §5.3 end). Returns false for a stale reject.
     */
    boolean maybeDecrTo(long rejected, long followerLast) {
        if (rejected <= match) {
            return false;
        }
        next = Math.max(match + 1, Math.min(rejected, followerLast + 1));
        return true;
    }
}
