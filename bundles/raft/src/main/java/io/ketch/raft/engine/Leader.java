package io.ketch.raft.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The leader: replicates its log (§5.3), advances the commit index (§5.4.2), confirms reads (§6.4). */
final class Leader extends RoleBehaviour {
    final Map<Long, Progress> progress = new HashMap<>();
    final ReadOnlyQueue reads = new ReadOnlyQueue();
    /** Reads asked before an entry of this term committed wait here (§6.4 step 1). */
    final List<ReadOnlyQueue.Released> readsAwaitingCommit = new ArrayList<>();
    /** Voters heard from in the current election timeout (CheckQuorum). */
    private final java.util.Set<Long> recentActive = new java.util.HashSet<>();
    /** The voter leadership is being handed to, 0 if none; proposals are refused meanwhile (etcd's leadTransferee). */
    long transferee;

    Leader(Raft raft) {
        super(raft);
        long last = raft.log.lastIndex();
        for (long id : raft.members()) {
            progress.put(id, new Progress(0, last + 1));
        }
    }

    @Override
    StateType type() {
        return StateType.LEADER;
    }

    @Override
    void tick() {
        if (++raft.electionElapsed >= raft.electionTicks) {
            raft.electionElapsed = 0;
            // a transfer not done within an election timeout is abandoned (etcd does the same)
            transferee = 0;
            if (!quorumActive()) {
                // CheckQuorum (§6.2/§9.6 of the thesis): a leader cut off from a quorum steps down
                raft.becomeFollower(raft.term, 0);
                return;
            }
        }
        if (++raft.heartbeatElapsed >= raft.heartbeatTicks) {
            raft.heartbeatElapsed = 0;
            broadcastHeartbeat(null);
        }
    }

    @Override
    void step(Message m) {
        if (m.type() == MessageType.PROP) {
            // a follower forwarded proposals: they take slots in this leader's log like local ones
            if (!m.entries().isEmpty() && transferee == 0) {
                appendForwarded(m.entries());
                broadcastAppend();
            }
            return;
        }
        if (m.type() == MessageType.READ_INDEX) {
            readIndex(m.from(), m.context());
            return;
        }
        Progress pr = progress.get(m.from());
        if (pr == null) {
            return;
        }
        recentActive.add(m.from());
        switch (m.type()) {
            case APP_RESP -> onAppendResponse(m, pr);
            case HEARTBEAT_RESP -> {
                if (pr.match < raft.log.lastIndex()) {
                    sendAppend(m.from());
                }
                if (m.context() != null) {
                    reads.ack(m.context(), m.from(), raft.voters, raft.quorum()).forEach(this::release);
                }
            }
            default -> { }
        }
    }

    private void onAppendResponse(Message m, Progress pr) {
        if (m.reject()) {
            if (pr.maybeDecrTo(m.index(), m.rejectHint())) {
                sendAppend(m.from());
            }
            return;
        }
        if (pr.maybeUpdate(m.index())) {
            if (maybeCommit()) {
                broadcastAppend();
            } else if (pr.next <= raft.log.lastIndex()) {
                sendAppend(m.from());
            }
            if (m.from() == transferee && pr.match == raft.log.lastIndex()) {
                // the transferee caught up: it may campaign now
                sendTimeoutNow(transferee);
            }
        }
    }

    private boolean quorumActive() {
        recentActive.add(raft.id);
        long active = recentActive.stream().filter(raft.voters::contains).count();
        recentActive.clear();
        return active >= raft.quorum();
    }

    /**
     * Appends forwarded proposals; a conf change while another is pending becomes an empty entry
     * (as etcd does: one change at a time, and its proposer times out).
     */
    private void appendForwarded(List<Entry> entries) {
        for (Entry e : entries) {
            if (e.type() != EntryType.CONF_CHANGE) {
                appendEntries(List.of(e));
            } else if (raft.pendingConfIndex > raft.log.applied) {
                appendEntries(List.of(Entry.normal(0, 0, null)));
            } else {
                raft.pendingConfIndex = appendEntries(List.of(e));
            }
        }
    }

    /** Appends proposals at this term; returns the index of the last one. */
    long appendEntries(List<Entry> entries) {
        long index = raft.log.lastIndex();
        List<Entry> placed = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            placed.add(e.at(++index, raft.term));
        }
        raft.log.append(placed);
        progress.get(raft.id).maybeUpdate(raft.log.lastIndex());
        maybeCommit();
        return index;
    }

    /** §5.3/§5.4.2: the highest index a quorum of voters stores, committed if it is of this term. */
    boolean maybeCommit() {
        List<Long> matches = new ArrayList<>();
        for (long id : raft.voters) {
            Progress pr = progress.get(id);
            matches.add(pr == null ? 0 : pr.match);
        }
        if (matches.isEmpty()) {
            return false;
        }
        matches.sort((a, b) -> Long.compare(b, a));
        boolean moved = raft.log.maybeCommit(matches.get(raft.quorum() - 1), raft.term);
        if (moved && committedInTerm()) {
            List<ReadOnlyQueue.Released> waiting = new ArrayList<>(readsAwaitingCommit);
            readsAwaitingCommit.clear();
            waiting.forEach(r -> readIndex(r.from(), r.context()));
        }
        return moved;
    }

    boolean committedInTerm() {
        return raft.log.term(raft.log.committed) == raft.term;
    }

    /** A read barrier asked by {@code from} (this leader or a follower that forwarded it). */
    void readIndex(long from, byte[] context) {
        if (!committedInTerm()) {
            readsAwaitingCommit.add(new ReadOnlyQueue.Released(0, context, from));
        } else if (raft.voters.size() == 1 && raft.voters.contains(raft.id)) {
            // a single voter is its own quorum: the commit index is confirmed as it stands
            release(new ReadOnlyQueue.Released(raft.log.committed, context, from));
        } else {
            reads.add(raft.log.committed, context, raft.id, from);
            broadcastHeartbeat(context);
        }
    }

    /** A confirmed read: released here, or answered to the follower that asked (etcd's MsgReadIndexResp). */
    private void release(ReadOnlyQueue.Released r) {
        if (r.from() == raft.id) {
            raft.readStates.add(new ReadState(r.index(), r.context()));
        } else {
            raft.send(Message.of(MessageType.READ_INDEX_RESP, raft.id, r.from(), raft.term)
                    .withIndex(0, r.index()).withCommit(0, r.context()));
        }
    }

    void broadcastAppend() {
        for (long id : progress.keySet()) {
            if (id != raft.id) {
                sendAppend(id);
            }
        }
    }

    void broadcastHeartbeat(byte[] context) {
        for (Map.Entry<Long, Progress> e : progress.entrySet()) {
            if (e.getKey() != raft.id) {
                long commit = Math.min(e.getValue().match, raft.log.committed);
                raft.send(Message.of(MessageType.HEARTBEAT, raft.id, e.getKey(), raft.term).withCommit(commit, context));
            }
        }
    }

    /** Sends the entries a follower lacks, or the snapshot when they were compacted away (§7). */
    void sendAppend(long to) {
        Progress pr = progress.get(to);
        long prevIndex = pr.next - 1;
        long prevTerm = raft.log.term(prevIndex);
        if (prevTerm < 0 || pr.next < raft.log.firstIndex()) {
            // The snapshot is labelled with the index its data was taken at, which may be past the
            // compaction point: a follower must never replay entries its snapshot already holds.
            Snapshot snap = raft.snapshotFor(raft.log.storageSnapshot());
            raft.send(Message.of(MessageType.SNAP, raft.id, to, raft.term).withSnapshot(snap));
            pr.next = snap.meta().index() + 1;
            return;
        }
        long hi = Math.min(raft.log.lastIndex() + 1, pr.next + raft.maxEntriesPerMessage);
        List<Entry> entries = raft.log.slice(pr.next, hi);
        raft.send(Message.of(MessageType.APP, raft.id, to, raft.term).withIndex(prevTerm, prevIndex)
                .withEntries(entries, raft.log.committed));
        // optimistic pipelining: the next append starts after what is in flight
        if (!entries.isEmpty()) {
            pr.next = entries.get(entries.size() - 1).index() + 1;
        }
    }

    /** Starts handing leadership to a voter (etcd's MsgTransferLeader); false if it is not one. */
    boolean transfer(long target) {
        if (target == raft.id || !raft.voters.contains(target) || progress.get(target) == null) {
            return false;
        }
        transferee = target;
        // the transfer must finish within one election timeout
        raft.electionElapsed = 0;
        if (progress.get(target).match == raft.log.lastIndex()) {
            sendTimeoutNow(target);
        } else {
            sendAppend(target);
        }
        return true;
    }

    private void sendTimeoutNow(long to) {
        raft.send(Message.of(MessageType.TIMEOUT_NOW, raft.id, to, raft.term));
    }

    void addNode(long id) {
        progress.putIfAbsent(id, new Progress(0, raft.log.lastIndex() + 1));
    }

    void removeNode(long id) {
        progress.remove(id);
        if (maybeCommit()) {
            broadcastAppend();
        }
    }
}
