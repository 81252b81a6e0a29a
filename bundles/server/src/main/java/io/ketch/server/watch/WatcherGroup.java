package io.ketch.server.watch;

import com.google.protobuf.ByteString;
import io.ketch.proto.mvccpb.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * etcd's watcherGroup: single-key watchers found by key, range watchers checked one by one.
 * Iteration follows insertion order, so delivery order is stable.
 */
final class WatcherGroup {
    private final Map<ByteString, Set<Watcher>> byKey = new HashMap<>();
    private final Set<Watcher> ranges = new LinkedHashSet<>();
    private final Set<Watcher> all = new LinkedHashSet<>();

    void add(Watcher w) {
        if (!all.add(w)) {
            return;
        }
        if (w.span.isSingleKey()) {
            byKey.computeIfAbsent(ByteString.copyFrom(w.span.key()), k -> new LinkedHashSet<>()).add(w);
        } else {
            ranges.add(w);
        }
    }

    boolean remove(Watcher w) {
        if (!all.remove(w)) {
            return false;
        }
        if (w.span.isSingleKey()) {
            ByteString k = ByteString.copyFrom(w.span.key());
            Set<Watcher> s = byKey.get(k);
            s.remove(w);
            if (s.isEmpty()) {
                byKey.remove(k);
            }
        } else {
            ranges.remove(w);
        }
        return true;
    }

    boolean isEmpty() {
        return all.isEmpty();
    }

    /** A copy, safe to iterate while watchers move between groups. */
    List<Watcher> watchers() {
        return new ArrayList<>(all);
    }

    /** etcd's newWatcherBatch: for each watcher, the events of the batch it wants, in order. */
    Map<Watcher, List<Event>> match(List<Event> events) {
        Map<Watcher, List<Event>> out = new LinkedHashMap<>();
        for (Event e : events) {
            Set<Watcher> exact = byKey.get(e.getKv().getKey());
            if (exact != null) {
                for (Watcher w : exact) {
                    if (w.wants(e)) {
                        out.computeIfAbsent(w, x -> new ArrayList<>()).add(e);
                    }
                }
            }
            for (Watcher w : ranges) {
                if (w.wants(e)) {
                    out.computeIfAbsent(w, x -> new ArrayList<>()).add(e);
                }
            }
        }
        return out;
    }
}
