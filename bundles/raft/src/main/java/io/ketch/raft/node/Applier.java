package io.ketch.raft.node;

import io.ketch.proto.raftpb.ConfChange;
import io.ketch.raft.engine.Entry;
import io.ketch.raft.engine.EntryType;
import io.ketch.raft.membership.Membership;
import io.ketch.spi.consensus.LogEntry;
import io.ketch.spi.consensus.StateMachine;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies committed entries: configuration changes to the membership, commands (out of their
 * {@link Envelope}) to the state machine in one batch, and finds the futures this member owes for
 * them: its own proposals by (member, seq), its own conf changes by the ConfChange id.
 */
final class Applier {
    private final StateMachine sm;
    private final Membership membership;
    private final Waiters waiters;
    private final long memberId;
    private boolean removedSelf;

    Applier(StateMachine sm, Membership membership, Waiters waiters, long memberId) {
        this.sm = sm;
        this.membership = membership;
        this.waiters = waiters;
        this.memberId = memberId;
    }

    /** Applies a batch; returns the proposer completions to run once the engine advanced. */
    List<Runnable> apply(List<Entry> committed) {
        if (committed.isEmpty()) {
            return List.of();
        }
        List<LogEntry> batch = new ArrayList<>(committed.size());
        List<Object> confResults = new ArrayList<>(committed.size());
        List<Envelope> envelopes = new ArrayList<>(committed.size());
        long smApplied = sm.appliedIndex();
        for (Entry e : committed) {
            boolean conf = e.type() == EntryType.CONF_CHANGE;
            if (conf && removes(e.data(), memberId)) {
                removedSelf = true;
            }
            confResults.add(conf ? membership.apply(e.data()) : null);
            Envelope env = conf ? null : Envelope.unwrap(e.data());
            envelopes.add(env);
            if (e.index() > smApplied) {
                byte[] cmd = conf || e.data().length == 0 ? null : env.command();
                batch.add(new LogEntry(e.index(), e.term(), cmd));
            }
        }
        List<Object> results = batch.isEmpty() ? List.of() : sm.apply(batch);
        int offset = committed.size() - batch.size();
        List<Runnable> completions = new ArrayList<>(committed.size());
        for (int i = 0; i < committed.size(); i++) {
            Entry e = committed.get(i);
            Object result = e.type() == EntryType.CONF_CHANGE ? confResults.get(i)
                    : i >= offset && i - offset < results.size() ? results.get(i - offset) : null;
            Envelope env = envelopes.get(i);
            if (env == null) {
                long id = confChangeId(e.data());
                completions.add(() -> waiters.confApplied(id, result));
            } else if (env.member() == memberId) {
                completions.add(() -> waiters.proposalApplied(env.seq(), result));
            }
        }
        return completions;
    }

    /** Whether a batch applied so far removed this member from the cluster. */
    boolean removedSelf() {
        return removedSelf;
    }

    private static boolean removes(byte[] data, long member) {
        try {
            ConfChange cc = ConfChange.parseFrom(data);
            return cc.getType() == io.ketch.proto.raftpb.ConfChangeType.ConfChangeRemoveNode && cc.getNodeId() == member;
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return false;
        }
    }

    private static long confChangeId(byte[] data) {
        try {
            return ConfChange.parseFrom(data).getId();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return 0;
        }
    }
}
