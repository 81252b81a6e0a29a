package io.ketch.raft.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ketch.spi.consensus.ConsensusException;
import io.ketch.spi.consensus.ConsensusStatus;
import io.ketch.spi.consensus.Member;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaftNodeTest {
    private static final long ETCD_DEFAULT_MEMBER_ID = Long.parseUnsignedLong("10276657743932975437");
    private static final long ETCD_DEFAULT_CLUSTER_ID = Long.parseUnsignedLong("14841639068965178418");

    @TempDir
    Path dir;
    private final List<RaftNode> nodes = new ArrayList<>();

    @AfterEach
    void closeAll() {
        nodes.forEach(RaftNode::close);
    }

    private RaftNodeConfig config(long snapshotCount) {
        return RaftNodeConfig.defaults("default", dir, Map.of("default", List.of("http://localhost:2380")),
                        "etcd-cluster", List.of("http://localhost:2379"))
                .withTiming(5, 10, 4096).withSnapshotCount(snapshotCount, 0);
    }

    private RaftNode start(RecordingStateMachine sm, long snapshotCount) throws Exception {
        RaftNode node = RaftNode.start(config(snapshotCount), sm);
        nodes.add(node);
        return node;
    }

    private static byte[] cmd(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Object await(CompletableFuture<?> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS);
    }

    @Test
    void proposalCompletesWithTheAppliedResult() throws Exception {
        RaftNode node = start(new RecordingStateMachine(0), 100_000);
        assertEquals("ok:put a", await(node.propose(cmd("put a"))));
    }

    @Test
    void exceptionResultFailsTheProposal() throws Exception {
        RaftNode node = start(new RecordingStateMachine(0), 100_000);
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(node.propose(cmd("fail"))));
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }

    /** Fresh etcd: ConfChange at 1 (term 1), election to term 2, empty entry at 2; publish + version land at 3 and 4. */
    @Test
    void freshMemberLogMatchesEtcd() throws Exception {
        RecordingStateMachine sm = new RecordingStateMachine(0);
        RaftNode node = start(sm, 100_000);
        await(node.propose(cmd("publish")));
        await(node.propose(cmd("cluster version")));
        ConsensusStatus s = node.status();
        assertEquals(2, s.term());
        assertEquals(4, s.commitIndex());
        assertEquals(4, s.appliedIndex());
        assertEquals(List.of(1L, 2L, 3L, 4L), sm.appliedIndices());
        assertTrue(s.isLeader());
    }

    @Test
    void idsMatchEtcdForTheDefaultMember() throws Exception {
        RaftNode node = start(new RecordingStateMachine(0), 100_000);
        assertEquals(ETCD_DEFAULT_MEMBER_ID, node.memberId());
        assertEquals(ETCD_DEFAULT_CLUSTER_ID, node.clusterId());
        assertEquals(ETCD_DEFAULT_CLUSTER_ID, node.status().clusterId());
    }

    @Test
    void membersListsTheConfiguredMemberWithItsClientUrls() throws Exception {
        RaftNode node = start(new RecordingStateMachine(0), 100_000);
        await(node.readIndex());
        assertEquals(List.of(new Member(ETCD_DEFAULT_MEMBER_ID, "default", List.of("http://localhost:2380"),
                List.of("http://localhost:2379"), false)), node.members());
    }

    @Test
    void restartReplaysExactlyTheUnappliedSuffix() throws Exception {
        RaftNode node = start(new RecordingStateMachine(0), 100_000);
        for (int i = 0; i < 5; i++) {
            await(node.propose(cmd("c" + i)));
        }
        node.close();
        // the state machine made entries up to 5 durable; 6 and 7 must come again, nothing before
        RecordingStateMachine sm = new RecordingStateMachine(5);
        RaftNode again = start(sm, 100_000);
        await(again.readIndex());
        assertEquals(List.of("c3", "c4"), sm.commands);
        assertEquals(6L, sm.appliedIndices().get(0));
        assertEquals(3, again.status().term(), "a restarted single member elects itself in a new term");
    }

    @Test
    void snapshotCompactsTheWalAndRestoresOnRestart() throws Exception {
        RaftNode node = start(new RecordingStateMachine(0), 10);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String c = "command-with-some-payload-" + i;
            expected.add(c);
            await(node.propose(cmd(c)));
        }
        node.close();
        try (Stream<Path> s = Files.list(dir.resolve("snap"))) {
            assertTrue(s.anyMatch(p -> p.toString().endsWith(".snap")));
        }
        assertFalse(Files.exists(dir.resolve("wal").resolve(String.format("%016x.wal", 1))), "first segment released");
        RecordingStateMachine fresh = new RecordingStateMachine(0);
        RaftNode again = start(fresh, 10);
        await(again.readIndex());
        assertTrue(fresh.restoredAt > 0, "restored from the snapshot");
        assertEquals(expected, fresh.commands);
        assertTrue(fresh.appliedIndices().stream().allMatch(i -> i > fresh.restoredAt));
    }

    @Test
    void concurrentProposalsShareOneFsync() throws Exception {
        RecordingStateMachine sm = new RecordingStateMachine(0);
        RaftNode node = start(sm, 100_000);
        await(node.readIndex());
        CountDownLatch gate = new CountDownLatch(1);
        sm.gate = gate;
        CompletableFuture<Object> first = node.propose(cmd("hold"));
        assertTrue(sm.entered.await(20, TimeUnit.SECONDS));
        long syncsBefore = node.walSyncCount();
        List<CompletableFuture<Object>> batch = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int base = t * 25;
            Thread th = new Thread(() -> {
                for (int i = 0; i < 25; i++) {
                    synchronized (batch) {
                        batch.add(node.propose(cmd("p" + (base + i))));
                    }
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        gate.countDown();
        await(first);
        for (CompletableFuture<Object> f : batch) {
            await(f);
        }
        assertEquals(1, node.walSyncCount() - syncsBefore, "100 proposals queued while the loop was busy: one fsync");
    }

    @Test
    void readIndexCompletesAtOrAfterTheLastAppliedWrite() throws Exception {
        RaftNode node = start(new RecordingStateMachine(0), 100_000);
        await(node.propose(cmd("x")));
        long index = (Long) await(node.readIndex());
        assertTrue(index >= 3, "read index " + index);
        assertTrue(node.status().appliedIndex() >= index);
    }

    @Test
    void proposalsAfterCloseFailWithStopped() throws Exception {
        RaftNode node = start(new RecordingStateMachine(0), 100_000);
        node.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(node.propose(cmd("late"))));
        assertEquals(ConsensusException.Reason.STOPPED, ((ConsensusException) e.getCause()).reason());
    }

    @Test
    void learnerIsAddedThroughAConfChange() throws Exception {
        RaftNode node = start(new RecordingStateMachine(0), 100_000);
        Member m = (Member) await(node.addMember(List.of("http://127.0.0.1:2390"), true));
        assertTrue(m.learner());
        assertTrue(node.members().contains(m));
    }

    @Test
    void addingAVoterWithoutStartedPeersIsRefused() throws Exception {
        RaftNode node = start(new RecordingStateMachine(0), 100_000);
        // etcd allows a second voter for a lone member (restoring data); a third needs the second started
        await(node.addMember(List.of("http://127.0.0.1:2390"), false));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> await(node.addMember(List.of("http://127.0.0.1:2391"), false)));
        assertEquals(ConsensusException.Reason.MEMBERSHIP_REFUSED, ((ConsensusException) e.getCause()).reason());
        assertEquals("etcdserver: re-configuration failed due to not enough started members", e.getCause().getMessage());
    }

    @Test
    void updatedPeerUrlsReplaceTheOldOnes() throws Exception {
        RaftNode node = start(new RecordingStateMachine(0), 100_000);
        Member m = (Member) await(node.addMember(List.of("http://127.0.0.1:2390"), true));
        await(node.updateMember(m.id(), List.of("http://127.0.0.1:2391")));
        assertEquals(List.of("http://127.0.0.1:2391"),
                node.members().stream().filter(x -> x.id() == m.id()).findFirst().orElseThrow().peerUrls());
    }

    @Test
    void updateToAPeerUrlInUseIsRefused() throws Exception {
        RaftNode node = start(new RecordingStateMachine(0), 100_000);
        Member m = (Member) await(node.addMember(List.of("http://127.0.0.1:2390"), true));
        List<String> taken = node.members().stream().filter(x -> x.id() != m.id()).findFirst().orElseThrow().peerUrls();
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(node.updateMember(m.id(), taken)));
        assertEquals("etcdserver: Peer URLs already exists", e.getCause().getMessage());
    }

    @Test
    void secondLearnerIsRefused() throws Exception {
        RaftNode node = start(new RecordingStateMachine(0), 100_000);
        await(node.addMember(List.of("http://127.0.0.1:2390"), true));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> await(node.addMember(List.of("http://127.0.0.1:2391"), true)));
        assertEquals("etcdserver: too many learner members in cluster", e.getCause().getMessage());
    }

    @Test
    void promotingALearnerThatNeverStartedIsRefused() throws Exception {
        RaftNode node = start(new RecordingStateMachine(0), 100_000);
        Member m = (Member) await(node.addMember(List.of("http://127.0.0.1:2390"), true));
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(node.promoteMember(m.id())));
        assertEquals("etcdserver: can only promote a learner member which is in sync with leader", e.getCause().getMessage());
    }

    @Test
    void promotingAVoterIsRefused() throws Exception {
        RaftNode node = start(new RecordingStateMachine(0), 100_000);
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(node.promoteMember(node.memberId())));
        assertEquals("etcdserver: can only promote a learner member", e.getCause().getMessage());
    }

    @Test
    void removedLearnerLeavesTheMemberList() throws Exception {
        RaftNode node = start(new RecordingStateMachine(0), 100_000);
        Member m = (Member) await(node.addMember(List.of("http://127.0.0.1:2390"), true));
        await(node.removeMember(m.id()));
        assertEquals(1, node.members().size());
    }

    @Test
    void forceNewClusterRemovesEveryOtherMember() throws Exception {
        RaftNode node = start(new RecordingStateMachine(0), 100_000);
        await(node.addMember(List.of("http://127.0.0.1:2390"), true));
        assertEquals(2, node.members().size());
        node.close();
        RecordingStateMachine sm = new RecordingStateMachine(0);
        RaftNode forced = RaftNode.start(config(100_000).withForceNewCluster(true), sm);
        nodes.add(forced);
        assertEquals("ok:after", await(forced.propose(cmd("after"))));
        assertEquals(List.of(ETCD_DEFAULT_MEMBER_ID), forced.members().stream().map(Member::id).toList());
    }

    @Test
    void concurrentReadsAllComplete() throws Exception {
        RaftNode node = start(new RecordingStateMachine(0), 100_000);
        List<CompletableFuture<Long>> reads = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            reads.add(node.readIndex());
        }
        for (CompletableFuture<Long> r : reads) {
            assertTrue((Long) await(r) >= 2);
        }
    }

    @Test
    void transferToAnotherMemberIsRefused() throws Exception {
        RaftNode node = start(new RecordingStateMachine(0), 100_000);
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(node.transferLeadership(42)));
        assertEquals(ConsensusException.Reason.BAD_TRANSFEREE, ((ConsensusException) e.getCause()).reason());
    }
}
