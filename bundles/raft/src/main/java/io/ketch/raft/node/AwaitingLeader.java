package io.ketch.raft.node;

import io.ketch.spi.consensus.ConsensusException;
import io.ketch.spi.consensus.ConsensusException.Reason;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Requests that arrived while no leader was known: retried once one is, failed at their deadline. Loop thread only. */
final class AwaitingLeader {
    private record Parked(Request request, long deadline) {
    }

    private final List<Parked> parked = new ArrayList<>();

    void park(Request r, long deadline) {
        parked.add(new Parked(r, deadline));
    }

    /** Takes every parked request (a leader is known now). */
    List<Request> drain() {
        List<Request> out = new ArrayList<>(parked.size());
        parked.forEach(p -> out.add(p.request()));
        parked.clear();
        return out;
    }

    /** Fails the requests whose deadline passed with etcd's "request timed out". */
    void expire(long now) {
        Iterator<Parked> it = parked.iterator();
        while (it.hasNext()) {
            Parked p = it.next();
            if (now - p.deadline() >= 0) {
                it.remove();
                p.request().fail(new ConsensusException(Reason.TIMEOUT, "etcdserver: request timed out"));
            }
        }
    }
}
