package io.ketch.server.compactor;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BooleanSupplier;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;

/**
 * etcd's v3compactor, as a step function: the owner calls {@link #tick(long)} every
 * {@link #interval()} with the time, and it compacts through the given function when due. Only
 * the leader compacts (etcd pauses the compactor on followers).
 */
public abstract class AutoCompactor {
    private static final System.Logger LOG = System.getLogger("compactor");

    final LongSupplier currentRev;
    final LongPredicate compact;
    final BooleanSupplier leader;

    AutoCompactor(LongSupplier currentRev, LongPredicate compact, BooleanSupplier leader) {
        this.currentRev = currentRev;
        this.compact = compact;
        this.leader = leader;
    }

    /**
     * The compactor for etcd's --auto-compaction-mode and --auto-compaction-retention, or null
     * when the retention is 0. compact returns true when the compaction succeeded or the
     * revision was already compacted.
     */
    public static AutoCompactor create(String mode, String retention, long nowMillis, LongSupplier currentRev,
            LongPredicate compact, BooleanSupplier leader) {
        String m = mode == null || mode.isEmpty() ? "periodic" : mode;
        String r = retention == null || retention.isEmpty() ? "0" : retention.trim();
        long hoursOrRevs = -1;
        try {
            hoursOrRevs = Long.parseLong(r);
        } catch (NumberFormatException e) {
            // not an integer: a Go duration, periodic only
        }
        if (m.equals("revision")) {
            if (hoursOrRevs < 0) {
                throw new IllegalArgumentException("error parsing CompactionRetention: " + r);
            }
            return hoursOrRevs == 0 ? null : new Revision(hoursOrRevs, currentRev, compact, leader);
        }
        if (!m.equals("periodic")) {
            throw new IllegalArgumentException("unsupported compaction mode " + m);
        }
        Duration period = hoursOrRevs >= 0 ? Duration.ofHours(hoursOrRevs) : GoDuration.parse(r);
        return period.isZero() ? null : new Periodic(period, nowMillis, currentRev, compact, leader);
    }

    /** How often {@link #tick(long)} is due. */
    public abstract Duration interval();

    /** One wake-up of the compactor loop at time nowMillis. */
    public abstract void tick(long nowMillis);

    static void log(String message) {
        LOG.log(System.Logger.Level.INFO, message);
    }

    /** etcd's revision mode: every 5 minutes, compact to current revision - retention. */
    static final class Revision extends AutoCompactor {
        private final long retention;
        private long prev;

        Revision(long retention, LongSupplier currentRev, LongPredicate compact, BooleanSupplier leader) {
            super(currentRev, compact, leader);
            this.retention = retention;
        }

        @Override
        public Duration interval() {
            return Duration.ofMinutes(5);
        }

        @Override
        public void tick(long nowMillis) {
            if (!leader.getAsBoolean()) {
                return;
            }
            long rev = currentRev.getAsLong() - retention;
            if (rev <= 0 || rev == prev) {
                return;
            }
            log("Starting auto-compaction at revision " + rev + " (retention: " + retention + " revisions)");
            if (compact.test(rev)) {
                prev = rev;
                log("Finished auto-compaction at revision " + rev);
            } else {
                log("Failed auto-compaction at revision " + rev);
                log("Retry after " + GoDuration.format(interval()));
            }
        }
    }

    /** etcd's periodic mode: revisions sampled every period/10 (at most 6 min), compact to the one a period ago. */
    static final class Periodic extends AutoCompactor {
        private final Duration period;
        private final Deque<Long> revs = new ArrayDeque<>();
        private long lastSuccess;
        private Duration base;

        Periodic(Duration period, long nowMillis, LongSupplier currentRev, LongPredicate compact, BooleanSupplier leader) {
            super(currentRev, compact, leader);
            this.period = period;
            this.lastSuccess = nowMillis;
            this.base = period;
            record();
        }

        private Duration compactInterval() {
            return period.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : period;
        }

        @Override
        public Duration interval() {
            return compactInterval().dividedBy(10);
        }

        private int retentions() {
            return (int) (period.toNanos() / interval().toNanos()) + 1;
        }

        private void record() {
            revs.addLast(currentRev.getAsLong());
            if (revs.size() > retentions()) {
                revs.removeFirst();
            }
        }

        @Override
        public void tick(long nowMillis) {
            try {
                if (!leader.getAsBoolean() || nowMillis - lastSuccess < base.toMillis()) {
                    return;
                }
                if (base.equals(period)) {
                    base = compactInterval();
                }
                long rev = revs.getFirst();
                log("Starting auto-compaction at revision " + rev + " (retention: " + GoDuration.format(period) + ")");
                if (compact.test(rev)) {
                    log("Finished auto-compaction at revision " + rev);
                    lastSuccess = nowMillis;
                } else {
                    log("Failed auto-compaction at revision " + rev);
                    log("Retry after " + GoDuration.format(interval()));
                }
            } finally {
                record(); // etcd samples the revision at the top of every loop turn
            }
        }
    }
}
