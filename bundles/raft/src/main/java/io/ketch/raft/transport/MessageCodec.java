package io.ketch.raft.transport;

import com.google.protobuf.ByteString;
import io.ketch.proto.raftpb.ConfState;
import io.ketch.proto.raftpb.EntryType;
import io.ketch.proto.raftpb.MessageType;
import io.ketch.proto.raftpb.SnapshotMetadata;
import io.ketch.raft.engine.Entry;
import io.ketch.raft.engine.Message;
import io.ketch.raft.engine.Snapshot;
import io.ketch.raft.engine.SnapshotMeta;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** Converts the engine's messages to etcd's wire message ({@code raftpb.Message}) and back. */
public final class MessageCodec {
    private MessageCodec() {
    }

    /** The raftpb form of an engine message. */
    public static io.ketch.proto.raftpb.Message toProto(Message m) {
        io.ketch.proto.raftpb.Message.Builder b = io.ketch.proto.raftpb.Message.newBuilder()
                .setType(toProto(m.type())).setTo(m.to()).setFrom(m.from()).setTerm(m.term())
                .setLogTerm(m.logTerm()).setIndex(m.index()).setCommit(m.commit())
                .setReject(m.reject()).setRejectHint(m.rejectHint());
        for (Entry e : m.entries()) {
            b.addEntries(io.ketch.proto.raftpb.Entry.newBuilder().setIndex(e.index()).setTerm(e.term())
                    .setType(e.type() == io.ketch.raft.engine.EntryType.CONF_CHANGE ? EntryType.EntryConfChange : EntryType.EntryNormal)
                    .setData(ByteString.copyFrom(e.data())));
        }
        if (m.context() != null) {
            b.setContext(ByteString.copyFrom(m.context()));
        }
        if (m.snapshot() != null) {
            SnapshotMeta meta = m.snapshot().meta();
            b.setSnapshot(io.ketch.proto.raftpb.Snapshot.newBuilder().setData(ByteString.copyFrom(m.snapshot().data()))
                    .setMetadata(SnapshotMetadata.newBuilder().setIndex(meta.index()).setTerm(meta.term())
                            .setConfState(ConfState.newBuilder().addAllVoters(meta.voters()).addAllLearners(meta.learners()))));
        }
        return b.build();
    }

    /** The engine form of a raftpb message; an unsupported type is refused. */
    public static Message fromProto(io.ketch.proto.raftpb.Message p) {
        List<Entry> entries = new ArrayList<>(p.getEntriesCount());
        for (io.ketch.proto.raftpb.Entry e : p.getEntriesList()) {
            io.ketch.raft.engine.EntryType type = switch (e.getType()) {
                case EntryNormal -> io.ketch.raft.engine.EntryType.NORMAL;
                case EntryConfChange -> io.ketch.raft.engine.EntryType.CONF_CHANGE;
                default -> throw new IllegalArgumentException("unsupported entry type " + e.getType());
            };
            entries.add(new Entry(e.getIndex(), e.getTerm(), type, e.getData().toByteArray()));
        }
        Snapshot snap = null;
        if (p.hasSnapshot()) {
            SnapshotMetadata md = p.getSnapshot().getMetadata();
            snap = new Snapshot(new SnapshotMeta(md.getIndex(), md.getTerm(),
                    new HashSet<>(md.getConfState().getVotersList()), new HashSet<>(md.getConfState().getLearnersList())),
                    p.getSnapshot().getData().toByteArray());
        }
        return new Message(fromProto(p.getType()), p.getFrom(), p.getTo(), p.getTerm(), p.getLogTerm(), p.getIndex(),
                entries, p.getCommit(), p.getReject(), p.getRejectHint(),
                p.hasContext() ? p.getContext().toByteArray() : null, snap);
    }

    static MessageType toProto(io.ketch.raft.engine.MessageType t) {
        return switch (t) {
            case VOTE -> MessageType.MsgVote;
            case VOTE_RESP -> MessageType.MsgVoteResp;
            case APP -> MessageType.MsgApp;
            case APP_RESP -> MessageType.MsgAppResp;
            case HEARTBEAT -> MessageType.MsgHeartbeat;
            case HEARTBEAT_RESP -> MessageType.MsgHeartbeatResp;
            case SNAP -> MessageType.MsgSnap;
            case PROP -> MessageType.MsgProp;
            case READ_INDEX -> MessageType.MsgReadIndex;
            case READ_INDEX_RESP -> MessageType.MsgReadIndexResp;
            case TIMEOUT_NOW -> MessageType.MsgTimeoutNow;
        };
    }

    static io.ketch.raft.engine.MessageType fromProto(MessageType t) {
        return switch (t) {
            case MsgVote -> io.ketch.raft.engine.MessageType.VOTE;
            case MsgVoteResp -> io.ketch.raft.engine.MessageType.VOTE_RESP;
            case MsgApp -> io.ketch.raft.engine.MessageType.APP;
            case MsgAppResp -> io.ketch.raft.engine.MessageType.APP_RESP;
            case MsgHeartbeat -> io.ketch.raft.engine.MessageType.HEARTBEAT;
            case MsgHeartbeatResp -> io.ketch.raft.engine.MessageType.HEARTBEAT_RESP;
            case MsgSnap -> io.ketch.raft.engine.MessageType.SNAP;
            case MsgProp -> io.ketch.raft.engine.MessageType.PROP;
            case MsgReadIndex -> io.ketch.raft.engine.MessageType.READ_INDEX;
            case MsgReadIndexResp -> io.ketch.raft.engine.MessageType.READ_INDEX_RESP;
            case MsgTimeoutNow -> io.ketch.raft.engine.MessageType.TIMEOUT_NOW;
            default -> throw new IllegalArgumentException("unsupported raft message type " + t);
        };
    }
}
