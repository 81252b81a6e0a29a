package io.ketch.spi.consensus;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What {@link Consensus} drives: the server core registers it as a service, and the consensus
 * layer applies committed entries to it, always from one thread, in log order.
 */
@ConsumerType
public interface StateMachine {
    /**
     * The index of the last entry whose effects are durable in this state machine's own storage
     * (etcd's consistent index). On start, entries after it are applied again.
     */
    long appliedIndex();

    /**
     * Applies a batch of committed entries, in order, as one unit. Must be deterministic. Returns
     * one result per entry, in the same order (null where there is nothing to return); a result
     * may be an {@link Exception} that the proposer's future then fails with.
     */
    List<Object> apply(List<LogEntry> entries);

    /**
     * Writes a consistent snapshot of the whole state as of {@link #appliedIndex()} and returns that
     * index. Runs on the apply thread, so no entry is applied while it is taken.
     */
    long snapshot(OutputStream out) throws IOException;

    /**
     * Replaces the whole state with a snapshot written by {@link #snapshot}, covering the log up to
     * index (in term); afterwards {@link #appliedIndex()} returns index.
     */
    void restore(InputStream in, long index, long term) throws IOException;
}
