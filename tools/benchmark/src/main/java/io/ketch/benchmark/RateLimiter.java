package io.ketch.benchmark;

import java.util.concurrent.locks.LockSupport;

/**
 * At most {@code rate} permits a second, with a burst of one (what Go's {@code rate.NewLimiter(r, 1)}
 * gives etcd's benchmark). A rate of 0 means no limit.
 */
final class RateLimiter {

    private final long intervalNanos;
    private long nextFree;

    RateLimiter(int rate) {
        this.intervalNanos = rate <= 0 ? 0 : Math.max(1, 1_000_000_000L / rate);
        this.nextFree = System.nanoTime();
    }

    /** Waits until the caller may send its next request. */
    void acquire() {
        if (intervalNanos == 0) {
            return;
        }
        long slot;
        synchronized (this) {
            long now = System.nanoTime();
            slot = Math.max(now, nextFree);
            nextFree = slot + intervalNanos;
        }
        long wait;
        while ((wait = slot - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
