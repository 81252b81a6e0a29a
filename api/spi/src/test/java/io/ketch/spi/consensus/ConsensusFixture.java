package io.ketch.spi.consensus;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set-up shared by the {@link Consensus} contract tests: before each test a started,
 * single-member consensus on a fresh directory, driving a {@link RecordingMachine}; closed after
 * it. Extend {@link ConsensusContract}.
 */
public abstract class ConsensusFixture {
    /** Generous bound for waits that only a hang would exceed; never a timing assertion. */
    protected static final long HANG_SECONDS = 60;

    @TempDir
    protected Path dir;

    /** The consensus under test; null once a test has stopped it. */
    protected Consensus consensus;

    /** The state machine the consensus drives. */
    protected RecordingMachine machine;

    /**
     * Starts (or, if its files are there, restarts) a single-member consensus that keeps its files
     * in dir and drives machine. It may return before this member leads; proposals then wait.
     */
    protected abstract Consensus open(StateMachine machine, Path dir) throws Exception;

    /** True when acknowledged proposals must survive {@link #restartKeepingUpTo}. */
    protected boolean durable() {
        return false;
    }

    /** Stops a consensus; the default closes it if it is {@link AutoCloseable}. */
    protected void close(Consensus c) throws Exception {
        if (c instanceof AutoCloseable a) {
            a.close();
        }
    }

    @BeforeEach
    final void startConsensus() throws Exception {
        machine = new RecordingMachine();
        consensus = open(machine, dir);
    }

    @AfterEach
    final void stopConsensus() throws Exception {
        if (consensus != null) {
            close(consensus);
        }
    }

    /** Stops the consensus under test; returns it so a test can call it afterwards. */
    protected final Consensus stop() throws Exception {
        Consensus stopped = consensus;
        consensus = null;
        close(stopped);
        return stopped;
    }

    /**
     * Stops the consensus and starts it again on the same directory with a machine whose durable
     * storage kept the entries up to index (everything, with {@link Long#MAX_VALUE}).
     */
    protected final void restartKeepingUpTo(long index) throws Exception {
        stop();
        machine = machine.copyUpTo(index);
        consensus = open(machine, dir);
    }

    protected static byte[] cmd(String s) {
        return s.getBytes(UTF_8);
    }

    /** The value of a future that must complete; fails the test on a hang. */
    protected static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(HANG_SECONDS, TimeUnit.SECONDS);
    }

    /** Proposes a command and returns the index of the entry it became (the machine's result). */
    protected final long propose(String command) throws Exception {
        return (Long) await(consensus.propose(cmd(command)));
    }

    /** The cause a future failed with. */
    protected static Throwable failure(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(f));
        return e.getCause();
    }

    /** Asserts the future failed with a ConsensusException for this reason. */
    protected static void assertFailsWith(ConsensusException.Reason reason, CompletableFuture<?> f) {
        ConsensusException e = assertInstanceOf(ConsensusException.class, failure(f));
        assertEquals(reason, e.reason(), e.getMessage());
    }
}
