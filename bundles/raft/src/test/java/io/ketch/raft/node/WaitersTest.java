package io.ketch.raft.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ketch.spi.consensus.ConsensusException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Deadlines are given as nanoTime values: the test is its own clock. */
class WaitersTest {
    private static ConsensusException.Reason reason(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        return ((ConsensusException) e.getCause()).reason();
    }

    /** A proposal forwarded to a leader that died with it is never applied: it times out as in etcd. */
    @Test
    void unansweredProposalTimesOut() {
        Waiters w = new Waiters();
        CompletableFuture<Object> f = new CompletableFuture<>();
        w.onProposal(1, 1_000, f);
        w.expire(999);
        assertFalse(f.isDone());
        w.expire(1_000);
        assertEquals(ConsensusException.Reason.TIMEOUT, reason(f));
    }

    @Test
    void unconfirmedReadTimesOut() {
        Waiters w = new Waiters();
        CompletableFuture<Long> f = new CompletableFuture<>();
        w.onRead(3, 500, f);
        w.expire(600);
        assertEquals(ConsensusException.Reason.TIMEOUT, reason(f));
    }

    @Test
    void appliedProposalCompletesWithItsResult() throws Exception {
        Waiters w = new Waiters();
        CompletableFuture<Object> f = new CompletableFuture<>();
        w.onProposal(1, 1_000, f);
        w.proposalApplied(1, "done");
        w.expire(2_000);
        assertEquals("done", f.get());
    }

    @Test
    void confirmedReadWaitsForApply() throws Exception {
        Waiters w = new Waiters();
        CompletableFuture<Long> f = new CompletableFuture<>();
        w.onRead(3, 500, f);
        w.readConfirmed(3, 10);
        w.appliedUpTo(9);
        assertFalse(f.isDone());
        w.expire(600);
        w.appliedUpTo(10);
        assertEquals(10L, f.get());
    }
}
