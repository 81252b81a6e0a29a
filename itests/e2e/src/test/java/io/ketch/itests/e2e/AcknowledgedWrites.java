package io.ketch.itests.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Client threads writing distinct keys under one prefix, each remembering what it attempted and
 * what the server acknowledged (value and revision). A thread stops at its first failure (the
 * member is gone) or when the shared budget of attempts is spent.
 */
public final class AcknowledgedWrites {
    /** What an acknowledged put returned. */
    public record Ack(String value, long revision) {
    }

    private final String prefix;
    private final int maxAttempts;
    private final AtomicInteger attempts = new AtomicInteger();
    private final Set<String> attempted = ConcurrentHashMap.newKeySet();
    private final Map<String, Ack> acknowledged = new ConcurrentHashMap<>();
    private final CountDownLatch enoughAcks;
    private final List<Thread> threads = new ArrayList<>();

    /** Writers under {@code prefix}; {@link #awaitAcks} returns once {@code ackTarget} puts are acknowledged. */
    public AcknowledgedWrites(String prefix, int maxAttempts, int ackTarget) {
        this.prefix = prefix;
        this.maxAttempts = maxAttempts;
        this.enoughAcks = new CountDownLatch(ackTarget);
    }

    /** Starts {@code count} writer threads on {@code kv}. */
    public void start(KV kv, int count) {
        for (int t = 0; t < count; t++) {
            int id = t;
            Thread th = new Thread(() -> write(kv, id), "writer-" + id);
            th.setDaemon(true);
            threads.add(th);
            th.start();
        }
    }

    /** Waits until the target number of puts is acknowledged; false on timeout or budget spent. */
    public boolean awaitAcks(long seconds) throws InterruptedException {
        return enoughAcks.await(seconds, TimeUnit.SECONDS);
    }

    /** Waits for every writer to stop (they stop on their first failure). */
    public void join() throws InterruptedException {
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
    }

    public Set<String> attempted() {
        return attempted;
    }

    public Map<String, Ack> acknowledged() {
        return acknowledged;
    }

    private void write(KV kv, int id) {
        for (int seq = 0; attempts.incrementAndGet() <= maxAttempts; seq++) {
            String key = prefix + id + "/" + seq;
            String value = "v-" + id + "-" + seq;
            attempted.add(key);
            try {
                long rev = kv.put(ByteSequence.from(key, UTF_8), ByteSequence.from(value, UTF_8))
                        .get(15, TimeUnit.SECONDS).getHeader().getRevision();
                acknowledged.put(key, new Ack(value, rev));
                enoughAcks.countDown();
            } catch (Exception e) {
                return; // the member died under us: this attempt is unacknowledged
            }
        }
    }
}
