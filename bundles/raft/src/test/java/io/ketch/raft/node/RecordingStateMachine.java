package io.ketch.raft.node;

import io.ketch.spi.consensus.LogEntry;
import io.ketch.spi.consensus.StateMachine;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** A small real state machine: records every command it applied; "fail" yields an exception result. */
final class RecordingStateMachine implements StateMachine {
    final List<String> commands = new ArrayList<>();
    final List<List<Long>> batches = new ArrayList<>();
    volatile long applied;
    long restoredAt = -1;
    /** When set, apply blocks on it once (to hold the loop while proposals pile up). */
    volatile CountDownLatch gate;
    final CountDownLatch entered = new CountDownLatch(1);

    RecordingStateMachine(long applied) {
        this.applied = applied;
    }

    @Override
    public long appliedIndex() {
        return applied;
    }

    @Override
    public synchronized List<Object> apply(List<LogEntry> entries) {
        CountDownLatch g = gate;
        if (g != null) {
            gate = null;
            entered.countDown();
            try {
                g.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<Object> results = new ArrayList<>();
        batches.add(entries.stream().map(LogEntry::index).toList());
        for (LogEntry e : entries) {
            if (e.command() == null) {
                results.add(null);
            } else {
                String cmd = new String(e.command(), StandardCharsets.UTF_8);
                commands.add(cmd);
                results.add(cmd.equals("fail") ? new IllegalStateException("refused " + cmd) : "ok:" + cmd);
            }
            applied = e.index();
        }
        return results;
    }

    @Override
    public synchronized long snapshot(OutputStream out) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(commands.size());
        for (String c : commands) {
            d.writeUTF(c);
        }
        d.flush();
        return applied;
    }

    @Override
    public synchronized void restore(InputStream in, long index, long term) throws IOException {
        DataInputStream d = new DataInputStream(in);
        commands.clear();
        int n = d.readInt();
        for (int i = 0; i < n; i++) {
            commands.add(d.readUTF());
        }
        applied = index;
        restoredAt = index;
    }

    synchronized List<Long> appliedIndices() {
        return batches.stream().flatMap(List::stream).toList();
    }
}
