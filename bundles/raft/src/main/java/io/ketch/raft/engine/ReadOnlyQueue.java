package io.ketch.raft.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The leader's pending ReadIndex requests (§6.4): each waits for a quorum of heartbeat acks that
 * carry its context; an ack for one request confirms every request queued before it. A request
 * remembers who asked (the leader itself or a follower that forwarded it).
 */
final class ReadOnlyQueue {
    /** A confirmed request: {@code index} may be read by {@code from} once applied. */
    record Released(long index, byte[] context, long from) {
    }

    private record Pending(long index, byte[] context, long from, Set<Long> acks) {
    }

    private final Map<String, Pending> pending = new LinkedHashMap<>();

    void add(long index, byte[] context, long self, long from) {
        Set<Long> acks = new HashSet<>();
        acks.add(self);
        pending.putIfAbsent(key(context), new Pending(index, context, from, acks));
    }

    /** Records an ack; returns the requests a quorum now confirmed, oldest first. */
    List<Released> ack(byte[] context, long from, Set<Long> voters, int quorum) {
        Pending p = pending.get(key(context));
        List<Released> released = new ArrayList<>();
        if (p == null) {
            return released;
        }
        p.acks().add(from);
        if (p.acks().stream().filter(voters::contains).count() < quorum) {
            return released;
        }
        Iterator<Pending> it = pending.values().iterator();
        while (it.hasNext()) {
            Pending q = it.next();
            it.remove();
            released.add(new Released(q.index(), q.context(), q.from()));
            if (q == p) {
                break;
            }
        }
        return released;
    }

    void clear() {
        pending.clear();
    }

    private static String key(byte[] context) {
        return Arrays.toString(context);
    }
}
