package io.ketch.server.watch;

import io.ketch.proto.etcdserverpb.WatchResponse;
import io.ketch.proto.mvccpb.Event;
import java.util.ArrayList;
import java.util.List;

/** etcd's sendFragments: a response over the request size limit goes out in parts, all but the last marked fragment. */
final class Fragments {
    private Fragments() {
    }

    /** The parts to send: the response itself unless it is too large and has two events or more. */
    static List<WatchResponse> split(WatchResponse r, long maxBytes) {
        if (r.getSerializedSize() < maxBytes || r.getEventsCount() < 2) {
            return List.of(r);
        }
        List<WatchResponse> parts = new ArrayList<>();
        List<Event> events = r.getEventsList();
        WatchResponse.Builder empty = r.toBuilder().clearEvents().setFragment(true);
        int idx = 0;
        while (true) {
            WatchResponse.Builder cur = empty.clone();
            for (; idx < events.size(); idx++) {
                cur.addEvents(events.get(idx));
                if (cur.getEventsCount() > 1 && cur.build().getSerializedSize() >= maxBytes) {
                    cur.removeEvents(cur.getEventsCount() - 1);
                    break;
                }
            }
            if (idx == events.size()) {
                cur.setFragment(false);
            }
            parts.add(cur.build());
            if (!cur.getFragment()) {
                return parts;
            }
        }
    }
}
