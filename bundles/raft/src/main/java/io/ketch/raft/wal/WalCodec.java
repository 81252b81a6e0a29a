package io.ketch.raft.wal;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.ketch.proto.raftpb.ConfState;
import io.ketch.proto.raftpb.SnapshotMetadata;
import io.ketch.raft.engine.Entry;
import io.ketch.raft.engine.EntryType;
import io.ketch.raft.engine.HardState;
import io.ketch.raft.engine.SnapshotMeta;
import java.nio.ByteBuffer;
import java.util.HashSet;

/**
 * The payload encodings of WAL records: etcd's raftpb messages (Entry, HardState,
 * SnapshotMetadata), so a record reads the same as etcd's WAL content.
 */
final class WalCodec {
    static final byte HARD_STATE = 1;
    static final byte ENTRY = 2;
    static final byte SNAPSHOT = 3;
    static final byte METADATA = 4;

    private WalCodec() {
    }

    static byte[] entry(Entry e) {
        return io.ketch.proto.raftpb.Entry.newBuilder().setTerm(e.term()).setIndex(e.index())
                .setType(e.type() == EntryType.CONF_CHANGE ? io.ketch.proto.raftpb.EntryType.EntryConfChange
                        : io.ketch.proto.raftpb.EntryType.EntryNormal)
                .setData(ByteString.copyFrom(e.data())).build().toByteArray();
    }

    static Entry entry(ByteBuffer b) throws InvalidProtocolBufferException {
        io.ketch.proto.raftpb.Entry e = io.ketch.proto.raftpb.Entry.parseFrom(b);
        EntryType type = e.getType() == io.ketch.proto.raftpb.EntryType.EntryConfChange ? EntryType.CONF_CHANGE : EntryType.NORMAL;
        return new Entry(e.getIndex(), e.getTerm(), type, e.getData().toByteArray());
    }

    static byte[] hardState(HardState hs) {
        return io.ketch.proto.raftpb.HardState.newBuilder().setTerm(hs.term()).setVote(hs.vote())
                .setCommit(hs.commit()).build().toByteArray();
    }

    static HardState hardState(ByteBuffer b) throws InvalidProtocolBufferException {
        io.ketch.proto.raftpb.HardState hs = io.ketch.proto.raftpb.HardState.parseFrom(b);
        return new HardState(hs.getTerm(), hs.getVote(), hs.getCommit());
    }

    static byte[] snapshot(SnapshotMeta meta) {
        ConfState cs = ConfState.newBuilder().addAllVoters(meta.voters()).addAllLearners(meta.learners()).build();
        return SnapshotMetadata.newBuilder().setIndex(meta.index()).setTerm(meta.term()).setConfState(cs)
                .build().toByteArray();
    }

    static SnapshotMeta snapshot(ByteBuffer b) throws InvalidProtocolBufferException {
        SnapshotMetadata m = SnapshotMetadata.parseFrom(b);
        return new SnapshotMeta(m.getIndex(), m.getTerm(), new HashSet<>(m.getConfState().getVotersList()),
                new HashSet<>(m.getConfState().getLearnersList()));
    }
}
