package io.ketch.spi.consensus;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/**
 * The contract's state machine: it records every applied entry by index and answers each command
 * with the entry's index, or, for a command starting with {@code fail}, with an exception. It
 * behaves like a durable state machine whose storage holds everything it applied: a restart hands
 * the consensus layer a {@link #copyUpTo copy} of that storage, and entries at or below
 * {@link #appliedIndex()} that come again are skipped (as etcd's consistent index does) and
 * noted as {@link #violations()}, as are gaps in the index sequence.
 */
public final class RecordingMachine implements StateMachine {
    /** index -> command (null for entries the consensus layer made itself), in log order. */
    private final TreeMap<Long, byte[]> applied = new TreeMap<>();
    private final Map<Long, Exception> failures = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private volatile long appliedIndex;
    private long lastTerm;
    /** When set, the next apply waits on it (holding the apply thread) after counting down entered. */
    private volatile CountDownLatch gate;
    private volatile CountDownLatch entered;

    /** A fresh machine that has applied nothing. */
    public RecordingMachine() {
    }

    @Override
    public long appliedIndex() {
        return appliedIndex;
    }

    @Override
    public synchronized List<Object> apply(List<LogEntry> entries) {
        holdAtGate();
        List<Object> results = new ArrayList<>(entries.size());
        for (LogEntry e : entries) {
            if (e.index() <= appliedIndex) {
                violations.add("entry " + e.index() + " delivered again after " + appliedIndex + " was applied");
                results.add(null);
                continue;
            }
            if (e.index() != appliedIndex + 1) {
                violations.add("entry " + e.index() + " follows " + appliedIndex + ": a gap in the log");
            }
            if (e.term() < Math.max(1, lastTerm)) {
                violations.add("entry " + e.index() + " has term " + e.term() + " after term " + lastTerm);
            }
            lastTerm = e.term();
            applied.put(e.index(), e.command());
            results.add(result(e));
            appliedIndex = e.index();
        }
        return results;
    }

    /**
     * Makes the next apply wait until the returned latch is counted down; entered is counted down
     * once the apply thread waits there.
     */
    public CountDownLatch holdNextApply(CountDownLatch entered) {
        CountDownLatch g = new CountDownLatch(1);
        this.entered = entered;
        this.gate = g;
        return g;
    }

    private void holdAtGate() {
        CountDownLatch g = gate;
        if (g == null) {
            return;
        }
        gate = null;
        entered.countDown();
        try {
            g.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Object result(LogEntry e) {
        if (e.command() == null) {
            return null;
        }
        if (new String(e.command(), UTF_8).startsWith("fail")) {
            Exception failure = new IllegalStateException("refused entry " + e.index());
            failures.put(e.index(), failure);
            return failure;
        }
        return e.index();
    }

    @Override
    public synchronized long snapshot(OutputStream out) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeLong(appliedIndex);
        d.writeInt(applied.size());
        for (Map.Entry<Long, byte[]> e : applied.entrySet()) {
            d.writeLong(e.getKey());
            d.writeInt(e.getValue() == null ? -1 : e.getValue().length);
            if (e.getValue() != null) {
                d.write(e.getValue());
            }
        }
        d.flush();
        return appliedIndex;
    }

    @Override
    public synchronized void restore(InputStream in, long index, long term) throws IOException {
        DataInputStream d = new DataInputStream(in);
        long snapshotIndex = d.readLong();
        if (snapshotIndex != index) {
            violations.add("restore at " + index + " from a snapshot taken at " + snapshotIndex);
        }
        applied.clear();
        failures.clear();
        for (int n = d.readInt(); n > 0; n--) {
            long i = d.readLong();
            int len = d.readInt();
            byte[] command = len < 0 ? null : d.readNBytes(len);
            applied.put(i, command);
        }
        appliedIndex = index;
    }

    /** What durable storage that kept everything up to index holds: a machine to restart with. */
    public synchronized RecordingMachine copyUpTo(long index) {
        RecordingMachine copy = new RecordingMachine();
        copy.applied.putAll(applied.headMap(index, true));
        copy.appliedIndex = copy.applied.isEmpty() ? 0 : copy.applied.lastKey();
        return copy;
    }

    /** The command applied at index, or null if none (or a consensus-made entry). */
    public synchronized String commandAt(long index) {
        byte[] c = applied.get(index);
        return c == null ? null : new String(c, UTF_8);
    }

    /** The exception returned as the result of the entry at index, or null. */
    public synchronized Exception failureAt(long index) {
        return failures.get(index);
    }

    /** Every command applied, in log order (consensus-made entries left out). */
    public synchronized List<String> commands() {
        List<String> out = new ArrayList<>();
        applied.values().stream().filter(c -> c != null).forEach(c -> out.add(new String(c, UTF_8)));
        return out;
    }

    /** Re-delivered entries and gaps seen so far; empty when the consensus layer kept the contract. */
    public synchronized List<String> violations() {
        return List.copyOf(violations);
    }
}
