package io.ketch.server.watch;

import io.ketch.proto.etcdserverpb.WatchCreateRequest;
import io.ketch.proto.etcdserverpb.WatchRequest;
import io.ketch.proto.etcdserverpb.WatchResponse;
import io.ketch.proto.mvccpb.Event;
import io.ketch.proto.mvccpb.KeyValue;
import io.ketch.spi.etcd.WatchListener;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * etcd's watchable store and server watch streams in one: watchers at the hub's revision are
 * {@code synced} and get each committed batch as it arrives; a watcher that starts in the past is
 * {@code unsynced} and catches up from the MVCC history in chunks, then joins synced; a synced
 * watcher whose client is not ready becomes a {@code victim} that keeps its undelivered responses and
 * catches up again once the client is ready. Not thread-safe: one thread (the service's) calls
 * everything, so a watcher's responses go out in order and nothing here ever waits for a client.
 *
 * <p>Revision {@link #revision()} is the last batch the hub has delivered; catch-up reads history
 * only up to it, and later batches reach the watcher live, so nothing is missed or repeated.
 */
public final class WatchHub {
    /** etcd's watchBatchMaxRevs: at most this many revisions of history per catch-up step. */
    static final int CHUNK_REVS = 1000;
    static final String DUPLICATE_ID = "mvcc: duplicate watch ID provided on the WatchStream";
    static final String EMPTY_RANGE = "mvcc: watcher range is empty";

    private final History history;
    private final HeaderSource headers;
    private final long maxRequestBytes;
    private long rev;
    private final WatcherGroup synced = new WatcherGroup();
    private final WatcherGroup unsynced = new WatcherGroup();
    private final WatcherGroup victims = new WatcherGroup();
    private final Set<HubStream> streams = new LinkedHashSet<>();

    /** A hub whose history ends at revision (the store's revision when it starts listening). */
    public WatchHub(History history, HeaderSource headers, long maxRequestBytes, long revision) {
        this.history = history;
        this.headers = headers;
        this.maxRequestBytes = maxRequestBytes;
        this.rev = revision;
    }

    /** The revision of the last batch the hub delivered. */
    public long revision() {
        return rev;
    }

    /** A stream whose requests run on hubThread, the one thread that calls this hub. */
    public io.ketch.spi.etcd.WatchStream open(Executor hubThread, WatchListener listener) {
        HubStream s = new HubStream(this, hubThread, listener);
        hubThread.execute(() -> streams.add(s));
        return s;
    }

    /** Whether any watcher waits for history or for its client. */
    public boolean hasBacklog() {
        return !unsynced.isEmpty() || !victims.isEmpty();
    }

    void handle(HubStream s, WatchRequest r) {
        if (s.closed) {
            return;
        }
        switch (r.getRequestUnionCase()) {
            case CREATE_REQUEST -> create(s, r.getCreateRequest());
            case CANCEL_REQUEST -> cancel(s, r.getCancelRequest().getWatchId());
            // not tied to a watcher: etcd answers with watch id -1 (clientv3.InvalidWatchID)
            case PROGRESS_REQUEST -> s.deliver(WatchResponse.newBuilder().setHeader(headers.header(rev))
                    .setWatchId(-1).build());
            default -> { }
        }
    }

    private void create(HubStream s, WatchCreateRequest r) {
        KeySpan span = KeySpan.of(r.getKey().toByteArray(), r.getRangeEnd().toByteArray());
        String error = span.isEmptyRange() ? EMPTY_RANGE : null;
        long id = r.getWatchId();
        if (error == null && id == 0) {
            while (s.watchers.containsKey(s.nextId)) {
                s.nextId++;
            }
            id = s.nextId++;
        } else if (error == null && s.watchers.containsKey(id)) {
            error = DUPLICATE_ID;
        }
        WatchResponse.Builder created = WatchResponse.newBuilder().setHeader(headers.header(rev)).setCreated(true);
        if (error != null) {
            s.deliver(created.setWatchId(-1).setCanceled(true).setCancelReason(error).build());
            return;
        }
        long start = r.getStartRevision() == 0 ? rev + 1 : r.getStartRevision();
        Watcher w = new Watcher(s, id, span, r, start);
        s.watchers.put(id, w);
        s.deliver(created.setWatchId(id).build());
        join(w, start > rev ? Watcher.Group.SYNCED : Watcher.Group.UNSYNCED);
    }

    private void cancel(HubStream s, long id) {
        Watcher w = s.watchers.remove(id);
        if (w == null) {
            return; // etcd ignores a cancel of an unknown id
        }
        leave(w);
        s.deliver(WatchResponse.newBuilder().setHeader(headers.header(rev)).setWatchId(id).setCanceled(true).build());
    }

    void close(HubStream s) {
        s.closed = true;
        s.watchers.values().forEach(this::leave);
        s.watchers.clear();
        streams.remove(s);
    }

    /** A committed batch (possibly several revisions): one response per revision to each synced watcher. */
    public void committed(List<Event> events, long revision) {
        if (!events.isEmpty() && events.get(0).getKv().getModRevision() > rev + 1) {
            resync(revision);
            return;
        }
        int from = 0;
        while (from < events.size()) {
            long r = events.get(from).getKv().getModRevision();
            int to = from;
            while (to < events.size() && events.get(to).getKv().getModRevision() == r) {
                to++;
            }
            notify(events.subList(from, to), r);
            from = to;
        }
        rev = Math.max(rev, revision);
    }

    /**
     * The store moved on without telling (a snapshot restored under it): as etcd's Restore, every
     * synced watcher goes back to unsynced and catches up from the store as it is now.
     */
    private void resync(long revision) {
        for (Watcher w : synced.watchers()) {
            move(w, Watcher.Group.UNSYNCED);
        }
        rev = Math.max(rev, revision);
    }

    /** etcd's notify: a watcher that cannot take its response becomes a victim and keeps it. */
    private void notify(List<Event> events, long r) {
        for (Map.Entry<Watcher, List<Event>> m : synced.match(events).entrySet()) {
            Watcher w = m.getKey();
            WatchResponse response = eventResponse(w, m.getValue(), r);
            if (w.stream.isReady()) {
                send(w, response);
            } else {
                w.minRev = r + 1;
                move(w, Watcher.Group.VICTIM);
                w.pending.add(response);
            }
        }
    }

    /**
     * One catch-up step for the unsynced watchers whose clients are ready: at most
     * {@link #CHUNK_REVS} revisions of history from the oldest one needed, read in one view.
     *
     * @return whether it sent history and unsynced watchers remain (another step can go at once)
     */
    public boolean syncUnsynced() {
        if (unsynced.isEmpty()) {
            return false;
        }
        boolean sent = history.read(view -> {
            List<Watcher> ready = new ArrayList<>();
            long min = Long.MAX_VALUE;
            for (Watcher w : unsynced.watchers()) {
                if (w.minRev < view.compactRevision()) {
                    compacted(w, view.compactRevision());
                } else if (w.minRev > rev) {
                    move(w, Watcher.Group.SYNCED);
                } else if (w.stream.isReady()) {
                    ready.add(w);
                    min = Math.min(min, w.minRev);
                }
            }
            if (!ready.isEmpty()) {
                catchUp(view, ready, min, Math.min(rev, min + CHUNK_REVS - 1));
            }
            return !ready.isEmpty();
        });
        return sent && !unsynced.isEmpty();
    }

    /**
     * Ends every stream: the service is stopping. With an error (etcd's "server stopped", gRPC
     * UNAVAILABLE), as a stopping etcd's streams end, so clients resume their watches elsewhere or
     * later instead of taking a normal end for the watch being over.
     */
    public void shutdown() {
        for (HubStream s : List.copyOf(streams)) {
            close(s);
            try {
                s.listener.onClose(io.ketch.spi.etcd.EtcdError.STOPPED.exception());
            } catch (RuntimeException ignored) {
                // the client is gone already
            }
        }
    }

    private void catchUp(History.View view, List<Watcher> ready, long from, long to) {
        List<Event> events = view.events(from, to);
        for (Watcher w : ready) {
            if (w.minRev > to) {
                continue;
            }
            List<Event> mine = w.select(events);
            if (!mine.isEmpty()) {
                send(w, withPrevKv(view, w, WatchResponse.newBuilder().setHeader(headers.header(rev))
                        .setWatchId(w.id).addAllEvents(mine)).build());
            }
            w.minRev = to + 1;
            if (to == rev) {
                move(w, Watcher.Group.SYNCED);
            }
        }
    }

    /** etcd's chooseAll on a compacted start: the watcher ends with the compact revision, its id stays taken. */
    private void compacted(Watcher w, long compactRev) {
        leave(w);
        w.stream.deliver(WatchResponse.newBuilder().setHeader(headers.header(0)).setWatchId(w.id)
                .setCompactRevision(compactRev).setCanceled(true).build());
    }

    /** etcd's syncVictims: a victim whose client is ready again gets what it kept, then catches up. */
    public void retryVictims() {
        for (Watcher w : victims.watchers()) {
            if (!w.stream.isReady()) {
                continue;
            }
            List<WatchResponse> kept = new ArrayList<>(w.pending);
            w.pending.clear();
            kept.forEach(r -> send(w, r));
            move(w, w.minRev > rev ? Watcher.Group.SYNCED : Watcher.Group.UNSYNCED);
        }
    }

    /**
     * etcd's progress ticker, for every stream: a synced watcher with progress_notify that got no
     * events since the last tick gets a response with the current revision and no events.
     */
    public void progressTick() {
        for (HubStream s : List.copyOf(streams)) {
            for (Watcher w : List.copyOf(s.watchers.values())) {
                if (!w.progressNotify) {
                    continue;
                }
                if (w.progressDue && w.group == Watcher.Group.SYNCED) {
                    s.deliver(WatchResponse.newBuilder().setHeader(headers.header(rev)).setWatchId(w.id).build());
                }
                w.progressDue = true;
            }
        }
    }

    private WatchResponse eventResponse(Watcher w, List<Event> events, long r) {
        WatchResponse.Builder b = WatchResponse.newBuilder().setHeader(headers.header(r)).setWatchId(w.id)
                .addAllEvents(events);
        if (w.prevKv) {
            history.read(view -> withPrevKv(view, w, b));
        }
        return b.build();
    }

    /** etcd's sendLoop: the value at rev-1 of every event that is not a creation. */
    private static WatchResponse.Builder withPrevKv(History.View view, Watcher w, WatchResponse.Builder b) {
        if (!w.prevKv) {
            return b;
        }
        for (int i = 0; i < b.getEventsCount(); i++) {
            Event e = b.getEvents(i);
            boolean create = e.getType() == Event.EventType.PUT
                    && e.getKv().getCreateRevision() == e.getKv().getModRevision();
            if (!create) {
                KeyValue prev = view.valueAt(e.getKv().getKey().toByteArray(), e.getKv().getModRevision() - 1);
                if (prev != null) {
                    b.setEvents(i, e.toBuilder().setPrevKv(prev));
                }
            }
        }
        return b;
    }

    private void send(Watcher w, WatchResponse r) {
        for (WatchResponse part : w.fragment ? Fragments.split(r, maxRequestBytes) : List.of(r)) {
            w.stream.deliver(part);
        }
        if (r.getEventsCount() > 0) {
            w.progressDue = false;
        }
    }

    private void join(Watcher w, Watcher.Group g) {
        w.group = g;
        group(g).add(w);
    }

    private void move(Watcher w, Watcher.Group g) {
        leave(w);
        join(w, g);
    }

    private void leave(Watcher w) {
        if (w.group != null) {
            group(w.group).remove(w);
            w.group = null;
        }
        w.pending.clear();
    }

    private WatcherGroup group(Watcher.Group g) {
        return switch (g) {
            case SYNCED -> synced;
            case UNSYNCED -> unsynced;
            case VICTIM -> victims;
        };
    }
}
