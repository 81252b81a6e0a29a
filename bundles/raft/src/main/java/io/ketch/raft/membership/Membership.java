package io.ketch.raft.membership;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.ketch.proto.raftpb.ConfChange;
import io.ketch.proto.raftpb.ConfChangeType;
import io.ketch.spi.consensus.Member;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster's members with their URLs, kept in step with the configuration-change entries the
 * log applies. Thread-safe: the raft loop writes, any thread reads.
 */
public final class Membership {
    private final Map<Long, Member> members = new TreeMap<>(Long::compareUnsigned);

    /** A ConfChange entry's bytes that adds (or, for learners, adds as learner) a member. */
    public static byte[] addChange(Member m) {
        ConfChangeType type = m.learner() ? ConfChangeType.ConfChangeAddLearnerNode : ConfChangeType.ConfChangeAddNode;
        return change(type, m.id(), MembershipCodec.toJson(m));
    }

    public static byte[] removeChange(long id) {
        return change(ConfChangeType.ConfChangeRemoveNode, id, null);
    }

    public static byte[] updateChange(Member m) {
        return change(ConfChangeType.ConfChangeUpdateNode, m.id(), MembershipCodec.toJson(m));
    }

    /** Promotion is an AddNode for a member that is a learner (etcd 3.4). */
    public static byte[] promoteChange(Member m) {
        Member voter = new Member(m.id(), m.name(), m.peerUrls(), m.clientUrls(), false);
        return change(ConfChangeType.ConfChangeAddNode, m.id(), MembershipCodec.toJson(voter));
    }

    private static byte[] change(ConfChangeType type, long id, String context) {
        ConfChange.Builder b = ConfChange.newBuilder().setType(type).setNodeId(id);
        if (context != null) {
            b.setContext(ByteString.copyFrom(context, StandardCharsets.UTF_8));
        }
        return b.build().toByteArray();
    }

    /** Applies a committed ConfChange; returns the member it concerns (null if removed). */
    public synchronized Member apply(byte[] confChange) {
        ConfChange cc;
        try {
            cc = ConfChange.parseFrom(confChange);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("undecodable ConfChange", e);
        }
        long id = cc.getNodeId();
        Member existing = members.get(id);
        switch (cc.getType()) {
            case ConfChangeRemoveNode -> {
                members.remove(id);
                return null;
            }
            case ConfChangeAddNode, ConfChangeAddLearnerNode, ConfChangeUpdateNode -> {
                Member fromCtx = cc.getContext().isEmpty() ? existing
                        : MembershipCodec.fromJson(cc.getContext().toStringUtf8());
                if (fromCtx == null) {
                    return null;
                }
                boolean learner = cc.getType() == ConfChangeType.ConfChangeAddLearnerNode
                        || (cc.getType() == ConfChangeType.ConfChangeUpdateNode && existing != null && existing.learner());
                String name = existing != null && fromCtx.name().isEmpty() ? existing.name() : fromCtx.name();
                List<String> clients = existing != null ? existing.clientUrls() : fromCtx.clientUrls();
                Member m = new Member(id, name, fromCtx.peerUrls(), clients, learner);
                members.put(id, m);
                return m;
            }
            default -> {
                return existing;
            }
        }
    }

    /** Sets a member's name and client URLs (what etcd's publish does). */
    public synchronized void setAttributes(long id, String name, List<String> clientUrls) {
        Member m = members.get(id);
        if (m != null) {
            members.put(id, new Member(id, name, m.peerUrls(), clientUrls, m.learner()));
        }
    }

    public synchronized void replaceAll(List<Member> all) {
        members.clear();
        all.forEach(m -> members.put(m.id(), m));
    }

    public synchronized List<Member> list() {
        return List.copyOf(new ArrayList<>(members.values()));
    }

    /** The member ids. */
    public synchronized List<Long> ids() {
        return List.copyOf(members.keySet());
    }

    public synchronized Member get(long id) {
        return members.get(id);
    }

    /** Whether some member already uses one of these peer URLs. */
    public synchronized boolean peerUrlTaken(List<String> urls, long except) {
        return members.values().stream().anyMatch(m -> m.id() != except && m.peerUrls().stream().anyMatch(urls::contains));
    }
}
