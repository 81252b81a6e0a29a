package io.ketch.raft.engine;

import com.google.protobuf.InvalidProtocolBufferException;
import io.ketch.proto.raftpb.ConfChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Raft protocol as a pure, deterministic state machine (etcd's RawNode shape): no threads,
 * clocks, sockets or I/O. The driver calls {@link #tick()}, {@link #step(Message)} and
 * {@link #propose(List)}, then takes a {@link #ready()}, persists, sends and applies it, and calls
 * {@link #advance(Ready)}. Configuration-change entries are applied to the voter set when the
 * driver advances past them.
 */
public final class RaftEngine {
    private final Raft raft;
    private SoftState prevSoft;
    private HardState prevHard;

    /** An engine over persisted storage; after a restart the voter set is rebuilt from the log. */
    public RaftEngine(RaftConfig config, Storage storage) {
        this.raft = new Raft(config, storage);
        this.prevHard = storage.hardState();
        this.prevSoft = raft.softState();
        // conf changes the state machine already applied are not handed out again: replay them here
        long first = raft.log.firstIndex();
        if (raft.log.applied >= first) {
            raft.log.slice(first, raft.log.applied + 1).forEach(this::applyConfEntry);
        }
    }

    /**
     * Bootstraps a fresh log as etcd does: one configuration-change entry per initial member at term
     * 1, committed at once, the voter set applied immediately. The entries still come out of the
     * next {@link #ready()} to be persisted and applied.
     */
    public void bootstrap(List<byte[]> confChanges) {
        if (raft.log.lastIndex() != 0) {
            throw new IllegalStateException("can only bootstrap an empty log");
        }
        raft.becomeFollower(1, 0);
        List<Entry> ents = new ArrayList<>();
        for (int i = 0; i < confChanges.size(); i++) {
            ents.add(new Entry(i + 1, 1, EntryType.CONF_CHANGE, confChanges.get(i)));
        }
        raft.log.append(ents);
        raft.log.commitTo(ents.size());
        ents.forEach(this::applyConfEntry);
    }

    /** Advances the logical clock by one tick (election timeout, heartbeats). */
    public void tick() {
        raft.role.tick();
    }

    /** Starts an election now (a fresh single member need not wait out a timeout). */
    public void campaign() {
        if (raft.promotable() && raft.role.type() != StateType.LEADER) {
            raft.campaign();
        }
    }

    /** Feeds a message from a peer. */
    public void step(Message m) {
        raft.step(m);
    }

    /**
     * Appends commands to the log if this node leads and returns the first index; a follower that
     * knows a leader forwards them (etcd's MsgProp) and returns 0; -1 when no leader is known.
     */
    public long propose(List<byte[]> commands) {
        if (commands.isEmpty()) {
            return -1;
        }
        if (!(raft.role instanceof Leader leader)) {
            if (raft.lead == 0 || raft.role.type() != StateType.FOLLOWER) {
                return -1;
            }
            List<Entry> ents = new ArrayList<>(commands.size());
            commands.forEach(c -> ents.add(Entry.normal(0, 0, c)));
            raft.forwardToLeader(new Message(MessageType.PROP, raft.id, 0, 0, 0, 0, ents, 0, false, 0, null, null));
            return 0;
        }
        if (leader.transferee != 0) {
            // etcd drops proposals while leadership is handed over
            return -1;
        }
        List<Entry> ents = new ArrayList<>(commands.size());
        commands.forEach(c -> ents.add(Entry.normal(0, 0, c)));
        long last = leader.appendEntries(ents);
        leader.broadcastAppend();
        return last - commands.size() + 1;
    }

    /**
     * Proposes a configuration change (raftpb ConfChange bytes). A leader returns its index, or -2
     * while an earlier change is not applied yet (one change at a time, §6); a follower forwards it
     * to the leader and returns 0; -1 when no leader is known.
     */
    public long proposeConfChange(byte[] confChange) {
        Entry entry = new Entry(0, 0, EntryType.CONF_CHANGE, confChange);
        if (!(raft.role instanceof Leader leader)) {
            if (raft.lead == 0 || raft.role.type() != StateType.FOLLOWER) {
                return -1;
            }
            raft.forwardToLeader(new Message(MessageType.PROP, raft.id, 0, 0, 0, 0, List.of(entry), 0, false, 0, null, null));
            return 0;
        }
        if (raft.pendingConfIndex > raft.log.applied) {
            return -2;
        }
        long index = leader.appendEntries(List.of(entry));
        raft.pendingConfIndex = index;
        leader.broadcastAppend();
        return index;
    }

    /**
     * Asks for a read barrier tagged with context (unique across the cluster); a follower forwards
     * it to the leader (etcd's MsgReadIndex). False when no leader is known.
     */
    public boolean readIndex(byte[] context) {
        if (!(raft.role instanceof Leader leader)) {
            if (raft.lead == 0 || raft.role.type() != StateType.FOLLOWER) {
                return false;
            }
            raft.forwardToLeader(new Message(MessageType.READ_INDEX, raft.id, 0, 0, 0, 0, List.of(), 0, false, 0, context, null));
            return true;
        }
        leader.readIndex(raft.id, context);
        return true;
    }

    /**
     * Hands leadership to a voter: once it has the whole log it is told to campaign at once
     * (§3.10 of the Raft thesis). False if this node does not lead or the target is no other voter.
     */
    public boolean transferLeadership(long target) {
        return raft.role instanceof Leader leader && leader.transfer(target);
    }

    /** Whether this leader is handing over (proposals are refused meanwhile). */
    public boolean transferring() {
        return raft.role instanceof Leader leader && leader.transferee != 0;
    }

    /** Whether {@link #ready()} has anything to do. */
    public boolean hasReady() {
        return !raft.softState().equals(prevSoft) || !raft.hardState().equals(prevHard)
                || !raft.log.unstableEntries().isEmpty() || raft.log.pendingSnapshot() != null
                || !raft.msgs.isEmpty() || raft.log.hasNextCommitted() || !raft.readStates.isEmpty();
    }

    /** Takes what to persist, send and apply; the messages and read states move out with it. */
    public Ready ready() {
        SoftState soft = raft.softState();
        HardState hard = raft.hardState();
        Ready rd = new Ready(soft.equals(prevSoft) ? null : soft, hard.equals(prevHard) ? null : hard,
                raft.log.unstableEntries(), raft.log.pendingSnapshot(), List.copyOf(raft.msgs),
                raft.log.nextCommitted(), List.copyOf(raft.readStates));
        raft.msgs.clear();
        raft.readStates.clear();
        if (rd.softState() != null) {
            prevSoft = soft;
        }
        return rd;
    }

    /** The driver persisted and applied {@code rd}. */
    public void advance(Ready rd) {
        if (rd.hardState() != null) {
            prevHard = rd.hardState();
        }
        if (rd.snapshot() != null) {
            raft.log.stableSnapTo(rd.snapshot().meta().index());
        }
        if (!rd.entries().isEmpty()) {
            Entry last = rd.entries().get(rd.entries().size() - 1);
            raft.log.stableTo(last.index(), last.term());
        }
        for (Entry e : rd.committedEntries()) {
            raft.log.appliedTo(e.index());
            applyConfEntry(e);
        }
    }

    private void applyConfEntry(Entry e) {
        if (e.type() != EntryType.CONF_CHANGE) {
            return;
        }
        ConfChange cc;
        try {
            cc = ConfChange.parseFrom(e.data());
        } catch (InvalidProtocolBufferException ex) {
            throw new IllegalStateException("undecodable ConfChange at index " + e.index(), ex);
        }
        long node = cc.getNodeId();
        switch (cc.getType()) {
            case ConfChangeAddNode -> {
                raft.learners.remove(node);
                raft.voters.add(node);
            }
            case ConfChangeAddLearnerNode -> {
                if (!raft.voters.contains(node)) {
                    raft.learners.add(node);
                }
            }
            case ConfChangeRemoveNode -> {
                raft.voters.remove(node);
                raft.learners.remove(node);
            }
            default -> { }
        }
        if (raft.role instanceof Leader leader) {
            if (cc.getType() == io.ketch.proto.raftpb.ConfChangeType.ConfChangeRemoveNode) {
                leader.removeNode(node);
            } else {
                leader.addNode(node);
            }
        }
    }

    /** This node's id. */
    public long id() {
        return raft.id;
    }

    /** The current term. */
    public long term() {
        return raft.term;
    }

    /** The known leader, 0 if none. */
    public long leader() {
        return raft.lead;
    }

    /** This node's role. */
    public StateType state() {
        return raft.role.type();
    }

    /** The highest committed index. */
    public long commitIndex() {
        return raft.log.committed;
    }

    /** The highest index handed out for apply and advanced past. */
    public long appliedIndex() {
        return raft.log.applied;
    }

    /** The last index in the log. */
    public long lastIndex() {
        return raft.log.lastIndex();
    }

    /** The term of an entry, -1 if not in the log. */
    public long term(long index) {
        return raft.log.term(index);
    }

    /**
     * How far a member's log is known to match this leader's (§5.3 matchIndex; etcd's Progress.Match),
     * -1 when this node does not lead or does not track the member.
     */
    public long match(long member) {
        if (raft.role instanceof Leader leader) {
            Progress pr = leader.progress.get(member);
            return pr == null ? -1 : pr.match;
        }
        return -1;
    }

    /** The voter ids. */
    public Set<Long> voters() {
        return Set.copyOf(raft.voters);
    }

    /** The learner ids. */
    public Set<Long> learners() {
        return Set.copyOf(raft.learners);
    }
}
