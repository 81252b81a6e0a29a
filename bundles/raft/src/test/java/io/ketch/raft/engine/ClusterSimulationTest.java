package io.ketch.raft.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Three pure engines on a simulated network (no threads): the engine is multi-member ready. */
class ClusterSimulationTest {

    private static void assertLogsMatch(SimNetwork net) {
        // §5.3 log matching + §5.4.3 state machine safety: applied prefixes agree everywhere
        List<Entry> longest = net.applied.values().stream().max((a, b) -> a.size() - b.size()).orElseThrow();
        for (Map.Entry<Long, List<Entry>> e : net.applied.entrySet()) {
            for (int i = 0; i < e.getValue().size(); i++) {
                Entry a = e.getValue().get(i);
                Entry b = longest.get(i);
                assertEquals(b.index(), a.index(), "seed " + net.seed);
                assertEquals(b.term(), a.term(), "node " + e.getKey() + " index " + a.index() + " seed " + net.seed);
                assertTrue(java.util.Arrays.equals(a.data(), b.data()), "seed " + net.seed);
            }
        }
    }

    /** §5.2: one leader is elected, and every node learns who it is. */
    @Test
    void threeNodesElectOneLeader() {
        SimNetwork net = new SimNetwork(1, 1, 2, 3);
        RaftEngine leader = net.awaitLeader();
        net.tickAll(2);
        for (RaftEngine e : net.engines.values()) {
            assertEquals(leader.id(), e.leader(), "seed " + net.seed);
        }
    }

    /** §5.3: entries proposed at the leader reach and are applied by every node, identically. */
    @Test
    void proposalsReplicateToAllNodes() {
        SimNetwork net = new SimNetwork(2, 1, 2, 3);
        RaftEngine leader = net.awaitLeader();
        leader.propose(List.of("a".getBytes(), "b".getBytes()));
        net.settle();
        net.tickAll(2);
        for (RaftEngine e : net.engines.values()) {
            assertEquals(leader.lastIndex(), e.commitIndex(), "node " + e.id());
        }
        assertLogsMatch(net);
    }

    /** §5.3: a deposed leader's uncommitted entries are overwritten by the new leader's log. */
    @Test
    void isolatedLeadersUncommittedEntriesAreReplaced() {
        SimNetwork net = new SimNetwork(3, 1, 2, 3);
        RaftEngine old = net.awaitLeader();
        net.isolate(old.id());
        old.propose(List.of("lost".getBytes()));
        net.settle();
        long lostIndex = old.lastIndex();
        RaftEngine fresh = net.awaitLeader();
        assertNotEquals(old.id(), fresh.id());
        fresh.propose(List.of("kept".getBytes()));
        net.settle();
        net.heal();
        net.tickAll(3);
        assertEquals(StateType.FOLLOWER, old.state());
        assertTrue(old.term(lostIndex) != old.term() || old.lastIndex() >= lostIndex, "seed " + net.seed);
        assertEquals(fresh.commitIndex(), old.commitIndex());
        assertLogsMatch(net);
        assertFalse(net.applied.get(old.id()).stream().anyMatch(e -> new String(e.data()).equals("lost")));
    }

    /** §5.2 election safety and §5.3 log matching under random message loss, many seeds. */
    @Test
    void safetyHoldsUnderMessageLoss() {
        for (long seed = 100; seed < 120; seed++) {
            SimNetwork net = new SimNetwork(seed, 1, 2, 3);
            net.dropRate = 0.2;
            Random r = new Random(seed);
            for (int round = 0; round < 60; round++) {
                for (RaftEngine e : net.engines.values()) {
                    e.propose(List.of(("v" + round).getBytes()));
                }
                net.tickAll(1 + r.nextInt(3));
            }
            net.dropRate = 0;
            net.awaitLeader();
            net.tickAll(5);
            assertLogsMatch(net);
        }
    }

    /** §5.4.2: an entry of an earlier term is not committed by counting replicas. */
    @Test
    void leaderCommitsOnlyCurrentTermEntriesByCounting() {
        MemoryStorage s = new MemoryStorage();
        s.applySnapshot(new SnapshotMeta(0, 0, Set.of(1L, 2L, 3L), Set.of()));
        s.append(List.of(Entry.normal(1, 1, null), Entry.normal(2, 1, "old".getBytes())));
        s.setHardState(new HardState(2, 0, 1));
        RaftEngine leader = new RaftEngine(RaftConfig.of(1, 10, 1, new Random(4)), s);
        leader.campaign();
        leader.step(voteResp(2, 3));
        assertEquals(StateType.LEADER, leader.state());
        assertEquals(3, leader.lastIndex());
        leader.step(appResp(2, 3, 2));
        assertEquals(1, leader.commitIndex(), "index 2 is from term 1: not committed by counting");
        leader.step(appResp(2, 3, 3));
        assertEquals(3, leader.commitIndex());
    }

    /** §5.4.1: a voter refuses a candidate whose log is less up to date than its own. */
    @Test
    void voteRefusedToCandidateWithStaleLog() {
        MemoryStorage s = new MemoryStorage();
        s.applySnapshot(new SnapshotMeta(0, 0, Set.of(1L, 2L, 3L), Set.of()));
        s.append(List.of(Entry.normal(1, 1, null), Entry.normal(2, 2, null)));
        s.setHardState(new HardState(2, 0, 0));
        RaftEngine voter = new RaftEngine(RaftConfig.of(1, 10, 1, new Random(5)), s);
        Message vote = Message.of(MessageType.VOTE, 2, 1, 3).withIndex(1, 5);
        voter.step(vote);
        Message resp = voter.ready().messages().get(0);
        assertEquals(MessageType.VOTE_RESP, resp.type());
        assertTrue(resp.reject());
    }

    /** §6.4: with several voters a read index needs a quorum of heartbeat acks. */
    @Test
    void readIndexWaitsForQuorumAck() {
        SimNetwork net = new SimNetwork(6, 1, 2, 3);
        RaftEngine leader = net.awaitLeader();
        net.tickAll(2);
        Set<Long> others = new HashSet<>(net.engines.keySet());
        others.remove(leader.id());
        others.forEach(net::isolate);
        leader.readIndex(new byte[]{1});
        net.settle();
        assertTrue(net.readStates.get(leader.id()).isEmpty(), "no quorum, no read");
        net.heal();
        leader.readIndex(new byte[]{2});
        net.settle();
        List<ReadState> states = net.readStates.get(leader.id());
        assertEquals(2, states.size(), "the second round's quorum confirms the first read too");
        assertEquals(leader.commitIndex(), states.get(1).index());
    }

    /** §7: a follower whose missing entries were compacted away catches up from a snapshot. */
    @Test
    void laggingFollowerCatchesUpFromSnapshot() {
        SimNetwork net = new SimNetwork(8, 1, 2, 3);
        RaftEngine leader = net.awaitLeader();
        long lagging = net.engines.keySet().stream().filter(id -> id != leader.id()).findFirst().orElseThrow();
        net.isolate(lagging);
        for (int i = 0; i < 20; i++) {
            leader.propose(List.of(("w" + i).getBytes()));
            net.settle();
        }
        long compactTo = leader.commitIndex() - 2;
        MemoryStorage ls = net.storages.get(leader.id());
        ls.compact(new SnapshotMeta(compactTo, ls.term(compactTo), leader.voters(), Set.of()));
        net.heal();
        net.tickAll(3);
        RaftEngine follower = net.node(lagging);
        assertEquals(leader.commitIndex(), follower.commitIndex(), "seed " + net.seed);
        assertEquals(compactTo + 1, net.storages.get(lagging).firstIndex(), "the follower installed the snapshot");
        assertEquals(leader.term(leader.lastIndex()), follower.term(follower.lastIndex()));
    }

    /** §5.2/§5.4 with crashes: restarted nodes keep term, vote and log; safety holds throughout. */
    @Test
    void safetyHoldsAcrossCrashesAndRestarts() {
        for (long seed = 200; seed < 215; seed++) {
            SimNetwork net = new SimNetwork(seed, 1, 2, 3);
            Random r = new Random(seed);
            for (int round = 0; round < 40; round++) {
                for (RaftEngine e : net.engines.values()) {
                    e.propose(List.of(("v" + round).getBytes()));
                }
                if (r.nextInt(5) == 0) {
                    net.restart(1 + r.nextInt(3));
                }
                net.tickAll(1 + r.nextInt(4));
            }
            net.awaitLeader();
            net.tickAll(5);
            assertLogsMatch(net);
        }
    }

    /** CheckQuorum: a leader that hears from no quorum for an election timeout steps down. */
    @Test
    void isolatedLeaderStepsDown() {
        SimNetwork net = new SimNetwork(9, 1, 2, 3);
        RaftEngine leader = net.awaitLeader();
        net.isolate(leader.id());
        net.tickAll(25);
        assertEquals(StateType.FOLLOWER, net.node(leader.id()).state(), "seed " + net.seed);
    }

    /** §5.3: a follower refuses entries whose predecessor does not match, hinting its last index. */
    @Test
    void followerRejectsAppendWithMismatchedPredecessor() {
        MemoryStorage s = new MemoryStorage();
        s.applySnapshot(new SnapshotMeta(0, 0, Set.of(1L, 2L, 3L), Set.of()));
        s.append(List.of(Entry.normal(1, 1, null), Entry.normal(2, 1, null)));
        s.setHardState(new HardState(3, 0, 1));
        RaftEngine follower = new RaftEngine(RaftConfig.of(2, 10, 1, new Random(3)), s);
        Message app = Message.of(MessageType.APP, 1, 2, 3).withIndex(2, 5).withEntries(List.of(Entry.normal(6, 3, null)), 1);
        follower.step(app);
        Message resp = follower.ready().messages().get(0);
        assertTrue(resp.reject());
        assertEquals(5, resp.index());
        assertEquals(2, resp.rejectHint(), "the hint lets the leader jump back to index 3 at once");
    }

    /** §5.3: the leader backs up past a rejected index and the follower's conflicting suffix is replaced. */
    @Test
    void leaderBacksUpAndReplacesConflictingSuffix() {
        MemoryStorage s = new MemoryStorage();
        s.applySnapshot(new SnapshotMeta(0, 0, Set.of(1L, 2L), Set.of()));
        s.append(List.of(Entry.normal(1, 1, null), Entry.normal(2, 2, "stale".getBytes()), Entry.normal(3, 2, "stale".getBytes())));
        s.setHardState(new HardState(2, 0, 1));
        RaftEngine follower = new RaftEngine(RaftConfig.of(2, 10, 1, new Random(3)), s);
        // the leader's log: 1@1 then 2@3 (its empty entry of term 3)
        follower.step(Message.of(MessageType.APP, 1, 2, 3).withIndex(3, 3).withEntries(List.of(), 1));
        Message reject = follower.ready().messages().get(0);
        assertTrue(reject.reject());
        follower.step(Message.of(MessageType.APP, 1, 2, 3).withIndex(1, 1)
                .withEntries(List.of(Entry.normal(2, 3, null)), 2));
        Ready rd = follower.ready();
        assertFalse(rd.messages().get(0).reject());
        assertEquals(2, follower.lastIndex(), "the stale entries 2 and 3 of term 2 are gone");
        assertEquals(3, follower.term(2));
        assertEquals(2, follower.commitIndex());
    }

    private static Message voteResp(long from, long term) {
        return Message.of(MessageType.VOTE_RESP, from, 1, term);
    }

    private static Message appResp(long from, long term, long index) {
        return Message.of(MessageType.APP_RESP, from, 1, term).withIndex(0, index);
    }

    private static RaftEngine aFollower(SimNetwork net, RaftEngine leader) {
        return net.engines.values().stream().filter(e -> e.id() != leader.id()).findFirst().orElseThrow();
    }

    /** etcd's MsgProp: a follower forwards proposals, the leader appends and replicates them. */
    @Test
    void followerForwardsProposalsToTheLeader() {
        SimNetwork net = new SimNetwork(11, 1, 2, 3);
        RaftEngine leader = net.awaitLeader();
        RaftEngine follower = aFollower(net, leader);
        long before = leader.lastIndex();
        assertEquals(0, follower.propose(List.of("via follower".getBytes())), "seed " + net.seed);
        net.settle();
        net.tickAll(2);
        assertEquals(before + 1, leader.lastIndex(), "seed " + net.seed);
        for (Long id : net.engines.keySet()) {
            List<Entry> applied = net.applied.get(id);
            assertEquals("via follower", new String(applied.get(applied.size() - 1).data()), "node " + id + " seed " + net.seed);
        }
    }

    /** etcd's MsgReadIndex: the leader confirms with a quorum and answers the follower that asked. */
    @Test
    void followerReadIndexIsConfirmedByTheLeader() {
        SimNetwork net = new SimNetwork(12, 1, 2, 3);
        RaftEngine leader = net.awaitLeader();
        net.tickAll(2);
        RaftEngine follower = aFollower(net, leader);
        assertTrue(follower.readIndex(new byte[]{42}), "seed " + net.seed);
        net.settle();
        List<ReadState> got = net.readStates.get(follower.id());
        assertEquals(1, got.size(), "seed " + net.seed);
        assertEquals(leader.commitIndex(), got.get(0).index(), "seed " + net.seed);
        assertTrue(net.readStates.get(leader.id()).isEmpty(), "the leader keeps no read state for a follower's request");
    }

    /** Without a known leader there is nowhere to forward: the caller is told at once. */
    @Test
    void candidateRefusesToForward() {
        SimNetwork net = new SimNetwork(13, 1, 2, 3);
        RaftEngine leader = net.awaitLeader();
        net.isolate(leader.id());
        RaftEngine follower = aFollower(net, leader);
        follower.campaign();
        assertEquals(-1, follower.propose(List.of("x".getBytes())), "seed " + net.seed);
        assertFalse(follower.readIndex(new byte[]{1}), "seed " + net.seed);
    }

    /** Leadership transfer (thesis §3.10): the caught-up transferee campaigns at once and wins despite the lease. */
    @Test
    void transferMakesTheTargetLeader() {
        SimNetwork net = new SimNetwork(14, 1, 2, 3);
        RaftEngine leader = net.awaitLeader();
        RaftEngine target = aFollower(net, leader);
        leader.propose(List.of("x".getBytes()));
        net.settle();
        assertTrue(leader.transferLeadership(target.id()), "seed " + net.seed);
        net.settle();
        assertEquals(StateType.LEADER, target.state(), "seed " + net.seed);
        assertEquals(target.id(), leader.leader(), "seed " + net.seed);
    }

    /** While handing over, the old leader takes no proposals (they could keep the transferee behind). */
    @Test
    void proposalsAreRefusedDuringATransfer() {
        SimNetwork net = new SimNetwork(15, 1, 2, 3);
        RaftEngine leader = net.awaitLeader();
        RaftEngine target = aFollower(net, leader);
        net.isolate(target.id());
        assertTrue(leader.transferLeadership(target.id()), "seed " + net.seed);
        assertEquals(-1, leader.propose(List.of("x".getBytes())), "seed " + net.seed);
        net.tickAll(25);
        assertFalse(leader.transferring(), "an unfinished transfer is abandoned after an election timeout");
    }

    @Test
    void transferToANonVoterIsRefused() {
        SimNetwork net = new SimNetwork(16, 1, 2, 3);
        RaftEngine leader = net.awaitLeader();
        assertFalse(leader.transferLeadership(9), "seed " + net.seed);
        assertFalse(leader.transferLeadership(leader.id()), "seed " + net.seed);
    }
}
