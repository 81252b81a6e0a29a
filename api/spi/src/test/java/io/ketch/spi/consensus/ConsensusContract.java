package io.ketch.spi.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Consensus} must show as a single-member cluster. An implementation's
 * test class extends this and supplies {@link #open}; a durable one also answers
 * {@link #durable()} with true, and then acknowledged proposals must survive a restart, applied
 * exactly once in log order.
 */
public abstract class ConsensusContract extends ConsensusFixture {
    @Test
    void proposalCompletesWithTheMachinesResultForItsEntry() throws Exception {
        Object result = await(consensus.propose(cmd("put a")));
        long index = assertInstanceOf(Long.class, result, "the machine answers with the entry's index");
        assertEquals("put a", machine.commandAt(index));
    }

    @Test
    void concurrentProposalsEachGetTheirOwnEntrysResult() throws Exception {
        int threads = 4;
        int perThread = 50;
        CountDownLatch go = new CountDownLatch(1);
        List<List<CompletableFuture<Object>>> futures = new ArrayList<>();
        List<Thread> proposers = new ArrayList<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        for (int t = 0; t < threads; t++) {
            List<CompletableFuture<Object>> mine = new ArrayList<>();
            futures.add(mine);
            int thread = t;
            proposers.add(new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(consensus.propose(cmd("t" + thread + "-" + i)));
                    }
                } catch (Throwable e) {
                    thrown.compareAndSet(null, e);
                }
            }));
        }
        proposers.forEach(Thread::start);
        go.countDown();
        for (Thread p : proposers) {
            p.join(TimeUnit.SECONDS.toMillis(HANG_SECONDS));
        }
        assertEquals(null, thrown.get(), "a proposer thread failed");
        for (int t = 0; t < threads; t++) {
            long previous = 0;
            for (int i = 0; i < perThread; i++) {
                long index = (Long) await(futures.get(t).get(i));
                assertEquals("t" + t + "-" + i, machine.commandAt(index), "the result of entry " + index);
                assertTrue(index > previous, "thread " + t + " proposal " + i + " landed at " + index
                        + ", before its earlier proposal at " + previous);
                previous = index;
            }
        }
        assertEquals(List.of(), machine.violations());
    }

    @Test
    void exceptionResultFailsTheProposalWithIt() throws Exception {
        Throwable cause = failure(consensus.propose(cmd("fail b")));
        assertInstanceOf(IllegalStateException.class, cause, "the future fails with what the machine returned");
        long index = Long.parseLong(cause.getMessage().substring("refused entry ".length()));
        assertSame(machine.failureAt(index), cause, "the machine's exception itself");
        assertEquals("fail b", machine.commandAt(index));
        assertTrue(propose("put c") > index, "the log goes on after a failed entry");
    }

    @Test
    void readIndexWaitsForEveryAcknowledgedProposal() throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        Thread background = new Thread(() -> {
            // Unacknowledged load in flight while the reads are issued.
            for (int i = 0; !done.get() && i < 100_000; i++) {
                CompletableFuture<Object> f = consensus.propose(cmd("load-" + i));
                if (i % 20 == 19) {
                    f.handle((r, e) -> null).join();
                }
            }
        });
        background.start();
        try {
            for (int round = 0; round < 50; round++) {
                long acked = propose("round-" + round);
                long[] seen = await(consensus.readIndex().thenApply(i -> new long[] {i, machine.appliedIndex()}));
                assertTrue(seen[0] >= acked, "read index " + seen[0] + " is below acknowledged entry " + acked);
                assertTrue(seen[1] >= seen[0], "read index " + seen[0] + " completed with only "
                        + seen[1] + " applied");
            }
        } finally {
            done.set(true);
            background.join(TimeUnit.SECONDS.toMillis(HANG_SECONDS));
        }
    }

    @Test
    void readIndexWaitsForAnEntryCommittedBeforeItEvenIfNotYetAcknowledged() throws Exception {
        propose("warm up");
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch gate = machine.holdNextApply(entered);
        CompletableFuture<Object> inFlight = consensus.propose(cmd("held"));
        CompletableFuture<long[]> read;
        try {
            assertTrue(entered.await(HANG_SECONDS, TimeUnit.SECONDS), "the held entry never reached the machine");
            // "held" is committed and being applied; a read barrier issued now must wait for it.
            read = consensus.readIndex().thenApply(i -> new long[] {i, machine.appliedIndex()});
        } finally {
            gate.countDown();
        }
        long held = (Long) await(inFlight);
        long[] seen = await(read);
        assertTrue(seen[0] >= held, "read index " + seen[0] + " is below the committed entry " + held);
        assertTrue(seen[1] >= seen[0], "read index " + seen[0] + " completed with only " + seen[1] + " applied");
    }

    @Test
    void statusReportsThisMemberAsLeaderOfOneMember() throws Exception {
        long acked = 0;
        for (int i = 0; i < 5; i++) {
            acked = propose("put " + i);
        }
        ConsensusStatus s = consensus.status();
        assertNotEquals(0, s.memberId(), "member id");
        assertEquals(s.memberId(), s.leaderId(), "a one-member cluster is led by its member");
        assertTrue(s.isLeader());
        assertFalse(s.learner());
        assertTrue(s.term() >= 1, "term " + s.term());
        assertTrue(s.commitIndex() >= acked, "commit index " + s.commitIndex() + " below acknowledged " + acked);
        assertTrue(s.appliedIndex() >= acked, "applied index " + s.appliedIndex() + " below acknowledged " + acked);
        assertTrue(s.appliedIndex() <= s.commitIndex(), "applied " + s.appliedIndex() + " beyond commit "
                + s.commitIndex());
    }

    @Test
    void membersContainThisMemberAsAVoter() throws Exception {
        propose("put a");
        long self = consensus.status().memberId();
        List<Member> members = consensus.members();
        assertEquals(1, members.size(), members.toString());
        assertEquals(self, members.get(0).id());
        assertFalse(members.get(0).learner());
    }

    @Test
    void proposeAfterStopFailsWithStopped() throws Exception {
        propose("put a");
        Consensus stopped = stop();
        assertFailsWith(ConsensusException.Reason.STOPPED, stopped.propose(cmd("put b")));
    }

    @Test
    void readIndexAfterStopFailsWithStopped() throws Exception {
        propose("put a");
        Consensus stopped = stop();
        assertFailsWith(ConsensusException.Reason.STOPPED, stopped.readIndex());
    }

    @Test
    void stopSettlesEveryPendingProposal() throws Exception {
        List<CompletableFuture<Object>> pending = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            pending.add(consensus.propose(cmd("put " + i)));
        }
        Consensus stopped = stop();
        for (CompletableFuture<Object> f : pending) {
            try {
                long index = (Long) await(f);
                assertTrue(machine.commandAt(index) != null, "acknowledged entry " + index + " was not applied");
            } catch (ExecutionException e) {
                ConsensusException ce = assertInstanceOf(ConsensusException.class, e.getCause());
                assertEquals(ConsensusException.Reason.STOPPED, ce.reason(), ce.getMessage());
            }
        }
        assertFailsWith(ConsensusException.Reason.STOPPED, stopped.propose(cmd("late")));
    }

    @Test
    void transferLeadershipToAnUnknownMemberFails() throws Exception {
        propose("put a");
        long unknown = consensus.status().memberId() ^ 0x5a5a5a5aL;
        assertFailsWith(ConsensusException.Reason.BAD_TRANSFEREE, consensus.transferLeadership(unknown));
        assertTrue(consensus.status().isLeader(), "a refused transfer leaves the leader in place");
    }

    @Test
    void acknowledgedCommandsSurviveRestartExactlyOnceInOrder() throws Exception {
        assumeTrue(durable(), "not a durable consensus");
        List<String> acked = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            propose("before-" + i);
            acked.add("before-" + i);
        }
        restartKeepingUpTo(Long.MAX_VALUE);
        for (int i = 0; i < 10; i++) {
            propose("after-" + i);
            acked.add("after-" + i);
        }
        await(consensus.readIndex());
        assertEquals(acked, machine.commands());
        assertEquals(List.of(), machine.violations());
        assertTrue(consensus.status().isLeader(), "the restarted member leads again");
    }

    @Test
    void restartReappliesExactlyTheEntriesAfterTheMachinesAppliedIndex() throws Exception {
        assumeTrue(durable(), "not a durable consensus");
        List<String> acked = new ArrayList<>();
        long checkpoint = 0;
        for (int i = 0; i < 30; i++) {
            long index = propose("c" + i);
            acked.add("c" + i);
            if (i == 14) {
                checkpoint = index;
            }
        }
        // The machine's storage kept only up to the 15th command: the rest must come again, once.
        restartKeepingUpTo(checkpoint);
        await(consensus.readIndex());
        assertEquals(acked, machine.commands());
        assertEquals(List.of(), machine.violations());
    }

    @Test
    void restartWithAnEmptyMachineRebuildsEveryCommand() throws Exception {
        assumeTrue(durable(), "not a durable consensus");
        List<String> acked = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            propose("c" + i);
            acked.add("c" + i);
        }
        // The machine lost its storage: a snapshot restore and the log after it must rebuild it all.
        restartKeepingUpTo(0);
        await(consensus.readIndex());
        assertEquals(acked, machine.commands());
        assertEquals(List.of(), machine.violations());
    }

    @Test
    void restartKeepsTheMemberAndNeverLowersTheTerm() throws Exception {
        assumeTrue(durable(), "not a durable consensus");
        propose("put a");
        ConsensusStatus before = consensus.status();
        List<Member> members = consensus.members();
        restartKeepingUpTo(Long.MAX_VALUE);
        propose("put b");
        ConsensusStatus after = consensus.status();
        assertEquals(before.memberId(), after.memberId());
        assertEquals(before.clusterId(), after.clusterId());
        assertTrue(after.term() >= before.term(), "term went from " + before.term() + " to " + after.term());
        assertEquals(members.stream().map(Member::id).toList(), consensus.members().stream().map(Member::id).toList());
    }

    @Test
    void largeCommandIsAppliedIntact() throws Exception {
        long seed = Long.getLong("ketch.seed", System.nanoTime());
        Random random = new Random(seed);
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 256 * 1024; i++) {
            big.append((char) ('a' + random.nextInt(26)));
        }
        long index = propose(big.toString());
        assertEquals(big.toString(), machine.commandAt(index), "seed=" + seed);
    }

    @Test
    void restartReappliesOnlyTheLastEntriesTheMachineLost() throws Exception {
        assumeTrue(durable(), "not a durable consensus");
        List<String> acked = new ArrayList<>();
        long checkpoint = 0;
        for (int i = 0; i < 25; i++) {
            long index = propose("c" + i);
            acked.add("c" + i);
            if (i == 22) {
                checkpoint = index;
            }
        }
        // Most of the log (and any snapshot) lies at or below the machine's index: only c23, c24 come again.
        restartKeepingUpTo(checkpoint);
        await(consensus.readIndex());
        assertEquals(acked, machine.commands());
        assertEquals(List.of(), machine.violations());
    }
}
