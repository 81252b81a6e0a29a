package io.ketch.itests.osgi;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client thread that puts {@code prefix + i} one after another and records every put the
 * service acknowledged, with its value. What it acknowledged is what must never be lost. Bounded
 * in count, and each put in time, so it always stops by itself.
 */
final class AckedWriter implements AutoCloseable {
    /** One put, blocking until acknowledged; throws when the service refused or timed out. */
    @FunctionalInterface
    interface Put {
        void put(String key, String value) throws Exception;
    }

    private static final int MAX_KEYS = 100_000;

    private final String prefix;
    private final long seed;
    private final Put put;
    private final Map<String, String> acked = new ConcurrentHashMap<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private final AutoCloseable client;

    /** Starts writing at once; {@code client} (may be null) is closed after the thread ends. */
    AckedWriter(String prefix, long seed, Put put, AutoCloseable client) {
        this.client = client;
        this.prefix = prefix;
        this.seed = seed;
        this.put = put;
        this.thread = new Thread(this::run, "acked-writer-" + prefix);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        for (int i = 0; i < MAX_KEYS && running.get(); i++) {
            String key = String.format("%s%06d", prefix, i);
            String value = "v" + i + "-" + seed;
            try {
                put.put(key, value);
                acked.put(key, value);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // Not acknowledged, so not a loss if absent; kept to show what the swap cost clients.
                failures.add(key + ": " + e + rootCause(e));
            }
        }
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? "" : " (root cause " + root + ")";
    }

    /** "prefix: N acknowledged, M failed" for reports. */
    String tally() {
        return prefix + " " + acked.size() + " acknowledged, " + failures.size() + " failed";
    }

    int ackedCount() {
        return acked.size();
    }

    /** Every acknowledged put: key -> value. */
    Map<String, String> acked() {
        return Map.copyOf(acked);
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() throws Exception {
        running.set(false);
        thread.join(60_000);
        if (client != null) {
            client.close();
        }
    }
}
