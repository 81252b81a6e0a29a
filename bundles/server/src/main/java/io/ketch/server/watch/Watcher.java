package io.ketch.server.watch;

import io.ketch.proto.etcdserverpb.WatchCreateRequest;
import io.ketch.proto.etcdserverpb.WatchResponse;
import io.ketch.proto.mvccpb.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * One watcher of a stream, owned by the hub's thread: what it watches, the next revision it still
 * needs ({@code minRev}), which group it is in, and, as a victim, the responses it could not take.
 */
final class Watcher {
    /** etcd's three groups of watchers. */
    enum Group { SYNCED, UNSYNCED, VICTIM }

    final HubStream stream;
    final long id;
    final KeySpan span;
    final boolean prevKv;
    final boolean fragment;
    final boolean progressNotify;
    private final boolean noPut;
    private final boolean noDelete;
    long minRev;
    Group group;
    /** etcd's per-watcher progress flag: a tick sends progress only if no events went out since the last. */
    boolean progressDue = true;
    final List<WatchResponse> pending = new ArrayList<>();

    Watcher(HubStream stream, long id, KeySpan span, WatchCreateRequest r, long minRev) {
        this.stream = stream;
        this.id = id;
        this.span = span;
        this.prevKv = r.getPrevKv();
        this.fragment = r.getFragment();
        this.progressNotify = r.getProgressNotify();
        this.noPut = r.getFiltersList().contains(WatchCreateRequest.FilterType.NOPUT);
        this.noDelete = r.getFiltersList().contains(WatchCreateRequest.FilterType.NODELETE);
        this.minRev = minRev;
    }

    /** Whether the event is for this watcher: its keys, not filtered out, not before minRev. */
    boolean wants(Event e) {
        if (e.getKv().getModRevision() < minRev || !span.contains(e.getKv().getKey().toByteArray())) {
            return false;
        }
        return !(e.getType() == Event.EventType.PUT ? noPut : noDelete);
    }

    /** The events of a batch this watcher wants, in order. */
    List<Event> select(List<Event> events) {
        List<Event> out = new ArrayList<>();
        for (Event e : events) {
            if (wants(e)) {
                out.add(e);
            }
        }
        return out;
    }
}
