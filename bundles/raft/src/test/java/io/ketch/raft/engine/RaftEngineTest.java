package io.ketch.raft.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ketch.proto.raftpb.ConfChange;
import io.ketch.proto.raftpb.ConfChangeType;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Single-node engine behaviour, each test naming the Raft paper section it checks. */
class RaftEngineTest {
    private final MemoryStorage storage = new MemoryStorage();
    private final RaftEngine engine = new RaftEngine(RaftConfig.of(1, 10, 1, new Random(7)), storage);

    private Ready persistAndAdvance() {
        Ready rd = engine.ready();
        if (rd.snapshot() != null) {
            storage.applySnapshot(rd.snapshot().meta());
        }
        storage.append(rd.entries());
        if (rd.hardState() != null) {
            storage.setHardState(rd.hardState());
        }
        engine.advance(rd);
        return rd;
    }

    private void bootstrapAndLead() {
        engine.bootstrap(List.of(SimNetwork.addNode(1)));
        engine.campaign();
        persistAndAdvance();
    }

    @Test
    void bootstrapCommitsOneConfChangePerMemberAtTermOne() {
        engine.bootstrap(List.of(SimNetwork.addNode(1)));
        Ready rd = persistAndAdvance();
        assertEquals(1, rd.entries().size());
        assertEquals(new Entry(1, 1, EntryType.CONF_CHANGE, SimNetwork.addNode(1)).term(), rd.entries().get(0).term());
        assertEquals(1, rd.committedEntries().size());
        assertEquals(java.util.Set.of(1L), engine.voters());
    }

    /** §5.2: a single voter wins its own election; like fresh etcd it leads at term 2. */
    @Test
    void singleVoterElectsItselfAtTermTwo() {
        bootstrapAndLead();
        assertEquals(StateType.LEADER, engine.state());
        assertEquals(2, engine.term());
        assertEquals(1, engine.leader());
    }

    /** §5.2: without a leader, ticks past the randomised election timeout start an election. */
    @Test
    void electionTimeoutStartsElection() {
        engine.bootstrap(List.of(SimNetwork.addNode(1)));
        persistAndAdvance();
        for (int i = 0; i < 20 && engine.state() != StateType.LEADER; i++) {
            engine.tick();
        }
        assertEquals(StateType.LEADER, engine.state());
    }

    /** §8 / §5.4.2: a new leader appends an empty entry of its term, which commits earlier entries. */
    @Test
    void newLeaderAppendsEmptyEntryOfItsTerm() {
        bootstrapAndLead();
        assertEquals(2, engine.lastIndex());
        assertEquals(2, engine.term(2));
        assertEquals(2, engine.commitIndex());
    }

    @Test
    void proposalIsCommittedAndHandedOutForApply() {
        bootstrapAndLead();
        long index = engine.propose(List.of(new byte[]{42}));
        Ready rd = persistAndAdvance();
        assertEquals(3, index);
        assertEquals(1, rd.entries().size());
        assertArrayEquals(new byte[]{42}, rd.committedEntries().get(0).data());
        assertEquals(3, rd.hardState().commit());
    }

    @Test
    void followerRefusesProposals() {
        engine.bootstrap(List.of(SimNetwork.addNode(1)));
        assertEquals(-1, engine.propose(List.of(new byte[]{1})));
    }

    /** §6.4: a single voter confirms a read index at once, at its commit index. */
    @Test
    void singleVoterReadIndexIsImmediate() {
        bootstrapAndLead();
        assertTrue(engine.readIndex(new byte[]{9}));
        Ready rd = engine.ready();
        assertEquals(1, rd.readStates().size());
        assertEquals(2, rd.readStates().get(0).index());
    }

    /** §6: a committed AddNode entry adds the voter once the driver advances past it. */
    @Test
    void confChangeAddsLearnerWhenApplied() {
        bootstrapAndLead();
        byte[] cc = ConfChange.newBuilder().setType(ConfChangeType.ConfChangeAddLearnerNode).setNodeId(5).build().toByteArray();
        assertTrue(engine.proposeConfChange(cc) > 0);
        persistAndAdvance();
        assertEquals(java.util.Set.of(5L), engine.learners());
    }

    /** §6: only one configuration change may be pending at a time. */
    @Test
    void secondConfChangeWaitsForFirstToApply() {
        bootstrapAndLead();
        byte[] cc = ConfChange.newBuilder().setType(ConfChangeType.ConfChangeAddLearnerNode).setNodeId(5).build().toByteArray();
        assertTrue(engine.proposeConfChange(cc) > 0);
        assertEquals(-2, engine.proposeConfChange(cc), "-2: a change is pending");
    }

    /** §7: after compaction the engine still knows the snapshot's term and keeps going. */
    @Test
    void compactedLogKeepsWorking() {
        bootstrapAndLead();
        engine.propose(List.of(new byte[]{1}));
        persistAndAdvance();
        storage.compact(new SnapshotMeta(3, 2, java.util.Set.of(1L), java.util.Set.of()));
        engine.propose(List.of(new byte[]{2}));
        Ready rd = persistAndAdvance();
        assertEquals(4, rd.committedEntries().get(0).index());
        assertEquals(4, storage.firstIndex());
        assertFalse(engine.hasReady());
    }

    /** Restart: committed entries the state machine already applied are not handed out again. */
    @Test
    void restartHandsOutOnlyEntriesAfterApplied() {
        bootstrapAndLead();
        engine.propose(List.of(new byte[]{1}, new byte[]{2}, new byte[]{3}));
        persistAndAdvance();
        RaftEngine restarted = new RaftEngine(RaftConfig.of(1, 10, 1, new Random(7)).withApplied(3), storage);
        Ready rd = restarted.ready();
        assertEquals(List.of(4L, 5L), rd.committedEntries().stream().map(Entry::index).toList());
        assertEquals(java.util.Set.of(1L), restarted.voters());
    }
}
