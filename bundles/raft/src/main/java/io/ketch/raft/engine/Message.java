package io.ketch.raft.engine;

import java.util.List;

/**
 * A message between two Raft nodes. One shape for all types, as etcd's raftpb.Message, so a
 * transport can carry it without knowing the protocol.
 *
 * @param type       what it is
 * @param from       sender id
 * @param to         receiver id
 * @param term       the sender's term
 * @param logTerm    VOTE: last log term; APP: term of the entry before {@code entries}
 * @param index      VOTE: last log index; APP: index before {@code entries}; APP_RESP: match or rejected index
 * @param entries    APP: entries to append
 * @param commit     APP/HEARTBEAT: the leader's commit index
 * @param reject     a refused vote or append
 * @param rejectHint APP_RESP reject: the follower's last index, so the leader backs up fast
 * @param context    HEARTBEAT(_RESP): the read-index request this round confirms
 * @param snapshot   SNAP: the snapshot
 */
public record Message(MessageType type, long from, long to, long term, long logTerm, long index,
                      List<Entry> entries, long commit, boolean reject, long rejectHint,
                      byte[] context, Snapshot snapshot) {
    public Message {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    static Message of(MessageType type, long from, long to, long term) {
        return new Message(type, from, to, term, 0, 0, List.of(), 0, false, 0, null, null);
    }

    Message withIndex(long logTerm, long index) {
        return new Message(type, from, to, term, logTerm, index, entries, commit, reject, rejectHint, context, snapshot);
    }

    Message withEntries(List<Entry> ents, long commitIndex) {
        return new Message(type, from, to, term, logTerm, index, ents, commitIndex, reject, rejectHint, context, snapshot);
    }

    Message withReject(boolean rej, long hint) {
        return new Message(type, from, to, term, logTerm, index, entries, commit, rej, hint, context, snapshot);
    }

    Message withCommit(long commitIndex, byte[] ctx) {
        return new Message(type, from, to, term, logTerm, index, entries, commitIndex, reject, rejectHint, ctx, snapshot);
    }

    Message withSnapshot(Snapshot snap) {
        return new Message(type, from, to, term, logTerm, index, entries, commit, reject, rejectHint, context, snap);
    }
}
