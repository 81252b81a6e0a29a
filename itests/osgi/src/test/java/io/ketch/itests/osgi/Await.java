package io.ketch.itests.osgi;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Waiting inside the container, always with a deadline, and on a timeout an
 * {@link AssertionError} that carries the full {@link Diagnostics} report.
 */
final class Await {
    /** How long a bundle set gets to come up: raft elects itself, the server opens its store. */
    static final Duration STARTUP = Duration.ofSeconds(60);

    private Await() {
    }

    /** The highest-ranked service of a type (matching {@code filter} if not null). */
    static <T> T service(BundleContext context, Class<T> type, String filter, Duration timeout) {
        String spec = "(objectClass=" + type.getName() + ")";
        if (filter != null) {
            spec = "(&" + spec + filter + ")";
        }
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, filter(spec), null);
        tracker.open();
        try {
            T service = tracker.waitForService(timeout.toMillis());
            if (service == null) {
                throw new AssertionError("no " + spec + " within " + timeout + Diagnostics.report(context));
            }
            return service;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + spec, e);
        } finally {
            // The service object stays usable: DS components live as long as their bundle.
            tracker.close();
        }
    }

    /**
     * Polls a condition that no OSGi event announces (SCR's DTOs have no listener). The pause
     * between polls only spaces them out; correctness does not depend on it.
     */
    static void until(BundleContext context, String what, Duration timeout, BooleanSupplier condition,
            Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + timeout + ": " + what + "; now " + state.get()
                        + Diagnostics.report(context));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    private static Filter filter(String spec) {
        try {
            return FrameworkUtil.createFilter(spec);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(spec, e);
        }
    }
}
